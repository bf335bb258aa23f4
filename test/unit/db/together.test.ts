import { together } from '../../../src/db/together';

/** A statement stand-in that records each batch it was given and answers when told to. */
function statement() {
  const batches: number[][] = [];
  const pending: (() => void)[] = [];
  const run = (items: number[]) =>
    new Promise<number[]>((resolve, reject) => {
      batches.push(items);
      pending.push(() =>
        items.includes(-1) ? reject(new Error('refused')) : resolve(items.map((i) => i * 10)),
      );
    });
  const answerNext = async () => {
    // let queued callers reach the batcher before the statement answers
    await Promise.resolve();
    pending.shift()!();
  };
  return { run, batches, answerNext };
}

describe('group commit (together)', () => {
  it('sends the first item at once, alone, and what arrives meanwhile in one statement next', async () => {
    const s = statement();
    const one = together(s.run);
    const first = one(1);
    const rest = [one(2), one(3), one(4)];
    expect(s.batches).toEqual([[1]]);
    await s.answerNext();
    expect(await first).toBe(10);
    await new Promise(setImmediate);
    expect(s.batches).toEqual([[1], [2, 3, 4]]);
    await s.answerNext();
    expect(await Promise.all(rest)).toEqual([20, 30, 40]);
  });

  it('fails only the callers of the batch that failed; the next batch is tried afresh', async () => {
    const s = statement();
    const one = together(s.run);
    const first = one(1);
    const bad = [one(-1), one(2)];
    const settledBad = Promise.allSettled(bad);
    await s.answerNext();
    await first;
    await new Promise(setImmediate);
    const after = one(5);
    await s.answerNext();
    expect((await settledBad).map((r) => r.status)).toEqual(['rejected', 'rejected']);
    await new Promise(setImmediate);
    await s.answerNext();
    expect(await after).toBe(50);
    expect(s.batches).toEqual([[1], [-1, 2], [5]]);
  });

  it('never sends more than its limit in one statement', async () => {
    const s = statement();
    const one = together(s.run, { max: 2 });
    const all = [1, 2, 3, 4, 5].map(one);
    for (let i = 0; i < 3; i++) {
      await s.answerNext();
      await new Promise(setImmediate);
    }
    expect(await Promise.all(all)).toEqual([10, 20, 30, 40, 50]);
    expect(s.batches).toEqual([[1], [2, 3], [4, 5]]);
  });
});
