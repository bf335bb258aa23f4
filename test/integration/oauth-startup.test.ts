/**
 * OAuth mode refuses to start with an encryption key that cannot read the stored installations, and
 * names the key ids (never the keys); with the old key given as TRUSTLOOP_ENCRYPTION_KEY_OLD it starts.
 */
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { AdjustableClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { startTrustloop, StartupError } from '../../src/runtime';
import { migrate } from '../../src/db/migrate';
import { PostgresInstallationStore } from '../../src/slack/installation-store';
import { parseEncryptionKeys, TokenCipher } from '../../src/slack/token-crypto';
import { createTestDb } from '../helpers/db';

const key = () => randomBytes(32).toString('base64');

describe('OAuth mode and the encryption key at start-up', () => {
  it('names a key that did not write the stored tokens, and starts once the old key is given', async () => {
    const db = await createTestDb();
    try {
      await migrate(db);
      const written = key();
      const store = new PostgresInstallationStore({
        db,
        cipher: new TokenCipher(parseEncryptionKeys({ TRUSTLOOP_ENCRYPTION_KEY: written })),
        clock: new AdjustableClock(),
      });
      await store.storeInstallation({
        team: { id: 'T0KEYED', name: 'Keyed' },
        enterprise: undefined,
        user: { id: 'U0INSTALL', token: undefined, scopes: undefined },
        bot: { token: 'xoxb-keyed-secret', scopes: ['commands'], id: 'B0', userId: 'U0BOT' },
        isEnterpriseInstall: false,
      });
      const env = (k: string, old?: string) =>
        loadConfig({
          SLACK_CLIENT_ID: '1.2',
          SLACK_CLIENT_SECRET: 'client-secret',
          SLACK_STATE_SECRET: 'state-secret-0123456789',
          SLACK_SIGNING_SECRET: 'signing-secret',
          TRUSTLOOP_ENCRYPTION_KEY: k,
          ...(old ? { TRUSTLOOP_ENCRYPTION_KEY_OLD: old } : {}),
          SLACK_API_URL: 'http://127.0.0.1:9/api/',
          PORT: '0',
          HOST: '127.0.0.1',
          NODE_ENV: 'test',
        });
      const log = pino({ level: 'silent' });
      const other = key();
      const refused = startTrustloop({ config: env(other), db, log, scheduler: false });
      await expect(refused).rejects.toBeInstanceOf(StartupError);
      await expect(startTrustloop({ config: env(other), db, log, scheduler: false })).rejects.toThrow(
        /1 stored installation\(s\) were encrypted with key [0-9a-f]{16}, which is neither TRUSTLOOP_ENCRYPTION_KEY \([0-9a-f]{16}\): set TRUSTLOOP_ENCRYPTION_KEY_OLD/,
      );
      const running = await startTrustloop({ config: env(other, written), db, log, scheduler: false });
      try {
        // Each tick rewrites rows still under the old key; then the old key can go.
        await running.tick();
        const { rows } = await db.query<{ keyId: string }>('select key_id as "keyId" from installations');
        expect(rows).toEqual([
          { keyId: parseEncryptionKeys({ TRUSTLOOP_ENCRYPTION_KEY: other }).current.id },
        ]);
      } finally {
        await running.stop();
      }
      const after = await startTrustloop({ config: env(other), db, log, scheduler: false });
      await after.stop();
    } finally {
      await db.close();
    }
  });
});
