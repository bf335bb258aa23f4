/**
 * The minute tick reads only the rituals whose stored next occurrence has come (migration 0023), and
 * every change to a ritual keeps that instant right in its own statement: rescheduling to an earlier
 * time, pausing, resuming. Days off only skip an occurrence; the ritual moves on to the next one.
 */
import { advanceRituals, claimOccurrence, dueRituals } from '../../src/db/rituals';
import { ALICE, GENERAL, messageText, startE2E, type E2E } from '../helpers/e2e';

async function at(t: E2E, iso: string): Promise<void> {
  t.clock.advanceTo(new Date(iso));
  await t.app.tick();
  await t.settle();
}
const retros = (t: E2E) => t.standIn.messagesIn(GENERAL).filter((m) => messageText(m).includes('Retro time'));
/** What a tick at this moment would read (the real query the tick runs). */
const readByTick = async (t: E2E) => (await dueRituals(t.db, t.clock.now(), null, 1000)).length;
const nextAt = async (t: E2E) =>
  (await t.db.query<{ next_at: Date | null }>(`select next_at from rituals where kind = 'retro'`)).rows[0]!
    .next_at;

describe('a tick reads a ritual only when its next occurrence has come', () => {
  let t: E2E;
  beforeAll(async () => {
    t = await startE2E(); // Wed 25 Nov 2026, 10:00 UTC; Alice is in Berlin
  });
  afterAll(async () => {
    await t.stop();
  });

  it('reads a new ritual once to plan it, then not again until its occurrence', async () => {
    await t.command(ALICE, '/ritual', 'retro every Friday 16:00');
    expect(await readByTick(t)).toBe(1);
    await at(t, '2026-11-25T10:01:00Z');
    expect(await nextAt(t)).toEqual(new Date('2026-11-27T15:00:00Z')); // Fri 16:00 Berlin
    expect(await readByTick(t)).toBe(0);
    await at(t, '2026-11-27T14:59:00Z');
    expect(await readByTick(t)).toBe(0);
    expect(retros(t)).toHaveLength(0);
    await at(t, '2026-11-27T15:00:00Z');
    expect(retros(t)).toHaveLength(1);
    // posted and moved on in the same statement as the claim
    expect(await nextAt(t)).toEqual(new Date('2026-12-04T15:00:00Z'));
    expect(await readByTick(t)).toBe(0);
  });

  it('moved to an earlier time, it posts at the new time, and not again at the old one', async () => {
    await at(t, '2026-12-02T10:00:00Z');
    await t.command(ALICE, '/ritual', 'retro every Friday 10:00');
    expect(await readByTick(t)).toBe(1); // the reschedule asked for a re-plan
    await at(t, '2026-12-04T08:59:00Z');
    expect(retros(t)).toHaveLength(1);
    await at(t, '2026-12-04T09:00:00Z'); // Fri 10:00 Berlin
    expect(retros(t)).toHaveLength(2);
    await at(t, '2026-12-04T15:00:00Z'); // the old time
    expect(retros(t)).toHaveLength(2);
  });

  it('paused, it is never read nor posted; resumed, it posts at its next occurrence', async () => {
    expect((await t.command(ALICE, '/ritual', 'pause retro')).text).toMatch(/Paused/);
    expect(await nextAt(t)).toBeNull();
    t.clock.advanceTo(new Date('2026-12-11T09:00:00Z')); // Fri 10:00 Berlin, an occurrence
    expect(await readByTick(t)).toBe(0);
    await at(t, '2026-12-11T09:00:00Z');
    expect(retros(t)).toHaveLength(2);
    t.clock.advanceTo(new Date('2026-12-11T09:10:00Z'));
    expect((await t.command(ALICE, '/ritual', 'resume retro')).text).toMatch(/back on/);
    await at(t, '2026-12-11T09:30:00Z'); // today's occurrence came while it was paused: not posted late
    expect(retros(t)).toHaveLength(2);
    expect(await nextAt(t)).toEqual(new Date('2026-12-18T09:00:00Z'));
    await at(t, '2026-12-18T09:00:00Z');
    expect(retros(t)).toHaveLength(3);
  });

  it('on a day off the occurrence is skipped, and the ritual moves on to the next one', async () => {
    await t.command(ALICE, '/ritual', 'holidays add 2026-12-25 "Winter break"');
    expect(await readByTick(t)).toBe(0); // a day off does not move the plan
    await at(t, '2026-12-25T09:00:00Z');
    expect(retros(t)).toHaveLength(3);
    expect(await nextAt(t)).toEqual(new Date('2027-01-01T09:00:00Z'));
    expect(await readByTick(t)).toBe(0);
  });
});

