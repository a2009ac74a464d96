import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { env } from '../env';
import { InputError } from '../errors';

// Connection secrets at rest: AES-256-GCM, a fresh random 96-bit IV per secret, the 128-bit auth tag and
// the key's id stored with the ciphertext, so a wrong key or an altered row is detected, never decrypted
// into garbage.

export const MAKE_KEY_COMMAND = `node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`;
const FORMAT = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface SecretKey {
  /** Short fingerprint of the key (not secret): says which key a stored secret needs. */
  id: string;
  key: Buffer;
}

export interface EncryptedSecret {
  /** `v1.<key id>.<iv>.<tag>.<ciphertext>`, base64url parts: store as is. */
  ciphertext: string;
  keyId: string;
  /** What the UI and `connections list` may show; '' when the secret is too short to reveal any of it. */
  last4: string;
}

/** TOILSCOPE_SECRET_KEY is missing or malformed; the message says how to make one. CLI exit 2. */
export class SecretKeyError extends InputError {
  override name = 'SecretKeyError';
}

/** A stored secret cannot be opened: altered, truncated, or sealed with a key that is not configured. */
export class SecretDecryptError extends Error {
  override name = 'SecretDecryptError';
}

const howToMake = `make one with: ${MAKE_KEY_COMMAND} and keep it (losing it means re-entering every stored secret)`;

function decodeKey(text: string, position: number): Buffer {
  const where = position === 0 ? 'TOILSCOPE_SECRET_KEY' : `TOILSCOPE_SECRET_KEY (key ${position + 1})`;
  const key = /^[0-9a-fA-F]{64}$/.test(text)
    ? Buffer.from(text, 'hex')
    : /^[A-Za-z0-9+/_-]{43}={0,1}$/.test(text)
      ? Buffer.from(text, 'base64')
      : Buffer.alloc(0);
  if (key.length !== 32) {
    throw new SecretKeyError(
      `${where}: expected 32 random bytes as base64 (44 characters) or hex (64); ${howToMake}`,
    );
  }
  return key;
}

/**
 * The configured keys: 32 bytes as base64 or hex. Several, comma-separated, rotate keys: the first
 * encrypts, any of them decrypts what it sealed.
 */
export function parseSecretKeys(raw: string | undefined): SecretKey[] {
  const texts = (raw ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  return texts.map((text, i) => {
    const key = decodeKey(text, i);
    const id = createHash('sha256').update('toilscope-secret-key-id').update(key).digest('hex').slice(0, 12);
    return { id, key };
  });
}

export function secretKeysFromEnv(): SecretKey[] {
  return parseSecretKeys(env().TOILSCOPE_SECRET_KEY);
}

/** The last four characters, for secrets long enough (≥ 12) that four reveal little; else ''. */
export function last4(secret: string): string {
  return secret.length >= 12 ? secret.slice(-4) : '';
}

/**
 * Seals `plaintext` with the first configured key. `context` (e.g. `connection:<name>`) is bound as
 * associated data, so a ciphertext copied into another row does not open there.
 */
export function encryptSecret(
  plaintext: string,
  { keys = secretKeysFromEnv(), context = '' }: { keys?: SecretKey[]; context?: string } = {},
): EncryptedSecret {
  const current = keys[0];
  if (!current) {
    throw new SecretKeyError(
      `TOILSCOPE_SECRET_KEY is not set: refusing to store a secret unencrypted; ${howToMake}`,
    );
  }
  if (plaintext === '') throw new InputError('secret: must not be empty');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', current.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  const ciphertext = [
    FORMAT,
    current.id,
    iv.toString('base64url'),
    tag.toString('base64url'),
    body.toString('base64url'),
  ].join('.');
  return { ciphertext, keyId: current.id, last4: last4(plaintext) };
}

export function decryptSecret(
  ciphertext: string,
  { keys = secretKeysFromEnv(), context = '' }: { keys?: SecretKey[]; context?: string } = {},
): string {
  const parts = ciphertext.split('.');
  if (parts.length !== 5 || parts[0] !== FORMAT)
    throw new SecretDecryptError('stored secret: not a v1 ciphertext');
  const [, keyId, ivText, tagText, bodyText] = parts as [string, string, string, string, string];
  const key = keys.find((k) => k.id === keyId);
  if (!key) {
    const configured = keys.length ? keys.map((k) => k.id).join(', ') : 'none';
    throw new SecretDecryptError(
      `stored secret was encrypted with key ${keyId}, which TOILSCOPE_SECRET_KEY does not hold (configured: ${configured})`,
    );
  }
  const iv = Buffer.from(ivText, 'base64url');
  const tag = Buffer.from(tagText, 'base64url');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES)
    throw new SecretDecryptError('stored secret: malformed');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(bodyText, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new SecretDecryptError(
      'stored secret failed its integrity check: it was altered or belongs to another row',
    );
  }
}
