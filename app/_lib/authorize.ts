import 'server-only';
import { cookies, headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { getDatabase } from '@/app/_lib/db';
import { getSessionUser } from '@/db/queries/sessions';
import type { UserRole } from '@/db/schema';
import { env } from '@/lib/env';
import { AuthorizationError } from '@/lib/errors';
import { type AuthMode, authModeOf, isLoopbackHost } from '@/lib/security/auth-mode';
import { hashToken } from '@/lib/security/tokens';

export type Role = UserRole;

/** Who is asking: a signed-in person, or the single local user of open mode (who may do everything). */
export interface Principal {
  mode: 'open' | 'signed-in';
  userId: number | null;
  email: string | null;
  role: Role;
}

export const SESSION_COOKIE = 'toilscope_session';
const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function hasRole(principal: Principal, role: Role): boolean {
  return RANK[principal.role] >= RANK[role];
}

export function authMode(): AuthMode {
  return authModeOf(env());
}

function hostnameOf(hostHeader: string): string {
  return hostHeader.replace(/:\d+$/, '');
}

// Open mode trusts whoever reaches the port, which is only this machine when bound to loopback. A Host
// header naming anything else there is a DNS-rebinding page, so it gets nothing.
function openModeAllows(requestHeaders: Headers): boolean {
  const configured = env().HOST;
  if (!isLoopbackHost(configured)) return true;
  const host = requestHeaders.get('host');
  return host !== null && isLoopbackHost(hostnameOf(host));
}

function sessionTokenFrom(cookieHeader: string | null): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

async function resolvePrincipal(
  requestHeaders: Headers,
  token: string | undefined,
): Promise<Principal | null> {
  if (!authMode().signIn) {
    if (!openModeAllows(requestHeaders)) {
      throw new AuthorizationError(403, 'refused: open mode only answers requests addressed to localhost');
    }
    return { mode: 'open', userId: null, email: null, role: 'admin' };
  }
  if (!token) return null;
  const { db } = await getDatabase();
  const user = await getSessionUser({ db, tokenHash: hashToken(token), now: new Date() });
  if (!user) return null;
  return { mode: 'signed-in', userId: user.userId, email: user.email, role: user.role };
}

function requireRoleOf(principal: Principal | null, role: Role): Principal {
  if (!principal) throw new AuthorizationError(401, 'sign in required: open /sign-in to start a session');
  if (!hasRole(principal, role)) {
    throw new AuthorizationError(403, `forbidden: this needs the ${role} role (you are ${principal.role})`);
  }
  return principal;
}

/**
 * A state-changing request must come from a Toilscope page: an Origin header that names this host.
 * A missing Origin, `Origin: null` (sandboxed frames, file: pages) or a foreign one is refused.
 */
export function assertSameOrigin(requestHeaders: Headers): void {
  const origin = requestHeaders.get('origin');
  if (!origin || origin === 'null') {
    throw new AuthorizationError(403, 'refused: the request has no Origin; submit it from a Toilscope page');
  }
  const host = requestHeaders.get('x-forwarded-host') ?? requestHeaders.get('host');
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new AuthorizationError(403, 'refused: the request has an unreadable Origin');
  }
  if (!host || originHost !== host) {
    throw new AuthorizationError(403, `refused: cross-site request from ${origin}`);
  }
}

/**
 * Route handlers: the caller as a Principal with at least `role`, else AuthorizationError (401 signed
 * out, 403 lacking the role or a cross-site write). handleV1 calls it for every /api/v1 route.
 */
export async function authorizeRequest(request: Request, role: Role): Promise<Principal> {
  if (UNSAFE_METHODS.has(request.method.toUpperCase())) assertSameOrigin(request.headers);
  const principal = await resolvePrincipal(request.headers, sessionTokenFrom(request.headers.get('cookie')));
  return requireRoleOf(principal, role);
}

/** The caller of a route handler if any, without failing: for public routes that show more when signed in. */
export async function principalOfRequest(request: Request): Promise<Principal | null> {
  try {
    return await resolvePrincipal(request.headers, sessionTokenFrom(request.headers.get('cookie')));
  } catch (error) {
    if (error instanceof AuthorizationError) return null;
    throw error;
  }
}

/**
 * Server actions: call first, before reading the form. Refuses a missing, `null` or foreign Origin
 * (CSRF), then checks the session and role like authorizeRequest. Throws AuthorizationError.
 */
export async function authorizeAction(role: Role): Promise<Principal> {
  const requestHeaders = await headers();
  assertSameOrigin(requestHeaders);
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  return requireRoleOf(await resolvePrincipal(requestHeaders, token), role);
}

/** Pages and layouts: the current principal, or null when signed out (no redirect). */
export async function currentPrincipal(): Promise<Principal | null> {
  const requestHeaders = await headers();
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  try {
    return await resolvePrincipal(requestHeaders, token);
  } catch (error) {
    if (error instanceof AuthorizationError) return null;
    throw error;
  }
}

/**
 * Pages: call at the top of every page (layouts alone do not guard a page's data). Signed out →
 * redirect to /sign-in; signed in without `role` → the 403 page.
 */
export async function requireRole(role: Role): Promise<Principal> {
  const principal = await currentPrincipal();
  if (!principal) redirect('/sign-in');
  if (!hasRole(principal, role)) forbidden();
  return principal;
}

export function requireViewer(): Promise<Principal> {
  return requireRole('viewer');
}
