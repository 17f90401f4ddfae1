// Loaded into the bench's bot processes (`--import`): counts their round trips to PostgreSQL inside
// the process, where the pg client writes them, so the measured run carries no proxy beside the bots
// on the machine's cores (pg-wire-count.ts, a process of its own, cost ~0.5 ms of CPU per ticket).
// It counts what that proxy counted on the wire: each simple Query message (`Connection#query`: one
// per BEGIN/COMMIT or unparameterised statement) and each Sync (`Connection#sync`: the end of a
// parameterised statement, or of a batch the client then waits on). Every pg client of the process
// shares the one Connection class, so no statement goes around it. On each SIGUSR2 the count so far is
// written to PG_ROUND_TRIPS_FILE as "<signals seen> <statements>"; the bench reads it back (load.ts).
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const file = process.env.PG_ROUND_TRIPS_FILE;
if (file) {
  // Resolved as the bot resolves `pg` (one node_modules), so this is the class its clients use.
  const Connection = createRequire(`${process.cwd()}/`)('pg/lib/connection.js');
  let statements = 0;
  const { query, sync } = Connection.prototype;
  Connection.prototype.query = function countedQuery(...args) {
    statements++;
    return query.apply(this, args);
  };
  Connection.prototype.sync = function countedSync(...args) {
    statements++;
    return sync.apply(this, args);
  };
  let asked = 0;
  const report = () => writeFileSync(file, `${asked} ${statements}\n`);
  report();
  process.on('SIGUSR2', () => {
    asked++;
    report();
  });
}
