import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { EmbeddedWireServer } from './pglite-server';
import * as schema from './schema';

export type Db = PostgresJsDatabase<typeof schema>;

export interface Database {
  db: Db;
  /** The raw driver, for set-based SQL the query builder does not express well. */
  sql: postgres.Sql;
  kind: 'pglite' | 'postgres';
  /** Where the data lives, without credentials (for health and logs). */
  location: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** A postgres:// URL; when absent the embedded PGlite database in `dataDir` is used. */
  databaseUrl?: string;
  dataDir?: string;
  /** Run pending migrations (default true). */
  migrate?: boolean;
  /** When this process ends up owning the PGlite directory, listen on this loopback port (default: any). */
  pglitePort?: number;
}

// Resolved only when migrating: the Next bundle never migrates (npm start has), and bundlers must not
// try to trace this folder.
function migrationsFolder(): string {
  return join(/*turbopackIgnore: true*/ dirname(fileURLToPath(import.meta.url)), 'migrations');
}
const LOCK_FILE = 'toilscope-owner.json';
// One advisory lock key for "migrating": two processes starting at once must not both run DDL.
const MIGRATION_LOCK = 724_017_331;

export async function openDatabase(options: OpenOptions): Promise<Database> {
  const shouldMigrate = options.migrate !== false;
  if (!options.databaseUrl) {
    return openPglite(
      resolve(/*turbopackIgnore: true*/ options.dataDir ?? '.data'),
      options.pglitePort ?? 0,
      shouldMigrate,
    );
  }
  const database = connectPostgres(options.databaseUrl);
  if (shouldMigrate) {
    try {
      await migrateLocked(database.sql);
    } catch (error) {
      await database.close();
      throw error;
    }
  }
  return database;
}

/** Two processes starting at once must not both run the DDL: hold a session advisory lock. */
async function migrateLocked(sql: postgres.Sql): Promise<void> {
  const reserved = await sql.reserve();
  try {
    await reserved`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migrate(drizzle(sql), { migrationsFolder: migrationsFolder() });
  } finally {
    await reserved`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => undefined);
    reserved.release();
  }
}

function connectPostgres(url: string): Database {
  const sql = postgres(url, {
    max: 8,
    onnotice: () => undefined,
    connect_timeout: 10,
    // Page queries are short aggregates over index scans: JIT compiling costs them more than it saves,
    // and their percentile sorts of a few hundred thousand values should stay in memory.
    connection: { jit: 'off', work_mem: '32MB' },
  });
  return {
    db: drizzle(sql, { schema }),
    sql,
    kind: 'postgres',
    location: redactUrl(url),
    close: () => sql.end({ timeout: 5 }),
  };
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparseable url)';
  }
}

interface OwnerRecord {
  pid: number;
  host: string;
  port: number;
}

/**
 * PGlite is single-process: the first process to claim the data directory owns it and serves the
 * Postgres wire protocol on loopback; every other process (the CLI while `npm start` runs, tests)
 * connects to that port with the same driver, so there is one SQL path.
 */
async function openPglite(dataDir: string, port: number, shouldMigrate: boolean): Promise<Database> {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 50; attempt++) {
    const claimed = tryClaim(lockPath);
    if (claimed !== null) return await serveAsOwner(dataDir, lockPath, claimed, port, shouldMigrate);
    const owner = readOwner(lockPath);
    if (owner && isAlive(owner.pid) && owner.port > 0) {
      return connectToOwner(owner, dataDir);
    }
    if (owner && !isAlive(owner.pid)) {
      rmSync(lockPath, { force: true });
      continue;
    }
    // The owner is still starting (port not written yet): wait briefly.
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`database directory ${dataDir} is locked by another process (see ${LOCK_FILE})`);
}

function tryClaim(lockPath: string): number | null {
  try {
    const fd = openSync(lockPath, 'wx');
    writeSync(fd, JSON.stringify({ pid: process.pid, host: '127.0.0.1', port: 0 } satisfies OwnerRecord));
    return fd;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return null;
    throw error;
  }
}

function readOwner(lockPath: string): OwnerRecord | null {
  try {
    const parsed = JSON.parse(readFileSync(lockPath, 'utf8')) as Partial<OwnerRecord>;
    if (typeof parsed.pid !== 'number') return null;
    return { pid: parsed.pid, host: parsed.host ?? '127.0.0.1', port: parsed.port ?? 0 };
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function pgliteClient(host: string, port: number): postgres.Sql {
  // One connection per process and unnamed statements: the PGlite backend is one session shared by
  // every client of the wire server, so named statements would outlive the process that made them.
  return postgres({
    host,
    port,
    database: 'postgres',
    username: 'postgres',
    max: 1,
    prepare: false,
    onnotice: () => undefined,
    connect_timeout: 10,
  });
}

function connectToOwner(owner: OwnerRecord, dataDir: string): Database {
  const sql = pgliteClient(owner.host, owner.port);
  return {
    db: drizzle(sql, { schema }),
    sql,
    kind: 'pglite',
    location: `${dataDir} (served by pid ${owner.pid})`,
    close: () => sql.end({ timeout: 5 }),
  };
}

// The owner migrates before it publishes its port, so clients that connect later never race the DDL.
async function serveAsOwner(
  dataDir: string,
  lockPath: string,
  fd: number,
  port: number,
  shouldMigrate: boolean,
): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  let pg: InstanceType<typeof PGlite> | undefined;
  let server: EmbeddedWireServer | undefined;
  try {
    pg = await PGlite.create({ dataDir });
    server = new EmbeddedWireServer(pg);
    const boundPort = await server.listen(port);
    const sql = pgliteClient('127.0.0.1', boundPort);
    if (shouldMigrate) await migrate(drizzle(sql), { migrationsFolder: migrationsFolder() });
    writeSync(fd, JSON.stringify({ pid: process.pid, host: '127.0.0.1', port: boundPort }), 0);
    closeSync(fd);
    const owned = { pg, server };
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      await sql.end({ timeout: 5 });
      await owned.server.close();
      await owned.pg.close();
      rmSync(lockPath, { force: true });
    };
    return {
      db: drizzle(sql, { schema }),
      sql,
      kind: 'pglite',
      location: `${dataDir} (embedded, served on 127.0.0.1:${boundPort})`,
      close,
    };
  } catch (error) {
    await server?.close().catch(() => undefined);
    await pg?.close().catch(() => undefined);
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    rmSync(lockPath, { force: true });
    throw error;
  }
}
