/**
 * Group commit, for any statement that can take many items at once: the first item goes at once, alone;
 * whatever arrives while that statement runs goes next, together, in one statement. Nothing waits on a
 * timer, so a quiet moment costs no latency, and under load one round trip (and one commit) serves many
 * callers — the statement count falls as concurrency rises. This is the batching that dataloader does
 * per event-loop tick, but keyed on the statement in flight, which is what spreads the cost of a
 * round trip; it is a few lines, so it is written here rather than added as a dependency.
 *
 * `run` gets the items in arrival order and answers with one result per item, in the same order. If it
 * throws, every caller of that batch gets the error; the next batch is tried afresh.
 */
export function together<I, O>(
  run: (items: I[]) => Promise<readonly O[]>,
  opts: { max?: number } = {},
): (item: I) => Promise<O> {
  const max = opts.max ?? 500;
  let queued: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  let running = false;

  async function drain(): Promise<void> {
    running = true;
    while (queued.length > 0) {
      const batch = queued.slice(0, max);
      queued = queued.slice(batch.length);
      try {
        const out = await run(batch.map((b) => b.item));
        if (out.length !== batch.length)
          throw new Error(`a batch of ${batch.length} got ${out.length} results`);
        batch.forEach((b, i) => b.resolve(out[i]));
      } catch (err) {
        for (const b of batch) b.reject(err);
      }
    }
    running = false;
  }

  return (item) =>
    new Promise<O>((resolve, reject) => {
      queued.push({ item, resolve, reject });
      if (!running) void drain();
    });
}
