// Two lanes in front of a model that answers one call at a time (the sentence model's thread): calls
// someone waits for (a search's query, a reader's second opinion, a write) are sent at once, while
// background calls (the store embedding stored memories) are held here and sent one at a time, only
// when the model has nothing else to do. So a query asked while the background catches up waits for
// the one background call in the model, not behind a queue of them. Event-driven: no polling.

interface Held {
  call: () => Promise<Float32Array[]>;
  resolve: (vectors: Float32Array[]) => void;
  reject: (err: unknown) => void;
}

export interface ModelLanes {
  /** Calls in the model or held for it: how busy it is. */
  calls(): number;
  /** Runs `call` now, or (background) once nothing else is in the model and no earlier background call is waiting. */
  run(call: () => Promise<Float32Array[]>, background: boolean): Promise<Float32Array[]>;
}

export function modelLanes(): ModelLanes {
  const held: Held[] = [];
  let inModel = 0;
  const send = (job: Held) => {
    inModel++;
    // Called now, not on a later microtask: a search sends its query to the model's thread before it
    // ranks by words, so the two run at the same time. A call that throws instead of rejecting still
    // frees the lane.
    let answer: Promise<Float32Array[]>;
    try {
      answer = job.call();
    } catch (err) {
      answer = Promise.reject(err);
    }
    answer
      .then(job.resolve, job.reject)
      .finally(() => {
        inModel--;
        const next = inModel === 0 ? held.shift() : undefined;
        if (next) send(next);
      });
  };
  return {
    calls: () => inModel + held.length,
    run(call, background) {
      return new Promise((resolve, reject) => {
        const job = { call, resolve, reject };
        if (!background) send(job);
        else if (inModel === 0 && held.length === 0) send(job);
        else held.push(job);
      });
    },
  };
}
