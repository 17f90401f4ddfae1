// A CPU profile of a bench's bot process (NODE_OPTIONS refuses --cpu-prof, so the inspector takes it):
//   BOT_NODE_OPTIONS="--import $PWD/bench/cpu-profile-hook.mjs" npm run bench -- --realistic --scale 0.3
// The profile starts at the bench's SIGUSR2 (its first send; when none comes within 2 minutes, from then on)
// and is written on SIGTERM (the bench's stop) to memdesk-bot-<pid>.cpuprofile in the bot's os.tmpdir() (/tmp
// unless the bench passes TMPDIR: it hands the bot only its own environment), for Chrome DevTools or a script
// that sums self time by package. Samples are wall-clock: on a busy machine, compare shares, not milliseconds.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const session = new Session();
session.connect();
let started = false;
const start = () => {
  if (started) return;
  started = true;
  session.post('Profiler.enable', () => session.post('Profiler.setSamplingInterval', { interval: 500 }, () => session.post('Profiler.start')));
};
process.on('SIGUSR2', start);
setTimeout(start, 120_000).unref();
let written = false;
const write = () => {
  if (written || !started) return;
  written = true;
  // The same-thread session answers synchronously, so the file is written before the bot's own handler runs.
  session.post('Profiler.stop', (err, { profile } = {}) => {
    if (!err && profile) writeFileSync(join(tmpdir(), `memdesk-bot-${process.pid}.cpuprofile`), JSON.stringify(profile));
  });
};
for (const signal of ['SIGTERM', 'SIGINT']) process.prependListener(signal, write);
