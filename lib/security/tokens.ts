import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: session cookies and one-time setup links. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only this hash is stored, so a database dump does not hand out live sessions or setup links. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
