import type { Database } from '../../db/client';
import { listStoredAutomations, resolveClusterReferences } from '../../db/queries/impact';
import type { ToilscopeConfig } from '../config';
import { launchInstant } from '../toil/impact';

// The automations in force (config `automations[]` wins by name over the automations table) and the
// clusters they replace: the Impact report measures them, the candidate ranking leaves them out.

/** An automation as the report sees it: from the config (which wins by name) or registered in the database. */
export interface AutomationSpec {
  name: string;
  references: string[];
  launchedAt: Date;
  buildCostHours: number | null;
  /** Where it came from, for error messages. */
  origin: string;
}

export async function automationsInForce(
  database: Database,
  config: Pick<ToilscopeConfig, 'automations' | 'reportTimeZone'>,
): Promise<AutomationSpec[]> {
  const specs = new Map<string, AutomationSpec>();
  for (const stored of await listStoredAutomations(database.sql)) {
    specs.set(stored.name, {
      name: stored.name,
      references: stored.clusters,
      launchedAt: stored.launchedAt,
      buildCostHours: stored.buildCostHours,
      origin: `automation '${stored.name}'`,
    });
  }
  for (const [index, configured] of config.automations.entries()) {
    specs.set(configured.name, {
      name: configured.name,
      references: configured.clusters,
      launchedAt: launchInstant(configured.launchedAt, config.reportTimeZone),
      buildCostHours: configured.buildCostHours ?? null,
      origin: `automations[${index}]`,
    });
  }
  return [...specs.values()].sort(
    (a, b) => a.launchedAt.getTime() - b.launchedAt.getTime() || a.name.localeCompare(b.name),
  );
}

/**
 * Every cluster an automation in force already replaces. A reference that matches nothing is skipped
 * here (the Impact report is where it is an error).
 */
export async function automatedClusterIds(
  database: Database,
  config: Pick<ToilscopeConfig, 'automations' | 'reportTimeZone'>,
): Promise<Set<string>> {
  const references = (await automationsInForce(database, config)).flatMap((spec) => spec.references);
  const ids = await resolveClusterReferences(database.sql, references);
  return new Set(ids.filter((id): id is string => id !== null));
}
