import { desc } from 'drizzle-orm';
import { loadConfig, type ToilscopeConfig } from '../../lib/config';
import type { Db } from '../client';
import { settingsVersions } from '../schema';

export interface SavedConfig {
  version: number;
  config: ToilscopeConfig;
}

/** The newest saved settings, validated like a config file (an invalid row is an error, not a guess). */
export async function getEffectiveConfig({ db }: { db: Db }): Promise<SavedConfig | null> {
  const [row] = await db.select().from(settingsVersions).orderBy(desc(settingsVersions.version)).limit(1);
  if (!row) return null;
  return {
    version: row.version,
    config: loadConfig(JSON.stringify(row.settings), `settings version ${row.version}`),
  };
}

export async function saveSettings({
  db,
  settings,
  savedBy,
}: {
  db: Db;
  settings: Record<string, unknown>;
  savedBy: string | null;
}): Promise<number> {
  // Validate before storing so a saved version can always be loaded again.
  loadConfig(JSON.stringify(settings), 'settings');
  const [row] = await db
    .insert(settingsVersions)
    .values({ settings, savedBy })
    .returning({ version: settingsVersions.version });
  if (!row) throw new Error('could not save settings');
  return row.version;
}
