/**
 * An uninstall stops a workspace at once, even when a token was being read from the store at that
 * very moment (Bolt authorises the second of the two uninstall events, a delivery pass asks for a
 * client): what was read before the stop is not kept for the next request.
 */
import { randomBytes } from 'node:crypto';
import { AdjustableClock } from '../../src/clock';
import type { Db } from '../../src/db/db';
import { PostgresInstallationStore, type TokenRefresher } from '../../src/slack/installation-store';
import { parseEncryptionKeys, TokenCipher } from '../../src/slack/token-crypto';
import { NotInstalledError, oauthWorkspaces } from '../../src/slack/workspaces';
import { createTestDb } from '../helpers/db';
import pino from 'pino';

const START = new Date('2026-11-25T10:00:00Z');
const team = (teamId: string) => ({ teamId, enterpriseId: undefined, isEnterpriseInstall: false });

describe('Stopping a workspace', () => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(() => db.close());

  it('serves nothing more once stopped, even for a token that was being read as it stopped', async () => {
    const clock = new AdjustableClock(START);
    const cipher = new TokenCipher(
      parseEncryptionKeys({ TRUSTLOOP_ENCRYPTION_KEY: randomBytes(32).toString('base64') }),
    );
    const store = new PostgresInstallationStore({ db, cipher, clock });
    await store.storeInstallation({
      team: { id: 'T0GOING', name: 'Going' },
      enterprise: undefined,
      user: { id: 'U0INSTALL', token: undefined, scopes: undefined },
      bot: { token: 'xoxb-going', scopes: ['commands'], id: 'B0BOT', userId: 'U0BOT' },
      tokenType: 'bot',
      isEnterpriseInstall: false,
      appId: 'A0TRUSTLOOP',
      authVersion: 'v2',
    });
    const refresher: TokenRefresher = {
      clientId: '1.2',
      clientSecret: 'secret',
      slackApiUrl: 'http://127.0.0.1:9/api/',
      cipher,
      clock,
    };
    let open = (): void => {};
    let reached = (): void => {};
    const arrived = new Promise<void>((r) => (reached = r));
    const gate = new Promise<void>((r) => (open = r));
    let holdNext = true;
    const slowDb = new Proxy(db, {
      get(target, prop, receiver) {
        if (prop !== 'query') return Reflect.get(target, prop, receiver) as unknown;
        return async (sql: string, params?: unknown[]) => {
          const result = await target.query(sql, params);
          if (holdNext && /from installations/i.test(sql)) {
            holdNext = false;
            reached();
            await gate;
          }
          return result;
        };
      },
    });
    const workspaces = oauthWorkspaces({
      db: slowDb,
      apiUrl: 'http://127.0.0.1:9/api/',
      log: pino({ level: 'silent' }),
      now: () => clock.now(),
      refresher,
    });

    // A read of the token has the row in hand when the uninstall stops the workspace.
    const reading = workspaces.authorize(team('T0GOING'));
    await arrived;
    await workspaces.stop(team('T0GOING'), 'app_uninstalled');
    open();
    await expect(reading).resolves.toMatchObject({ botToken: 'xoxb-going' });

    // The next request from that workspace is refused, not answered with the token read before.
    await expect(workspaces.authorize(team('T0GOING'))).rejects.toBeInstanceOf(NotInstalledError);
    await expect(workspaces.client('T0GOING', 'delivery')).rejects.toBeInstanceOf(NotInstalledError);
  });
});
