import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors';
import {
  decryptSecret,
  encryptSecret,
  last4,
  MAKE_KEY_COMMAND,
  parseSecretKeys,
  SecretDecryptError,
  SecretKeyError,
} from './secrets';

const keyA = parseSecretKeys(randomBytes(32).toString('base64'));
const keyB = parseSecretKeys(randomBytes(32).toString('hex'));
const TOKEN = 'ATATT3xFfGF0-jira-api-token-9f2c';

describe('encryptSecret / decryptSecret', () => {
  it('round-trips any text, with a fresh IV every time', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (plaintext) => {
        const sealed = encryptSecret(plaintext, { keys: keyA });
        expect(decryptSecret(sealed.ciphertext, { keys: keyA })).toBe(plaintext);
      }),
      { numRuns: 200 },
    );
    const first = encryptSecret(TOKEN, { keys: keyA });
    const second = encryptSecret(TOKEN, { keys: keyA });
    expect(first.ciphertext).not.toBe(second.ciphertext);
    expect(first.ciphertext.split('.')[2]).not.toBe(second.ciphertext.split('.')[2]);
  });

  it('stores the key id, a 12-byte IV and a 16-byte tag with the ciphertext, and no plaintext', () => {
    const sealed = encryptSecret(TOKEN, { keys: keyA });
    const [format, keyId, iv, tag] = sealed.ciphertext.split('.');
    expect(format).toBe('v1');
    expect(keyId).toBe(keyA[0]?.id);
    expect(sealed.keyId).toBe(keyA[0]?.id);
    expect(Buffer.from(iv ?? '', 'base64url')).toHaveLength(12);
    expect(Buffer.from(tag ?? '', 'base64url')).toHaveLength(16);
    expect(sealed.ciphertext).not.toContain(TOKEN);
    expect(sealed.ciphertext).not.toContain(Buffer.from(TOKEN).toString('base64url').slice(0, 12));
    expect(sealed.last4).toBe('9f2c');
  });

  it.each([
    ['the ciphertext body', 4],
    ['the auth tag', 3],
    ['the IV', 2],
  ])('detects a change to %s', (_, part) => {
    const parts = encryptSecret(TOKEN, { keys: keyA }).ciphertext.split('.');
    const bytes = Buffer.from(parts[part] ?? '', 'base64url');
    bytes[0] = (bytes[0] ?? 0) ^ 1;
    parts[part] = bytes.toString('base64url');
    expect(() => decryptSecret(parts.join('.'), { keys: keyA })).toThrow(SecretDecryptError);
    expect(() => decryptSecret(parts.join('.'), { keys: keyA })).toThrow(/integrity|malformed/);
  });

  it('refuses to open a secret under a different key, naming the key it needs', () => {
    const sealed = encryptSecret(TOKEN, { keys: keyA });
    expect(() => decryptSecret(sealed.ciphertext, { keys: keyB })).toThrow(
      new RegExp(`encrypted with key ${keyA[0]?.id}.*configured: ${keyB[0]?.id}`),
    );
    // Same id, other key material (a forged id): the tag still refuses it.
    const forged = sealed.ciphertext.replace(`.${keyA[0]?.id}.`, `.${keyB[0]?.id}.`);
    expect(() => decryptSecret(forged, { keys: keyB })).toThrow(SecretDecryptError);
  });

  it('binds the context: a ciphertext copied to another connection does not open there', () => {
    const sealed = encryptSecret(TOKEN, { keys: keyA, context: 'connection:jira-prod' });
    expect(decryptSecret(sealed.ciphertext, { keys: keyA, context: 'connection:jira-prod' })).toBe(TOKEN);
    expect(() => decryptSecret(sealed.ciphertext, { keys: keyA, context: 'connection:other' })).toThrow(
      SecretDecryptError,
    );
  });

  it('decrypts with an older key after rotation (first key encrypts, any key decrypts)', () => {
    const old = encryptSecret(TOKEN, { keys: keyA });
    const rotated = [...keyB, ...keyA];
    expect(decryptSecret(old.ciphertext, { keys: rotated })).toBe(TOKEN);
    expect(encryptSecret(TOKEN, { keys: rotated }).keyId).toBe(keyB[0]?.id);
  });

  it('refuses to encrypt without a key and says how to make one', () => {
    expect(() => encryptSecret(TOKEN, { keys: [] })).toThrow(SecretKeyError);
    expect(() => encryptSecret(TOKEN, { keys: [] })).toThrow(InputError);
    try {
      encryptSecret(TOKEN, { keys: [] });
    } catch (error) {
      expect((error as Error).message).toContain('TOILSCOPE_SECRET_KEY is not set');
      expect((error as Error).message).toContain(MAKE_KEY_COMMAND);
      expect((error as Error).message).not.toContain(TOKEN);
    }
  });
});

describe('parseSecretKeys', () => {
  it.each([
    ['base64', randomBytes(32).toString('base64')],
    ['base64url', randomBytes(32).toString('base64url')],
    ['hex', randomBytes(32).toString('hex')],
  ])('accepts 32 bytes as %s', (_, text) => {
    const [key] = parseSecretKeys(text);
    expect(key?.key).toHaveLength(32);
    expect(key?.id).toMatch(/^[0-9a-f]{12}$/);
  });

  it.each([
    ['a passphrase', 'correct horse battery staple'],
    ['16 bytes', randomBytes(16).toString('base64')],
    ['31 bytes of hex', randomBytes(31).toString('hex')],
  ])('rejects %s with the command that makes a key', (_, text) => {
    expect(() => parseSecretKeys(text)).toThrow(SecretKeyError);
    expect(() => parseSecretKeys(text)).toThrow(MAKE_KEY_COMMAND);
  });

  it('treats unset or blank as no key', () => {
    expect(parseSecretKeys(undefined)).toEqual([]);
    expect(parseSecretKeys('  ')).toEqual([]);
  });

  it('gives the same key the same id and different keys different ids', () => {
    const text = randomBytes(32).toString('base64');
    expect(parseSecretKeys(text)[0]?.id).toBe(parseSecretKeys(text)[0]?.id);
    expect(keyA[0]?.id).not.toBe(keyB[0]?.id);
  });
});

describe('last4', () => {
  it.each([
    ['ghp_0123456789abcdefWXYZ', 'WXYZ'],
    ['abcdefghijkl', 'ijkl'],
    ['short-token', ''],
    ['', ''],
  ])('%s → %s', (secret, expected) => {
    expect(last4(secret)).toBe(expected);
  });
});
