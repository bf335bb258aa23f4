import http from 'node:http';
import { ALICE, BOB, CAROL, GENERAL, messageText, startE2E, type E2E } from '../helpers/e2e';

/** Only the right people change things — and nobody sees a form they may not submit. */
describe('only the right people change things', () => {
  let t: E2E;
  beforeAll(async () => {
    t = await startE2E();
  });
  afterAll(async () => {
    await t.stop();
  });

  const notices = () =>
    t.standIn
      .messagesIn(GENERAL)
      .filter((m) => /this channel’s retro|retro prompt for this channel/.test(messageText(m)));

  it('a ritual is changed only by the person who set it up or an admin; anyone else is told who can', async () => {
    await t.command(CAROL, '/ritual', 'retro every Friday 16:00'); // Carol is not an admin
    await t.settle();
    expect(notices()).toHaveLength(1); // the channel is told it was set up
    const refused = await t.command(BOB, '/ritual', 'pause retro');
    expect(refused.text).toMatch(
      new RegExp(
        `Only <@${CAROL}>, who set up the retro in <#${GENERAL}>, or a workspace admin can change it`,
      ),
    );
    expect((await t.command(BOB, '/ritual', 'off retro')).text).toMatch(/or a workspace admin/);
    expect((await t.command(BOB, '/ritual', 'retro every Monday 9:00')).text).toMatch(/or a workspace admin/);
    const { rows } = await t.db.query<{ enabled: boolean; schedule: { days: number[] } }>(
      `select enabled, schedule from rituals`,
    );
    expect(rows).toEqual([{ enabled: true, schedule: expect.objectContaining({ days: [5] }) }]);
    await t.settle();
    expect(notices()).toHaveLength(1);
  });

  it('a workspace admin may change it, and the channel is told', async () => {
    expect((await t.command(ALICE, '/ritual', 'pause retro')).text).toMatch(/Paused/); // Alice is an admin
    await t.settle();
    expect(messageText(notices().at(-1))).toMatch(new RegExp(`<@${ALICE}> paused this channel’s retro`));
    expect((await t.command(CAROL, '/ritual', 'resume retro')).text).toMatch(/back on/); // and the owner still may
    await t.settle();
    expect(messageText(notices().at(-1))).toMatch(/brought this channel’s retro back/);
  });

  it('"Ask for a change" opens its form only for the assignee', async () => {
    await t.command(ALICE, '/delegate', `<@${BOB}> Draft the onboarding checklist by Friday`);
    const dm = await t.standIn.waitFor((s) =>
      s.dmsTo(BOB).find((m) => messageText(m).includes('onboarding checklist')),
    );
    const reply = await t.click(CAROL, 'delegation_request_change', { channel: BOB, ts: dm.ts });
    expect(reply).toMatch(new RegExp(`Only <@${BOB}> can ask to change \\*D-1\\*`));
    expect(t.standIn.openModal(CAROL)).toBeUndefined();
    await t.slack.blockAction({
      userId: BOB,
      actionId: 'delegation_request_change',
      channelId: BOB,
      messageTs: dm.ts,
    });
    await t.standIn.waitFor((s) => s.openModal(BOB));
  });

  it('"Add a safety net" opens its form only for the leader, even from a forged click', async () => {
    await t.command(ALICE, '/delegate', `<@${CAROL}> Run the vendor review by Friday stakes medium`);
    await t.standIn.waitFor((s) => s.dmsTo(CAROL).find((m) => messageText(m).includes('vendor review')));
    const opened = t.standIn.callsTo('views.open').length;
    // Slack would never show Bob the leader's ephemeral note: a hand-made payload stands in for it
    const payload = {
      type: 'block_actions',
      team: { id: t.standIn.teamId },
      user: { id: BOB, team_id: t.standIn.teamId },
      trigger_id: t.standIn.newTriggerId(BOB),
      channel: { id: GENERAL },
      container: { type: 'message', channel_id: GENERAL, message_ts: '1.000', is_ephemeral: true },
      actions: [
        { type: 'button', action_id: 'delegation_add_buffer', block_id: 'b', value: '2', action_ts: '1.1' },
      ],
    };
    const r = await t.slack.raw(
      `payload=${encodeURIComponent(JSON.stringify(payload))}`,
      'application/x-www-form-urlencoded',
    );
    expect(r.status).toBe(200);
    await t.settle();
    expect(t.standIn.callsTo('views.open')).toHaveLength(opened);
  });

  it('a response_url carried in a form is posted to only if it is Slack’s: otherwise the confirmation comes by DM', async () => {
    const hits: string[] = [];
    const evil = http.createServer((req, res) => {
      hits.push(req.url ?? '');
      res.end('ok');
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    const evilUrl = `http://127.0.0.1:${(evil.address() as { port: number }).port}/steal`;
    try {
      // The form's metadata round-trips through the client: a crafted one names another host.
      const payload = {
        type: 'view_submission',
        team: { id: t.standIn.teamId },
        user: { id: ALICE, team_id: t.standIn.teamId },
        view: {
          id: 'V0FORGED1',
          type: 'modal',
          callback_id: 'delegate_modal',
          private_metadata: JSON.stringify({ channelId: GENERAL, responseUrl: evilUrl }),
          state: {
            values: {
              person: { person: { type: 'users_select', selected_user: BOB } },
              task: { task: { type: 'plain_text_input', value: 'Tidy the wiki' } },
              due: { due: { type: 'datepicker', selected_date: '2026-12-04' } },
            },
          },
        },
      };
      const before = t.standIn.dmsTo(ALICE).length;
      const r = await t.slack.raw(
        `payload=${encodeURIComponent(JSON.stringify(payload))}`,
        'application/x-www-form-urlencoded',
      );
      expect(r.status).toBe(200);
      await t.standIn.waitFor((s) => s.dmsTo(ALICE).length > before || undefined);
      expect(messageText(t.standIn.dmsTo(ALICE).at(-1))).toContain('Tidy the wiki');
      expect(hits).toEqual([]);
    } finally {
      evil.close();
    }
  });
});
