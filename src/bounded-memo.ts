// A pure function's results kept by argument, for texts and words a busy process sees again and again
// (stems, query and memory analyses, a memory's issue type). Bounded: when full it starts afresh, which
// costs one recomputation per entry and never lets a long-running bot grow without limit.

export function boundedMemo<T>(compute: (key: string) => T, max: number): (key: string) => T {
  const known = new Map<string, T>();
  return (key) => {
    let value = known.get(key);
    if (value === undefined) {
      value = compute(key);
      if (known.size >= max) known.clear();
      known.set(key, value);
    }
    return value;
  };
}