describe('a change committed between a tick’s read and its write wins', () => {
  let t: E2E;
  beforeAll(async () => {
    t = await startE2E();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('a reschedule keeps its re-plan, and the stale claim does not post', async () => {
    await t.command(ALICE, '/ritual', 'retro every Friday 16:00');
    await at(t, '2026-11-27T15:00:00Z');
    expect(retros(t)).toHaveLength(1);
    t.clock.advanceTo(new Date('2026-12-04T15:00:00Z'));
    const [read] = await dueRituals(t.db, t.clock.now(), null, 10);
    // Alice moves it to 17:00 while the tick is deciding; the tick still holds what it read
    await t.command(ALICE, '/ritual', 'retro every Friday 17:00');
    const replanned = await nextAt(t);
    // the re-plan writes back the very instant the tick read: only the schedule tells them apart
    expect(replanned).toEqual(new Date(read!.read.nextAt));
    await advanceRituals(t.db, [{ read: read!.read, to: new Date('2026-12-11T15:00:00Z') }]);
    expect(
      await claimOccurrence(
        t.db,
        read!.read,
        '2026-12-04T16:00',
        t.clock.now(),
        new Date('2026-12-11T15:00:00Z'),
      ),
    ).toBe(false);
    expect(await nextAt(t)).toEqual(replanned);
    await at(t, '2026-12-04T15:01:00Z');
    expect(retros(t)).toHaveLength(1); // 16:00 is gone with the old schedule
    await at(t, '2026-12-04T16:00:00Z'); // 17:00 Berlin
    expect(retros(t)).toHaveLength(2);
  });
});

describe('across the night the clocks change, a weekly ritual keeps its local time', () => {
  let t: E2E;
  beforeAll(async () => {
    t = await startE2E({ start: new Date('2027-03-22T10:00:00Z') }); // Mon 22 March 2027
  });
  afterAll(async () => {
    await t.stop();
  });

  it('posts at 16:00 Berlin before and after summer time starts (28 March) and ends (31 October)', async () => {
    await t.command(ALICE, '/ritual', 'retro every Friday 16:00');
    await at(t, '2027-03-26T15:00:00Z'); // 16:00 CET (UTC+1)
    expect(retros(t)).toHaveLength(1);
    expect(await nextAt(t)).toEqual(new Date('2027-04-02T14:00:00Z')); // 16:00 CEST (UTC+2)
    await at(t, '2027-04-02T13:59:00Z');
    expect(retros(t)).toHaveLength(1);
    await at(t, '2027-04-02T14:00:00Z');
    expect(retros(t)).toHaveLength(2);
    // months without the app (no tick at all): the next tick finds nothing recent to catch up
    await at(t, '2027-10-29T13:00:00Z');
    expect(retros(t)).toHaveLength(2);
    expect(await nextAt(t)).toEqual(new Date('2027-10-29T14:00:00Z'));
    await at(t, '2027-10-29T14:00:00Z'); // still summer time
    expect(retros(t)).toHaveLength(3);
    expect(await nextAt(t)).toEqual(new Date('2027-11-05T15:00:00Z')); // winter time again
    await at(t, '2027-11-05T14:00:00Z');
    expect(retros(t)).toHaveLength(3);
    await at(t, '2027-11-05T15:00:00Z');
    expect(retros(t)).toHaveLength(4);
  });
});
