// Slows password guessing: after a run of failures for one account, or from one client address, further
// tries are refused until the window has passed. Successful sign-in clears the account's count.
// In memory, per server process: the dashboard runs as one process (npm start), and a restart only
// gives a guesser back one window.

export interface ThrottleLimits {
  /** Failures allowed per account within the window. */
  perAccount: number;
  /** Failures allowed per client address within the window (many accounts from one place). */
  perClient: number;
  windowMs: number;
}

export const SIGN_IN_LIMITS: ThrottleLimits = { perAccount: 5, perClient: 20, windowMs: 15 * 60_000 };

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class SignInThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly limits: ThrottleLimits = SIGN_IN_LIMITS) {}

  /** Whether a try for `account` from `client` may go ahead at `now` (ms). */
  check(account: string, client: string, now: number): ThrottleVerdict {
    const waits = [
      this.waitFor(`account:${account}`, this.limits.perAccount, now),
      this.waitFor(`client:${client}`, this.limits.perClient, now),
    ];
    const wait = Math.max(...waits);
    return wait > 0 ? { allowed: false, retryAfterSeconds: Math.ceil(wait / 1000) } : { allowed: true };
  }

  recordFailure(account: string, client: string, now: number): void {
    for (const key of [`account:${account}`, `client:${client}`]) {
      const kept = this.recent(key, now);
      kept.push(now);
      this.failures.set(key, kept);
    }
    this.prune(now);
  }

  recordSuccess(account: string): void {
    this.failures.delete(`account:${account}`);
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((at) => at > now - this.limits.windowMs);
  }

  /** Milliseconds until the oldest failure that keeps the key at its limit leaves the window; 0 if under. */
  private waitFor(key: string, limit: number, now: number): number {
    const recent = this.recent(key, now);
    if (recent.length < limit) return 0;
    const blocking = recent[recent.length - limit] ?? now;
    return blocking + this.limits.windowMs - now;
  }

  // Bounded memory: keys whose failures have all left the window are dropped.
  private prune(now: number): void {
    if (this.failures.size < 10_000) return;
    for (const key of [...this.failures.keys()]) {
      if (this.recent(key, now).length === 0) this.failures.delete(key);
    }
  }
}
