/**
 * Tokens at rest: what an operator configures (the key variables, and the errors when they are wrong)
 * and what the cipher guarantees (fresh IV per value, bound to its place, old key still readable).
 */
import { randomBytes } from 'node:crypto';
import {
  EncryptionKeyError,
  EncryptionKeysEnv,
  parseEncryptionKeys,
  TokenCipher,
  TokenDecryptError,
} from '../../../src/slack/token-crypto';

const hexKey = () => randomBytes(32).toString('hex');
const b64Key = () => randomBytes(32).toString('base64');

describe('TRUSTLOOP_ENCRYPTION_KEY', () => {
  it('accepts 32 bytes as 64 hex characters or as base64 (standard or url-safe)', () => {
    const bytes = randomBytes(32);
    const fromHex = parseEncryptionKeys({ TRUSTLOOP_ENCRYPTION_KEY: bytes.toString('hex') });
    const fromB64 = parseEncryptionKeys({ TRUSTLOOP_ENCRYPTION_KEY: bytes.toString('base64') });
    const fromB64Url = parseEncryptionKeys({ TRUSTLOOP_ENCRYPTION_KEY: bytes.toString('base64url') });
    expect(fromHex.current.bytes.equals(bytes)).toBe(true);
    expect(fromB64.current.id).toBe(fromHex.current.id);
    expect(fromB64Url.current.id).toBe(fromHex.current.id);
    expect(fromHex.old).toBeUndefined();
  });

  it('is required, and a missing key is named', () => {
    expect(() => parseEncryptionKeys({})).toThrow(EncryptionKeyError);
    expect(() => parseEncryptionKeys({ TRUSTLOOP_ENCRYPTION_KEY: '  ' })).toThrow(/TRUSTLOOP_ENCRYPTION_KEY is missing/);
  });

  it.each([
    ['too short in hex', 'abcd'.repeat(8), /TRUSTLOOP_ENCRYPTION_KEY is 32 hex characters, not 64/],
    ['16 bytes of base64', randomBytes(16).toString('base64'), /decodes to 16 bytes, not 32/],
    ['a passphrase', 'correct horse battery staple', /neither hex nor base64/],
  ])('refuses %s with a message that names the variable and never echoes the value', (_what, value, message) => {
    let error: unknown;
    try {
      parseEncryptionKeys({ TRUSTLOOP_ENCRYPTION_KEY: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(EncryptionKeyError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain(value);
  });

  it('names the old key when that one is bad, and refuses an old key equal to the new one', () => {
    const key = hexKey();
    expect(() => parseEncryptionKeys({ TRUSTLOOP_ENCRYPTION_KEY: key, TRUSTLOOP_ENCRYPTION_KEY_OLD: 'not a key!' })).toThrow(
      /TRUSTLOOP_ENCRYPTION_KEY_OLD is neither hex nor base64/,
    );
    expect(() => parseEncryptionKeys({ TRUSTLOOP_ENCRYPTION_KEY: key, TRUSTLOOP_ENCRYPTION_KEY_OLD: key })).toThrow(
      /TRUSTLOOP_ENCRYPTION_KEY_OLD is the same key/,
    );
  });

  it('is a zod schema config.ts can merge (empty old key = none)', () => {
    const parsed = EncryptionKeysEnv.safeParse({ TRUSTLOOP_ENCRYPTION_KEY: b64Key(), TRUSTLOOP_ENCRYPTION_KEY_OLD: '' });
    expect(parsed.success).toBe(true);
    expect(parsed.success && parsed.data.old).toBeUndefined();
    const bad = EncryptionKeysEnv.safeParse({ TRUSTLOOP_ENCRYPTION_KEY: 'short' });
    expect(bad.success).toBe(false);
  });
});

describe('TokenCipher', () => {
  const keys = parseEncryptionKeys({ TRUSTLOOP_ENCRYPTION_KEY: hexKey() });
  const cipher = new TokenCipher(keys);

  it('round-trips a token, with a new IV every time and no plaintext in the envelope', () => {
    const token = 'xoxb-1234-5678-secretsecret';
    const a = cipher.encrypt(token, 'here');
    const b = cipher.encrypt(token, 'here');
    expect(a).not.toBe(b);
    expect(a).not.toContain('secret');
    expect(a.split('.')).toHaveLength(5);
    expect(a.split('.')[1]).toBe(keys.current.id);
    expect(Buffer.from(a.split('.')[2], 'base64url')).toHaveLength(12);
    expect(cipher.decrypt(a, 'here')).toBe(token);
    expect(cipher.decrypt(b, 'here')).toBe(token);
  });

  it('refuses a value moved to another place or tampered with', () => {
    const sealed = cipher.encrypt('xoxb-moved', 'installations:/T1:bot_token');
    expect(() => cipher.decrypt(sealed, 'installations:/T2:bot_token')).toThrow(TokenDecryptError);
    const parts = sealed.split('.');
    const body = Buffer.from(parts[4], 'base64url');
    body[0] ^= 1;
    parts[4] = body.toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'), 'installations:/T1:bot_token')).toThrow(/failed authentication/);
  });

  it('reads values of the old key during a rotation and says which values are stale', () => {
    const oldKey = hexKey();
    const before = new TokenCipher(parseEncryptionKeys({ TRUSTLOOP_ENCRYPTION_KEY: oldKey }));
    const sealed = before.encrypt('xoxb-old', 'x');
    const rotated = new TokenCipher(
      parseEncryptionKeys({ TRUSTLOOP_ENCRYPTION_KEY: hexKey(), TRUSTLOOP_ENCRYPTION_KEY_OLD: oldKey }),
    );
    expect(rotated.decrypt(sealed, 'x')).toBe('xoxb-old');
    expect(rotated.isStale(sealed)).toBe(true);
    expect(rotated.isStale(rotated.encrypt('xoxb-new', 'x'))).toBe(false);
  });

  it('names both variables when a value was written with a key it does not have', () => {
    const sealed = new TokenCipher(parseEncryptionKeys({ TRUSTLOOP_ENCRYPTION_KEY: hexKey() })).encrypt('t', 'x');
    expect(() => cipher.decrypt(sealed, 'x')).toThrow(
      /neither TRUSTLOOP_ENCRYPTION_KEY \([0-9a-f]{16}\): set TRUSTLOOP_ENCRYPTION_KEY_OLD/,
    );
  });
});
