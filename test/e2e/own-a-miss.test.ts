import { BOB, messageText, startE2E, type E2E } from '../helpers/e2e';

/**
 * A promise past its date cannot be moved any more — only owned. The reminder that comes after the
 * due time offers "Own it": a short form, the promise on the ledger as missed with what happened, and
 * the reminder updated in place so its buttons are gone.
 */
describe('owning a missed promise', () => {
  let t: E2E;
  beforeAll(async () => {
    t = await startE2E(); // Wed 25 Nov 2026, 10:00 UTC = 05:00 in New York
  });
  afterAll(async () => {
    await t.stop();
  });

  const at = async (iso: string) => {
    t.clock.advanceTo(new Date(iso));
    await t.app.tick();
    await t.settle();
  };
  const actionIds = (m: { blocks?: unknown[] } | undefined) =>
    JSON.stringify(m?.blocks ?? [])
      .match(/"action_id":"[a-z_]+"/g)
      ?.map((a) => a.slice(13, -1)) ?? [];
  const overdueNudge = () =>
    [...t.standIn.dmsTo(BOB)]
      .reverse()
      .find((m) => /C-1\* Send the board report — past its date/.test(messageText(m)));

  it('offers Own it, not Move, once the promise is past its date', async () => {
    await t.command(BOB, '/commit', 'Send the board report by Wednesday 11am'); // 16:00 UTC today
    await at('2026-11-26T14:00:00Z'); // Thu 09:00 in New York, inside the day of grace
    const nudge = overdueNudge();
    expect(nudge).toBeDefined();
    expect(actionIds(nudge)).toContain('commitment_own_miss');
    expect(actionIds(nudge)).not.toContain('commitment_move');
  });

  it('Own it asks what happened, records a miss with it, and settles the reminder', async () => {
    const nudge = overdueNudge()!;
    await t.slack.blockAction({
      userId: BOB,
      actionId: 'commitment_own_miss',
      value: '1',
      channelId: BOB,
      messageTs: nudge.ts,
    });
    const form = await t.standIn.waitFor((s) => s.openModal(BOB));
    expect(JSON.stringify(form)).toContain('passed its date');
    await t.slack.viewSubmission({
      userId: BOB,
      inputs: { note: 'The numbers came in late; I should have moved it on Tuesday.' },
    });
    await t.settle();
    const row = await t.db.query<{ status: string }>(`select status from commitments where ref = 1`);
    expect(row.rows[0]?.status).toBe('missed');
    const entry = await t.db.query<{ action: string; note: string | null }>(
      `select action, note from ledger_entries where subject = 'commitment' and subject_ref = 1 order by id desc limit 1`,
    );
    expect(entry.rows[0]).toEqual({
      action: 'owned_miss',
      note: 'The numbers came in late; I should have moved it on Tuesday.',
    });
    const reply = await t.standIn.waitFor((s) =>
      [...s.dmsTo(BOB)].reverse().find((m) => messageText(m).includes('Owning it counts')),
    );
    expect(actionIds(reply)).toEqual(['open_commit_modal']);
    const updated = t.standIn.dmsTo(BOB).find((m) => m.ts === nudge.ts);
    expect(messageText(updated)).toContain('All settled');
    expect(actionIds(updated)).toEqual([]); // nothing left to press, not even Snooze
  });
});
