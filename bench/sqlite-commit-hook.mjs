// How often a bot commits its SQLite records and how long each COMMIT holds the main thread (its
// fsync, with synchronous=FULL): commits per ticket is what the group commit's batching saves, and
// the time is main-thread time no CPU profile shows. Loaded into the bot processes with
//   BOT_NODE_OPTIONS="--import $PWD/bench/sqlite-commit-hook.mjs" npx tsx bench/load.ts sqlite 1 600 32
// each bot writes {"<db file>": {"commits": n, "ms": total}} to $TMPDIR/memdesk-commits-<pid>.json
// when it stops; divide by every ticket it handled (the warm-up ones too: min(100, tickets / 10)).
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

const Database = createRequire(join(process.cwd(), 'package.json'))('better-sqlite3');
const exec = Database.prototype.exec;
const stats = {};
Database.prototype.exec = function (sql) {
  if (sql !== 'COMMIT') return exec.call(this, sql);
  const started = process.hrtime.bigint();
  try {
    return exec.call(this, sql);
  } finally {
    const file = (stats[basename(this.name)] ??= { commits: 0, ms: 0 });
    file.commits++;
    file.ms += Number(process.hrtime.bigint() - started) / 1e6;
  }
};
const write = () => writeFileSync(join(tmpdir(), `memdesk-commits-${process.pid}.json`), JSON.stringify(stats));
process.on('exit', write);
for (const signal of ['SIGTERM', 'SIGINT']) process.prependListener(signal, write);
