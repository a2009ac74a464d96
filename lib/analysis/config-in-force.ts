import { existsSync, readFileSync } from 'node:fs';
import type { Db } from '../../db/client';
import { getEffectiveConfig } from '../../db/queries/settings';
import { defaultConfig, loadConfig, type ToilscopeConfig } from '../config';
import { InputError } from '../errors';

export const DEFAULT_CONFIG_FILE = 'toilscope.config.json';

export interface ConfigInForce {
  config: ToilscopeConfig;
  /** Where it came from, so reports can say which settings produced them. */
  origin: { kind: 'file'; path: string } | { kind: 'saved'; version: number } | { kind: 'default' };
}

/**
 * The config in force: an explicit path, else ./toilscope.config.json, else the newest saved settings
 * (the demo saves its own), else the defaults. The CLI and the server resolve it the same way.
 */
export async function getConfigInForce({ db, path }: { db?: Db; path?: string }): Promise<ConfigInForce> {
  const file = path ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined);
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new InputError(
        `--config: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
      );
    }
    return { config: loadConfig(text, file), origin: { kind: 'file', path: file } };
  }
  if (db) {
    const saved = await getEffectiveConfig({ db });
    if (saved) return { config: saved.config, origin: { kind: 'saved', version: saved.version } };
  }
  return { config: defaultConfig(), origin: { kind: 'default' } };
}
