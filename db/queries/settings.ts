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

export interface SettingsVersionSummary {
  version: number;
  savedAt: Date;
  savedBy: string | null;
}

export async function listSettingsVersions({
  db,
  limit = 20,
}: {
  db: Db;
  limit?: number;
}): Promise<SettingsVersionSummary[]> {
  return db
    .select({
      version: settingsVersions.version,
      savedAt: settingsVersions.savedAt,
      savedBy: settingsVersions.savedBy,
    })
    .from(settingsVersions)
    .orderBy(desc(settingsVersions.version))
    .limit(limit);
}

/** The settings sections the settings pages edit, one at a time. */
export type SettingsSection = 'statusMap' | 'calendars' | 'slos' | 'costModel';

/**
 * A new version with one section replaced and the rest carried over from the newest version. The whole
 * result is validated first (an SLO may name a calendar), so the error names e.g. `slos[1].calendar`.
 */
export async function saveSettingsSection({
  db,
  section,
  value,
  savedBy,
}: {
  db: Db;
  section: SettingsSection;
  value: unknown;
  savedBy: string | null;
}): Promise<number> {
  const [row] = await db.select().from(settingsVersions).orderBy(desc(settingsVersions.version)).limit(1);
  const settings = { ...((row?.settings as Record<string, unknown> | undefined) ?? {}), [section]: value };
  return saveSettings({ db, settings, savedBy });
}
