// Memory write-backs never get lost: each is recorded in the outbox (beside the tickets) before
// the memory store is called, and replayed with backoff until the store confirms it, across restarts.
import type { Logger } from 'pino';
import type { MemoryStore, OperationLog, Writeback, WritebackRequest, WritebackStore } from '../core/ports.js';
import type { Clock } from '../clock.js';
import { newId } from '../ids.js';
import { backoffMs } from '../retry.js';

const RETRY = { baseMs: 2_000, maxMs: 10 * 60_000 };

type WriteResult = { status: 'done'; outbox_id: string; memory_id: string | null } | { status: 'pending'; outbox_id: string; error: string };

export interface WritebackOutbox {
  /** Records the write, then tries it once now; a failure leaves it pending for `drain`. */
  write(x: WritebackRequest): Promise<WriteResult>;
  /**
   * Records the write and starts the attempt without waiting for the memory store: once this
   * resolves the write is durable in the outbox (it will be made, now or by `drain`), and
   * `written` settles when this attempt ends, as `write` would have.
   */
  start(x: WritebackRequest): Promise<{ outbox_id: string; written: Promise<WriteResult> }>;
  drain(): Promise<{ written: number; pending: number }>;
}

export function createWritebackOutbox(deps: {
  writebacks: WritebackStore;
  operationLog: OperationLog;
  memory: MemoryStore;
  clock: Clock;
  logger: Logger;
}): WritebackOutbox {
  const { writebacks, operationLog, memory, clock, logger } = deps;

  let draining: Promise<{ written: number; pending: number }> | undefined;

  /** `firstAttempt`: the write was recorded just now, so no earlier attempt of it can have reached the store. */
  async function attempt(w: Writeback, firstAttempt = false): Promise<{ ok: true; memoryId: string | null } | { ok: false; error: string }> {
    try {
      // The outbox id travels as metadata so a replay after a crash can be recognised as the same write.
      const [stored] = await memory.add(w.scope, w.text, { infer: w.infer, metadata: { ...w.metadata, outbox_id: w.outbox_id }, firstAttempt });
      const memoryId = stored?.id ?? null;
      // Both at once (on PostgreSQL one shared statement, not two in a row): the memory is written
      // either way; if the outbox cannot record that, the write is deferred and replayed as after
      // a crash (recognised by the outbox id in its metadata).
      await Promise.all([
        writebacks.complete(w.outbox_id, memoryId),
        operationLog.append({ trace_id: w.trace_id, ticket_id: w.ticket_id, kind: 'memory_written', detail: { outbox_id: w.outbox_id, memory_id: memoryId, attempts: w.attempts + 1 } }),
      ]);
      return { ok: true, memoryId };
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      const wait = backoffMs(w.attempts + 1, RETRY) ?? RETRY.maxMs;
      await writebacks.defer(w.outbox_id, error, new Date(clock.now().getTime() + wait).toISOString());
      await operationLog.append({ trace_id: w.trace_id, ticket_id: w.ticket_id, kind: 'memory_write_deferred', detail: { outbox_id: w.outbox_id, error, retry_in_ms: wait } });
      logger.warn({ trace_id: w.trace_id, outbox_id: w.outbox_id, err: error }, 'memory write-back deferred');
      return { ok: false, error };
    }
  }

  async function start(x: WritebackRequest): Promise<{ outbox_id: string; written: Promise<WriteResult> }> {
    const now = clock.now().toISOString();
    const item: Writeback = {
      outbox_id: x.outboxId ?? newId('wb', clock.now()),
      ticket_id: x.ticketId,
      trace_id: x.traceId,
      scope: x.scope,
      text: x.text,
      metadata: x.metadata,
      infer: x.infer,
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      last_error: null,
      memory_id: null,
      created_at: now,
    };
    // Recording it tells whether it was recorded before, in the same round trip (no read first).
    const fresh = await writebacks.enqueue(item);
    const recorded = fresh ? item : await writebacks.get(item.outbox_id);
    // The same write-back asked for again (a re-run turn) is recorded once, and done once.
    if (!recorded) throw new Error(`write-back ${item.outbox_id} was recorded but cannot be read`);
    if (recorded.status === 'done') {
      return { outbox_id: recorded.outbox_id, written: Promise.resolve({ status: 'done', outbox_id: recorded.outbox_id, memory_id: recorded.memory_id }) };
    }
    const written = attempt(recorded, fresh).then((r): WriteResult =>
      r.ok ? { status: 'done', outbox_id: recorded.outbox_id, memory_id: r.memoryId } : { status: 'pending', outbox_id: recorded.outbox_id, error: r.error },
    );
    return { outbox_id: recorded.outbox_id, written };
  }

  return {
    async write(x) {
      return (await start(x)).written;
    },
    start,
    drain() {
      // One replay at a time: two overlapping replays would send the same write twice.
      draining ??= (async () => {
        let written = 0;
        for (const w of await writebacks.pending(clock.now().toISOString())) {
          if ((await attempt(w)).ok) written++;
        }
        return { written, pending: (await writebacks.pending()).length };
      })().finally(() => {
        draining = undefined;
      });
      return draining;
    },
  };
}
