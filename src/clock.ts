/**
 * The one clock. All business time (due dates, reminders, rituals) comes from here and is passed to SQL
 * as a parameter, so tests and the sandbox can move time without anything sleeping.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that runs with real time but can be moved forward (the sandbox's "fast-forward a day") or
 * frozen at an instant (tests). Moving it never goes backwards: business time is monotonic.
 */
export class AdjustableClock implements Clock {
  private offsetMs = 0;
  private frozenAt: number | null;

  constructor(start?: Date, private readonly realNow: () => number = Date.now) {
    this.frozenAt = start ? start.getTime() : null;
  }

  now(): Date {
    return new Date(this.frozenAt ?? this.realNow() + this.offsetMs);
  }

  /** Moves business time forward by `ms` (negative values are ignored). */
  advance(ms: number): Date {
    if (ms > 0) {
      if (this.frozenAt !== null) this.frozenAt += ms;
      else this.offsetMs += ms;
    }
    return this.now();
  }

  /** Sets business time to `at` if that is later than now. */
  advanceTo(at: Date): Date {
    return this.advance(at.getTime() - this.now().getTime());
  }

  /** Stored offset, so the sandbox can keep its moved time across restarts. */
  get offset(): number {
    return this.frozenAt === null ? this.offsetMs : this.frozenAt - this.realNow();
  }
}
