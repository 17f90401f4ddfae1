// Loaded into the bench's bot process (`--import`): measures how late its event loop runs a ready
// callback (perf_hooks.monitorEventLoopDelay), from the bench's SIGUSR2 (the first send) to the exit,
// and writes the quantiles and each second's worst delay to EVENT_LOOP_DELAY_FILE. An ack waits at
// least this long: a delivery's request is read only when the loop gets to it.
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const file = process.env.EVENT_LOOP_DELAY_FILE;
if (file) {
  const whole = monitorEventLoopDelay({ resolution: 5 });
  const second = monitorEventLoopDelay({ resolution: 5 });
  const perSecond = [];
  let ticker;
  process.on('SIGUSR2', () => {
    whole.reset();
    whole.enable();
    second.enable();
    ticker ??= setInterval(() => {
      perSecond.push(Math.round(second.max / 1e6));
      second.reset();
    }, 1000);
    ticker.unref();
  });
  process.on('exit', () => {
    const ms = (ns) => Math.round(ns / 1e5) / 10;
    writeFileSync(file, JSON.stringify({ p50: ms(whole.percentile(50)), p99: ms(whole.percentile(99)), max: ms(whole.max), max_per_second: perSecond }));
  });
}
