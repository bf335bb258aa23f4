/**
 * Tokens at rest: AES-256-GCM (node:crypto), a fresh random 12-byte IV per value, the value bound to
 * where it is stored (additional authenticated data, so a ciphertext copied into another row or column
 * does not decrypt), and the key's id inside the envelope so an old key still decrypts during rotation.
 *
 * Envelope (ASCII, safe for a text column): `v1.<key id>.<iv>.<tag>.<ciphertext>`, base64url parts. The
 * key id is the first 8 bytes of SHA-256 over the key, in hex: it names the key without revealing it.
 *
 * Keys come from TRUSTLOOP_ENCRYPTION_KEY (and, while rotating, TRUSTLOOP_ENCRYPTION_KEY_OLD): 32 random
 * bytes written as 64 hex characters or as base64 (`openssl rand -base64 32`). Both spellings are
 * accepted because both are what key generators print; anything else is refused with a message that
 * names the variable and never echoes the value.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';

export const ENCRYPTION_KEY_VAR = 'TRUSTLOOP_ENCRYPTION_KEY';
export const OLD_ENCRYPTION_KEY_VAR = 'TRUSTLOOP_ENCRYPTION_KEY_OLD';

const VERSION = 'v1';
const IV_BYTES = 12;
const KEY_BYTES = 32;

export interface EncryptionKey {
  /** 16 hex characters naming the key (stored with every value it encrypts). */
  readonly id: string;
  readonly bytes: Buffer;
}

export class EncryptionKeyError extends Error {
  override name = 'EncryptionKeyError';
}

/** A value that cannot be decrypted: unknown key id, tampered, or stored in another place. */
export class TokenDecryptError extends Error {
  override name = 'TokenDecryptError';
}

export function keyId(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

/** Reads 32 bytes from hex or base64 (standard or url-safe, padding optional); undefined otherwise. */
function decodeKey(text: string): Buffer | undefined {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(t)) return undefined;
  const bytes = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return bytes.length === KEY_BYTES ? bytes : undefined;
}

function describeBadKey(text: string): string {
  const t = text.trim();
  if (t === '') return 'is empty';
  if (/^[0-9a-fA-F]+$/.test(t) && t.length !== 64) return `is ${t.length} hex characters, not 64`;
  const b64 = /^[A-Za-z0-9+/_-]+={0,2}$/.test(t) ? Buffer.from(t, 'base64').length : undefined;
  return b64 !== undefined ? `decodes to ${b64} bytes, not 32` : 'is neither hex nor base64';
}

/** A zod schema for one key variable: its message names the variable, never the value. */
export function encryptionKeySchema(variable: string) {
  return z.string().transform((text, ctx): EncryptionKey => {
    const bytes = decodeKey(text);
    if (!bytes) {
      ctx.addIssue({
        code: 'custom',
        message:
          `${variable} ${describeBadKey(text)}: it must be 32 random bytes, written as 64 hex ` +
          `characters or as base64 (generate one with \`openssl rand -base64 32\`)`,
      });
      return z.NEVER;
    }
    return { id: keyId(bytes), bytes };
  });
}

/** The key variables as config.ts reads them (TRUSTLOOP_ENCRYPTION_KEY required, _OLD optional). */
export const EncryptionKeysEnv = z
  .object({
    [ENCRYPTION_KEY_VAR]: encryptionKeySchema(ENCRYPTION_KEY_VAR),
    [OLD_ENCRYPTION_KEY_VAR]: z
      .string()
      .optional()
      .transform((v) => (v === undefined || v.trim() === '' ? undefined : v))
      .pipe(encryptionKeySchema(OLD_ENCRYPTION_KEY_VAR).optional()),
  })
  .transform((env) => ({ current: env[ENCRYPTION_KEY_VAR], old: env[OLD_ENCRYPTION_KEY_VAR] }));

export interface EncryptionKeys {
  current: EncryptionKey;
  old?: EncryptionKey;
}

/**
 * Parses the key variables; throws EncryptionKeyError with one line per problem, each naming its
 * variable (`TRUSTLOOP_ENCRYPTION_KEY is missing …`). For config.ts, in OAuth mode.
 */
export function parseEncryptionKeys(env: Record<string, string | undefined>): EncryptionKeys {
  if (env[ENCRYPTION_KEY_VAR] === undefined || env[ENCRYPTION_KEY_VAR]?.trim() === '') {
    throw new EncryptionKeyError(
      `${ENCRYPTION_KEY_VAR} is missing: OAuth mode stores Slack tokens encrypted and needs a key of ` +
        `32 random bytes, as 64 hex characters or base64 (generate one with \`openssl rand -base64 32\`)`,
    );
  }
  const parsed = EncryptionKeysEnv.safeParse(env);
  if (!parsed.success) throw new EncryptionKeyError(parsed.error.issues.map((i) => i.message).join('\n'));
  if (parsed.data.old && parsed.data.old.id === parsed.data.current.id) {
    throw new EncryptionKeyError(`${OLD_ENCRYPTION_KEY_VAR} is the same key as ${ENCRYPTION_KEY_VAR}`);
  }
  return parsed.data;
}

const b64 = (b: Buffer) => b.toString('base64url');

export class TokenCipher {
  private readonly byId = new Map<string, EncryptionKey>();

  constructor(private readonly keys: EncryptionKeys) {
    this.byId.set(keys.current.id, keys.current);
    if (keys.old) this.byId.set(keys.old.id, keys.old);
  }

  /** Id of the key new values are encrypted with. */
  get currentKeyId(): string {
    return this.keys.current.id;
  }

  /** `aad` says where the value lives (e.g. `installation:E1/T1:bot_token`), so it decrypts only there. */
  encrypt(plaintext: string, aad: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys.current.bytes, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, this.keys.current.id, b64(iv), b64(cipher.getAuthTag()), b64(body)].join('.');
  }

  decrypt(envelope: string, aad: string): string {
    const parts = envelope.split('.');
    if (parts.length !== 5 || parts[0] !== VERSION) throw new TokenDecryptError('Not an encrypted value (unknown format)');
    const [, id, iv, tag, body] = parts;
    const key = this.byId.get(id);
    if (!key) {
      throw new TokenDecryptError(
        `A stored value was encrypted with key ${id}, which is neither ${ENCRYPTION_KEY_VAR} (${this.keys.current.id})` +
          (this.keys.old ? ` nor ${OLD_ENCRYPTION_KEY_VAR} (${this.keys.old.id})` : '') +
          `: set ${OLD_ENCRYPTION_KEY_VAR} to the key it was written with`,
      );
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.bytes, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch (err) {
      throw new TokenDecryptError('A stored value failed authentication (tampered, or moved from where it was written)', {
        cause: err,
      });
    }
  }

  /** True when a value was written with an older key (re-encrypt it on the next write). */
  isStale(envelope: string): boolean {
    return envelope.split('.')[1] !== this.keys.current.id;
  }
}
