import type { Cluster, ClusterMember, ParameterSlot, TemplateSummary } from './types';

const MAX_EXAMPLES = 5;
const MAX_SLOT_VALUES = 20;

/**
 * Recomputes the figures of a cluster from its members (after mining or after overrides moved tickets).
 * `templateText` names templates by id. Existing examples that are still members keep their place.
 */
export function summariseCluster(
  base: Cluster,
  members: readonly ClusterMember[],
  templateText: ReadonlyMap<string, string>,
): Cluster {
  let firstSeen: string | null = null;
  let lastSeen: string | null = null;
  const perTemplate = new Map<string, number>();
  for (const m of members) {
    if (firstSeen === null || m.createdAt < firstSeen) firstSeen = m.createdAt;
    if (lastSeen === null || m.createdAt > lastSeen) lastSeen = m.createdAt;
    if (m.templateId !== null) perTemplate.set(m.templateId, (perTemplate.get(m.templateId) ?? 0) + 1);
  }
  const templates: TemplateSummary[] = [...perTemplate]
    .map(([id, tickets]) => ({ id, text: templateText.get(id) ?? id, tickets }))
    .sort((a, b) => b.tickets - a.tickets || (a.id < b.id ? -1 : 1));
  const top = templates[0];
  const topMembers = top ? members.filter((m) => m.templateId === top.id) : [];
  const keys = new Set(members.map((m) => m.key));
  const examples = base.examples.filter((k) => keys.has(k)).slice(0, MAX_EXAMPLES);
  for (const m of [...topMembers, ...members]) {
    if (examples.length >= MAX_EXAMPLES) break;
    if (!examples.includes(m.key)) examples.push(m.key);
  }
  return {
    ...base,
    template: top?.text ?? null,
    templates,
    parameters: parameterSlots(topMembers),
    tickets: members.length,
    firstSeen,
    lastSeen,
    examples,
  };
}

/** Values seen per `<*>` slot of one template, most frequent first. */
export function parameterSlots(members: readonly ClusterMember[]): ParameterSlot[] {
  const slots: Map<string, number>[] = [];
  for (const m of members) {
    m.parameters.forEach((value, slot) => {
      const counts = slots[slot] ?? new Map<string, number>();
      slots[slot] = counts;
      counts.set(value, (counts.get(value) ?? 0) + 1);
    });
  }
  return slots.map((counts, slot) => ({
    slot,
    distinct: counts.size,
    values: [...counts]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, MAX_SLOT_VALUES)
      .map(([value]) => value),
  }));
}
