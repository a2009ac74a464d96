import { describe, expect, it } from 'vitest';
import { authModeOf, isLoopbackHost } from './auth-mode';

describe('authModeOf', () => {
  it.each([
    [{ HOST: '127.0.0.1' }, false],
    [{ HOST: 'localhost' }, false],
    [{ HOST: '::1' }, false],
    [{ HOST: '0.0.0.0' }, true],
    [{ HOST: '10.1.2.3' }, true],
    [{ HOST: '127.0.0.1', DATABASE_URL: 'postgres://db/toilscope' }, true],
    [{ HOST: '127.0.0.1', TOILSCOPE_AUTH: 'on' as const }, true],
    [{ HOST: '0.0.0.0', TOILSCOPE_AUTH: 'off' as const }, false],
    [{ HOST: '127.0.0.1', DATABASE_URL: 'postgres://db/x', TOILSCOPE_AUTH: 'off' as const }, false],
  ])('%o → sign-in %s', (e, signIn) => {
    expect(authModeOf(e).signIn).toBe(signIn);
  });

  it('says why', () => {
    expect(authModeOf({ HOST: '0.0.0.0' }).reason).toBe('HOST 0.0.0.0 is not loopback');
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['[::1]', true],
    ['LOCALHOST', true],
    ['localhost.evil.com', false],
    ['127.0.0.1.nip.io', false],
    ['0.0.0.0', false],
  ])('%s → %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});
