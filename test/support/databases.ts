import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll } from 'vitest';
import { type Database, openDatabase } from '../../db/client';

/** The development PostgreSQL server (trust auth); each suite gets its own throwaway database on it. */
export const POSTGRES_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  /** `pglite` or `postgres`: the label `describe.each` prints. */
  name: Database['kind'];
  /** A freshly created, migrated, empty database. */
  open(): Promise<OpenedTestDatabase>;
}

export interface OpenedTestDatabase {
  database: Database;
  /** Closes the connection and deletes the data directory or drops the database. */
  dispose(): Promise<void>;
}

async function openPgliteDatabase(): Promise<OpenedTestDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'toilscope-test-'));
  const database = await openDatabase({ dataDir });
  return {
    database,
    dispose: async () => {
      await database.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function openPostgresDatabase(): Promise<OpenedTestDatabase> {
  const name = `toilscope_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(POSTGRES_ADMIN_URL, { max: 1, onnotice: () => undefined, connect_timeout: 5 });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString() });
  return {
    database,
    dispose: async () => {
      await database.close();
      const dropper = postgres(POSTGRES_ADMIN_URL, { max: 1, onnotice: () => undefined });
      try {
        await dropper.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await dropper.end({ timeout: 5 });
      }
    },
  };
}

/**
 * Both storage engines the product supports, for `describe.each(testDatabases())('on $name', …)`.
 * Pair with `useTestDatabase` to get a fresh database per suite.
 */
export function testDatabases(): TestDatabase[] {
  return [
    { name: 'pglite', open: openPgliteDatabase },
    { name: 'postgres', open: openPostgresDatabase },
  ];
}

/**
 * Call inside a `describe`: opens a fresh database before its tests and disposes of it after. Returns a
 * getter because the database only exists once the hook has run.
 */
export function useTestDatabase(target: TestDatabase): () => Database {
  let opened: OpenedTestDatabase | undefined;
  beforeAll(async () => {
    opened = await target.open();
  });
  afterAll(async () => {
    await opened?.dispose();
  });
  return () => {
    if (!opened) throw new Error(`the ${target.name} test database is not open (used outside a test?)`);
    return opened.database;
  };
}
