import 'server-only';
import { type Database, openDatabase } from '@/db/client';
import { env } from '@/lib/env';

// One connection pool per process: kept on globalThis so dev-mode module reloads reuse it instead of
// opening a new pool (or racing for the PGlite directory) on every edit.
const holder = globalThis as typeof globalThis & { toilscopeDatabase?: Promise<Database> };

export function getDatabase(): Promise<Database> {
  const existing = holder.toilscopeDatabase;
  if (existing) return existing;
  const opening = Promise.resolve().then(() => {
    const e = env();
    // `npm start` migrates before it serves; the server bundle has no migrations folder to read.
    return openDatabase({ databaseUrl: e.DATABASE_URL, dataDir: e.TOILSCOPE_DATA_DIR, migrate: false });
  });
  holder.toilscopeDatabase = opening;
  // A failed open must not be cached, or the app would stay broken after the database comes back.
  opening.catch(() => {
    if (holder.toilscopeDatabase === opening) holder.toilscopeDatabase = undefined;
  });
  return opening;
}

/** Error text safe to show a person or a monitor: credentials in any URL are masked. */
export function describeDatabaseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]*@/gi, '$1***@');
}
