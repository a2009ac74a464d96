import { describe, expect, it } from 'vitest';
import { checkPasswordStrength, hashPassword, UNUSABLE_PASSWORD_HASH, verifyPassword } from './password';

describe('password hashing (scrypt, per-user salt)', () => {
  it('verifies the right password and rejects others', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(hash).not.toContain('correct horse');
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery ', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('salts every hash: one password, two different hashes', async () => {
    const [a, b] = await Promise.all([hashPassword('same password!'), hashPassword('same password!')]);
    expect(a).not.toBe(b);
    expect(a.split('$')[4]).not.toBe(b.split('$')[4]);
  });

  it.each([
    ['garbage', 'not-a-hash'],
    ['another scheme', 'bcrypt$10$abc'],
    ['the unusable hash', UNUSABLE_PASSWORD_HASH],
  ])('never matches %s', async (_, stored) => {
    expect(await verifyPassword('anything at all', stored)).toBe(false);
  });

  it('requires at least 10 characters, naming the field', () => {
    expect(() => checkPasswordStrength('short', 'new password')).toThrow(
      /^new password: must be at least 10/,
    );
    expect(() => checkPasswordStrength('long enough!')).not.toThrow();
  });
});
