import type { Env } from '../env';

export interface AuthMode {
  signIn: boolean;
  /** Why, in words shown on start-up and in the open-mode banner. */
  reason: string;
}

/** 127.0.0.0/8, ::1 and localhost: addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

/**
 * Sign-in is on when TOILSCOPE_AUTH=on, or when the data lives on a shared server (DATABASE_URL) or the
 * dashboard listens beyond loopback; TOILSCOPE_AUTH=off overrides either way (CONTRACT.md).
 */
export function authModeOf(e: Pick<Env, 'TOILSCOPE_AUTH' | 'DATABASE_URL' | 'HOST'>): AuthMode {
  if (e.TOILSCOPE_AUTH === 'on') return { signIn: true, reason: 'TOILSCOPE_AUTH=on' };
  if (e.TOILSCOPE_AUTH === 'off') return { signIn: false, reason: 'TOILSCOPE_AUTH=off' };
  if (e.DATABASE_URL) return { signIn: true, reason: 'DATABASE_URL is set' };
  if (!isLoopbackHost(e.HOST)) return { signIn: true, reason: `HOST ${e.HOST} is not loopback` };
  return { signIn: false, reason: `embedded database on ${e.HOST}` };
}
