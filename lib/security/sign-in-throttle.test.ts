import { describe, expect, it } from 'vitest';
import { SignInThrottle } from './sign-in-throttle';

const LIMITS = { perAccount: 3, perClient: 5, windowMs: 60_000 };

describe('SignInThrottle', () => {
  it('allows tries until an account reaches its failure limit, then refuses until the window passes', () => {
    const t = new SignInThrottle(LIMITS);
    for (const at of [0, 1_000, 2_000]) {
      expect(t.check('a@x', 'ip1', at)).toEqual({ allowed: true });
      t.recordFailure('a@x', 'ip1', at);
    }
    // The third failure was at 2 s; the first at 0 s leaves the window at 60 s.
    expect(t.check('a@x', 'ip1', 2_500)).toEqual({ allowed: false, retryAfterSeconds: 58 });
    expect(t.check('a@x', 'ip2', 59_999)).toMatchObject({ allowed: false });
    expect(t.check('a@x', 'ip1', 60_000)).toEqual({ allowed: true });
    // Another account from the same client is not locked by it.
    expect(t.check('b@x', 'ip1', 2_500)).toEqual({ allowed: true });
  });

  it('limits one client trying many accounts', () => {
    const t = new SignInThrottle(LIMITS);
    ['a', 'b', 'c', 'd', 'e'].forEach((account, i) => {
      t.recordFailure(account, 'ip1', i * 100);
    });
    expect(t.check('f', 'ip1', 500)).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(t.check('f', 'ip2', 500)).toEqual({ allowed: true });
  });

  it('a successful sign-in clears the account count but not the client count', () => {
    const t = new SignInThrottle(LIMITS);
    t.recordFailure('a', 'ip1', 0);
    t.recordFailure('a', 'ip1', 1);
    t.recordSuccess('a');
    t.recordFailure('a', 'ip1', 2);
    t.recordFailure('a', 'ip1', 3);
    expect(t.check('a', 'ip1', 4)).toEqual({ allowed: true });
    t.recordFailure('a', 'ip1', 4);
    expect(t.check('a', 'ip1', 5)).toMatchObject({ allowed: false });
  });
});
