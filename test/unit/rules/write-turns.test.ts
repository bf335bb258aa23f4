import { WriteTurns } from '../../../src/services/delegations/write-turns';

/** A write that can be finished from the test, and the reference it was asked to try. */
function pendingWrite() {
  let finish!: (ref: number | null) => void;
  const tried: number[] = [];
  const write = (ref: number) => {
    tried.push(ref);
    return new Promise<{ ref: number } | null>((resolve) => {
      finish = (r) => resolve(r === null ? null : { ref: r });
    });
  };
  return { write, tried, finish: (r: number | null) => finish(r) };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the turns a workspace’s delegation writes take in one process', () => {
  it('runs one workspace’s writes one after another, each from the reference after the last one written', async () => {
    const turns = new WriteTurns();
    const a = pendingWrite();
    const b = pendingWrite();
    const first = turns.take('T1', 7, a.write);
    // both commands read 7 as the next reference
    const second = turns.take('T1', 7, b.write);
    await settle();
    expect(a.tried).toEqual([7]);
    expect(b.tried).toEqual([]);
    a.finish(7);
    await expect(first).resolves.toEqual({ ref: 7 });
    await settle();
    expect(b.tried).toEqual([8]);
    b.finish(8);
    await expect(second).resolves.toEqual({ ref: 8 });
  });

  it('lets another workspace write meanwhile, and a failed write hands on its turn', async () => {
    const turns = new WriteTurns();
    const failing = turns.take('T1', 3, () => Promise.reject(new Error('connection lost')));
    const other = pendingWrite();
    const elsewhere = turns.take('T2', 1, other.write);
    const after = turns.take('T1', 3, async (ref) => ({ ref }));
    await settle();
    expect(other.tried).toEqual([1]);
    await expect(failing).rejects.toThrow('connection lost');
    await expect(after).resolves.toEqual({ ref: 3 });
    other.finish(1);
    await expect(elsewhere).resolves.toEqual({ ref: 1 });
  });

  it('takes a higher reference it read over the one after its own last write (another process wrote)', async () => {
    const turns = new WriteTurns();
    await turns.take('T1', 4, async (ref) => ({ ref }));
    const tried: number[] = [];
    await turns.take('T1', 9, async (ref) => (tried.push(ref), { ref }));
    expect(tried).toEqual([9]);
  });

  it('forgets idle workspaces once more than its bound hold a turn, and keeps busy ones', async () => {
    const turns = new WriteTurns(2);
    const busy = pendingWrite();
    const held = turns.take('T-busy', 1, busy.write);
    for (const team of ['T1', 'T2', 'T3']) await turns.take(team, 1, async (ref) => ({ ref }));
    await settle();
    expect(turns.size).toBeLessThanOrEqual(2);
    // the busy workspace still has its turn: its next write waits for the one in flight
    const next = pendingWrite();
    const queued = turns.take('T-busy', 1, next.write);
    await settle();
    expect(next.tried).toEqual([]);
    busy.finish(1);
    await held;
    await settle();
    expect(next.tried).toEqual([2]);
    next.finish(2);
    await queued;
  });
});
