import { ALICE, BOB, CAROL, messageText, startE2E, type E2E } from '../helpers/e2e';

/**
 * The leader's mirror of the team: on Alice's Home tab, one row per person she gave work to — their
 * ladder in words, what they hold for her, what she owes them and her record towards them, who is
 * ready for a step up or stuck, and outcomes waiting for her word. Only what passed between the two.
 */
describe('the leader’s mirror of the team', () => {
  let t: E2E;
  beforeAll(async () => {
    t = await startE2E(); // Wed 25 Nov 2026
    // Bob: three small pieces from Alice, two wins and a loss; Alice promised him a review
    await t.command(
      ALICE,
      '/delegate',
      `<@${BOB}> Draft the survey by Friday; I'll review your outline by Thursday`,
    ); // D-1, C-1
    await t.command(ALICE, '/delegate', `<@${BOB}> Tidy the wiki by Friday`); // D-2
    await t.command(ALICE, '/delegate', `<@${BOB}> Book the offsite by Friday`); // D-3
    await t.command(BOB, '/outcome', 'D-1 win Asking early helped');
    await t.command(BOB, '/outcome', 'D-2 win Small steps');
    await t.command(BOB, '/outcome', 'D-3 loss Booked too late; next time I ask for options first');
    await t.command(ALICE, '/delegate', `<@${BOB}> Run the retro by Monday`); // D-4, open
    // Carol: one win Alice has not acknowledged yet
    await t.command(ALICE, '/delegate', `<@${CAROL}> Share the budget by Friday`); // D-5
    await t.command(CAROL, '/outcome', 'D-5 win Got it early');
    // a promise between Carol and Bob: none of Alice's business
    await t.command(CAROL, '/commit', `<@${BOB}> Send Bob the private salary notes by Friday`); // C-2
    await t.settle();
  });
  afterAll(async () => {
    await t.stop();
  });

  const home = async (user: string) => {
    await t.slack.event({ type: 'app_home_opened', user, tab: 'home' });
    await t.settle();
    return t.standIn.waitFor((s) => s.homeView(user));
  };
  const sectionWith = (view: { blocks: unknown[] }, words: string) =>
    (view.blocks as { text?: { text: string }; accessory?: { action_id: string; value?: string } }[]).find(
      (b) => b.text?.text.includes(words),
    );

  it('shows each person once: the ladder in words, the work they hold, what Alice owes them and her record', async () => {
    const view = await home(ALICE);
    const text = messageText(view);
    expect(text).toContain('Your team');
    const bob = sectionWith(view, `<@${BOB}>* — 2 wins, 1 loss at small`)!;
    expect(bob.text!.text).toContain('last given: small, small, small');
    // by Monday: the end of Bob's working day in New York, which is after midnight in Alice's Berlin
    expect(bob.text!.text).toMatch(/Holds for you: \*D-4\* Run the retro · due Tue 1 Dec, 00:00/);
    expect(bob.text!.text).toMatch(/You owe them \*C-1\* “review your outline” · due Thu 26 Nov/);
    expect(bob.text!.text).toContain('no promise to them settled yet');
    expect(text).not.toContain('private salary notes'); // Carol’s promise to Bob is theirs
  });

  it('says who is ready for a step up, with one click to delegate something bigger', async () => {
    const view = await home(ALICE);
    const ready = sectionWith(view, 'Ready for a step up')!;
    expect(ready.text!.text).toMatch(
      /3 pieces closed at small, 2 of them wins\. <@U0BOB0001> has earned a medium piece/,
    );
    expect(ready.accessory?.action_id).toBe('open_delegate_modal');
    await t.slack.blockAction({
      userId: ALICE,
      view: 'home',
      actionId: 'open_delegate_modal',
      blockId: (ready as { block_id?: string }).block_id,
    });
    const form = await t.standIn.waitFor((s) => s.openModal(ALICE));
    const json = JSON.stringify(form);
    expect(json).toContain(`"initial_user":"${BOB}"`);
    const stakes = (
      form.blocks as { block_id?: string; element?: { initial_option?: { value: string } } }[]
    ).find((b) => b.block_id === 'stakes');
    expect(stakes?.element?.initial_option?.value).toBe('medium');
    t.standIn.closeView(ALICE, form.id as string);
  });

  it('offers the acknowledgement for an outcome still waiting for Alice’s word', async () => {
    const view = await home(ALICE);
    const waiting = sectionWith(view, 'D-5* Share the budget — closed as a win, waiting for your word')!;
    expect(waiting.accessory).toMatchObject({ action_id: 'outcome_acknowledge', value: '5' });
    await t.slack.blockAction({
      userId: ALICE,
      view: 'home',
      actionId: 'outcome_acknowledge',
      blockId: 'team_ack_5',
    });
    const form = await t.standIn.waitFor((s) => s.openModal(ALICE));
    expect(JSON.stringify(form)).toContain('Acknowledge D-5');
    t.standIn.closeView(ALICE, form.id as string);
  });

  it('after six weeks of only small work despite wins, Bob reads as stuck', async () => {
    t.clock.advanceTo(new Date('2027-01-08T10:00:00Z')); // six weeks and more after his first piece
    const view = await home(ALICE);
    expect(sectionWith(view, 'Stuck?')!.text!.text).toMatch(
      /<@U0BOB0001> has only had small work for 6 weeks — 3 pieces closed at small, 2 of them wins\. Consider a medium one\./,
    );
  });

  it('someone who has not delegated has no team section', async () => {
    expect(messageText(await home(CAROL))).not.toContain('Your team');
  });

  it('/ledger @bob shows Alice the same row, worded for her; Carol (who gave Bob nothing) sees totals only', async () => {
    const alice = await t.command(ALICE, '/ledger', `<@${BOB}>`);
    expect(alice.text).toContain(`Between you and <@${BOB}>`);
    expect(alice.text).toContain('2 wins, 1 loss at small');
    expect(alice.text).toContain('“review your outline”');
    expect(alice.text).not.toContain('private salary notes');
    const carol = await t.command(CAROL, '/ledger', `<@${BOB}>`);
    expect(carol.text).not.toContain('Between you');
    expect(carol.text).not.toContain('review your outline');
  });
});
