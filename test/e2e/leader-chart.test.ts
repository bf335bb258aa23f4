import { ALICE, BOB, startE2E, type E2E } from '../helpers/e2e';

type Block = { type: string; slack_file?: { id: string }; alt_text?: string; text?: { text: string } };

/**
 * The Home tab's 8 weeks in a picture: drawn off the request path, uploaded with the workspace's own
 * token, shown by its Slack file id beside the numbers, with alt text that says them — and drawn again
 * only when the numbers change or on a new day, never on every Home open.
 */
describe('the Home chart', () => {
  let t: E2E;
  beforeAll(async () => {
    t = await startE2E(); // Wed 25 Nov 2026
    await t.command(ALICE, '/delegate', `<@${BOB}> Draft the survey by Friday`); // D-1
    await t.command(BOB, '/outcome', 'D-1 win Asking early helped');
    await t.settle();
  });
  afterAll(async () => {
    await t.stop();
  });

  const charts = () => t.standIn.files().filter((f) => f.name.startsWith('trustloop-chart-'));
  const image = (blocks: unknown[]) => (blocks as Block[]).find((b) => b.type === 'image');
  /** Opens Alice's Home and waits until it shows a picture of the numbers it has now. */
  const openHome = async (expectCharts: number) => {
    const publishes = t.standIn.callsTo('views.publish').length;
    await t.slack.event({ type: 'app_home_opened', user: ALICE, tab: 'home' });
    await t.settle();
    await t.standIn.waitFor(() => (charts().length === expectCharts ? true : undefined));
    await t.settle();
    const view = await t.standIn.waitFor((s) => {
      const v = s.homeView(ALICE);
      return v && image(v.blocks) ? v : undefined;
    });
    return { view, publishes: t.standIn.callsTo('views.publish').slice(publishes) };
  };

  it('publishes the text at once, then again with the uploaded picture, whose alt text says the numbers', async () => {
    const { view, publishes } = await openHome(1);
    // the first publish after the open did not wait for the picture
    expect(image((publishes[0]!.args.view as { blocks: unknown[] }).blocks)).toBeUndefined();
    const img = image(view.blocks)!;
    const file = charts()[0]!;
    expect(img.slack_file).toEqual({ id: file.id });
    expect(file.mimetype).toBe('image/png');
    expect(file.completed).toBe(true);
    expect(file.bytes!.subarray(1, 4).toString()).toBe('PNG');
    expect(img.alt_text).toContain('Your team’s outcomes: 1 wins, 0 losses');
    expect(img.alt_text).toContain('0 kept on time');
    // the numbers stay written beside it
    expect((view.blocks as Block[]).some((b) => b.text?.text.includes('say/do'))).toBe(true);
  });

  it('uploads with the workspace’s own token', () => {
    const uploads = t.standIn.callsTo('files.getUploadURLExternal');
    const complete = t.standIn.callsTo('files.completeUploadExternal');
    const team = t.standIn.callsTo('views.publish')[0]!.teamId;
    expect(team).toBeDefined();
    expect(uploads.length).toBeGreaterThan(0);
    for (const c of [...uploads, ...complete]) {
      expect(c.token).toBe('xoxb-e2e-test');
      expect(c.teamId).toBe(team);
    }
  });

  it('opened again the same day with the same numbers: the same picture, no new upload', async () => {
    const before = charts()[0]!.id;
    const { view } = await openHome(1);
    expect(charts()).toHaveLength(1);
    expect(image(view.blocks)!.slack_file).toEqual({ id: before });
  });

  it('the numbers change: a new picture, showing them', async () => {
    await t.command(ALICE, '/delegate', `<@${BOB}> Tidy the wiki by Friday`); // D-2
    await t.command(BOB, '/outcome', 'D-2 loss Started too late; next time I ask for help sooner');
    await t.settle();
    const { view } = await openHome(2);
    const img = image(view.blocks)!;
    expect(img.slack_file).toEqual({ id: charts()[1]!.id });
    expect(img.alt_text).toContain('1 wins, 1 losses');
  });

  it('the next day: drawn again once, then kept for the day', async () => {
    t.clock.advance(24 * 60 * 60 * 1000);
    const { view } = await openHome(3);
    expect(image(view.blocks)!.slack_file).toEqual({ id: charts()[2]!.id });
    await openHome(3);
    expect(charts()).toHaveLength(3);
  });
});
