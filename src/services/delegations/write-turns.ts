/**
 * Commands of one workspace in this process take the one-statement delegation write in turn, each at
 * the reference after the one this process wrote last (or the one it read, if higher). Concurrent
 * commands of a workspace all read the same next reference, and racing each other for it made most of
 * them lose, read again and try again: at five commands of a workspace in flight on PGlite, whose one
 * engine runs every statement in turn, 2.2 writes and 1.6 extra reads per command, and 4 in 10 fell
 * through to the transaction. Another process (a replica) can still take a reference first: the
 * write's compare-and-set stays the guard, and losing to it costs a read and a retry.
 *
 * One process serves many workspaces for months, so a workspace's turn is forgotten once it is idle
 * and more than `kept` workspaces have one: its next command then starts from the reference it read.
 */
interface Turn {
  /** the last write in the queue: the next one starts when it is done, whatever its outcome */
  tail: Promise<unknown>;
  /** the reference after the last one this process wrote (0 while none) */
  next: number;
  /** writes queued or running */
  waiting: number;
}

export class WriteTurns {
  private readonly turns = new Map<string, Turn>();

  constructor(private readonly kept = 1000) {}

  /**
   * Runs `write` after every earlier write of `teamId` in this process, from the reference it should
   * try first; `write` returns the reference it wrote (null when it wrote none).
   */
  take<T extends { ref: number } | null>(
    teamId: string,
    readRef: number,
    write: (ref: number) => Promise<T>,
  ): Promise<T> {
    let turn = this.turns.get(teamId);
    if (!turn) this.turns.set(teamId, (turn = { tail: Promise.resolve(), next: 0, waiting: 0 }));
    const mine = turn;
    mine.waiting++;
    const run = async () => {
      const written = await write(Math.max(readRef, mine.next));
      if (written) mine.next = Math.max(mine.next, written.ref + 1);
      return written;
    };
    const result = mine.tail.then(run, run);
    mine.tail = result
      .catch(() => undefined)
      .finally(() => {
        mine.waiting--;
        if (this.turns.size > this.kept) this.forgetIdle();
      });
    return result;
  }

  /** How many workspaces have a turn held (for tests). */
  get size(): number {
    return this.turns.size;
  }

  private forgetIdle(): void {
    for (const [teamId, turn] of this.turns) if (turn.waiting === 0) this.turns.delete(teamId);
  }
}
