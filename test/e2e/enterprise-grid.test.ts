/**
 * Enterprise Grid: an org-wide install (stored under the org alone) serves every workspace of the org,
 * requests and deliveries alike, with the org's token; each workspace keeps its own reference space.
 */
import { runInstallFlow } from '../../src/sandbox/slack-client';
import { messageText } from '../helpers/e2e';
import { startOAuthE2E, type OAuthE2E } from '../helpers/oauth-e2e';

const ORG = 'E0GRID';
const WS1 = 'T0GRIDONE';
const WS2 = 'T0GRIDTWO';
const OLA = 'W0OLA0001';
const PIA = 'W0PIA0001';

describe('Enterprise Grid: one org-wide install serves the org’s workspaces', () => {
  let t: OAuthE2E;
  beforeAll(async () => {
    t = await startOAuthE2E({
      workspaces: [
        {
          teamId: WS1,
          enterpriseId: ORG,
          enterpriseName: 'Grid Org',
          users: [
            { id: OLA, name: 'ola', is_admin: true },
            { id: PIA, name: 'pia' },
          ],
          channels: [{ id: 'C0GRID1', name: 'one', members: [OLA, PIA] }],
        },
        {
          teamId: WS2,
          enterpriseId: ORG,
          enterpriseName: 'Grid Org',
          users: [
            { id: 'W0QUI0001', name: 'qui', is_admin: true },
            { id: 'W0RAY0001', name: 'ray' },
          ],
          channels: [{ id: 'C0GRID2', name: 'two', members: ['W0QUI0001', 'W0RAY0001'] }],
        },
      ],
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('installs org-wide under the org, and serves both workspaces with the org’s token', async () => {
    t.standIn.chooseNextInstall({ teamId: WS1, orgWide: true });
    const flow = await runInstallFlow({ installUrl: t.installUrl });
    expect(flow.callback?.status).toBe(200);
    expect(flow.callback?.body).toContain('Every workspace of the organisation');
    const { rows } = await t.db.query<{
      enterprise_id: string;
      team_id: string;
      is_enterprise_install: boolean;
    }>('select enterprise_id, team_id, is_enterprise_install from installations');
    expect(rows).toEqual([{ enterprise_id: ORG, team_id: '', is_enterprise_install: true }]);
    const orgToken = t.standIn.installation(ORG)?.botToken;

    const a = await t.command(WS1, OLA, '/delegate', `<@${PIA}> Grid work one by Friday`, 'C0GRID1');
    const b = await t.command(
      WS2,
      'W0QUI0001',
      '/delegate',
      `<@W0RAY0001> Grid work two by Friday`,
      'C0GRID2',
    );
    expect(a.text).toContain('D-1');
    expect(b.text).toContain('D-1');
    await t.settle();
    expect(messageText(t.standIn.workspace(WS1).dmsTo(PIA).at(-1))).toContain('Grid work one');
    expect(messageText(t.standIn.workspace(WS2).dmsTo('W0RAY0001').at(-1))).toContain('Grid work two');
    const posts = t.standIn.callsTo('chat.postMessage');
    expect(posts.length).toBeGreaterThanOrEqual(2);
    for (const c of posts) {
      expect(c.ok).toBe(true);
      expect(c.token).toBe(orgToken);
    }
  });
});
