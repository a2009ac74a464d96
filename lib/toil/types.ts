// Shapes shared by the miner, the overrides and the persistence step. Plain data, JSON-safe.

/** Values seen in one `<*>` slot of a template, most frequent first (capped). */
export interface ParameterSlot {
  slot: number;
  values: string[];
  distinct: number;
}

export interface TemplateSummary {
  id: string;
  text: string;
  tickets: number;
}

export interface Cluster {
  /** Stable across re-runs: `c-` + a short hash. */
  id: string;
  label: string;
  /** The cluster's most common title template (with `<*>` slots), null when it has none. */
  template: string | null;
  templates: TemplateSummary[];
  parameters: ParameterSlot[];
  tickets: number;
  /** ISO instants of the first and last ticket created in the cluster. */
  firstSeen: string | null;
  lastSeen: string | null;
  /** Ticket keys, most typical first. */
  examples: string[];
  excluded: boolean;
  /** Most characteristic terms (c-TF-IDF), used for labels and to match clusters across re-runs. */
  terms: string[];
}

export interface ClusterMember {
  ticketId: string;
  key: string;
  /** ISO instant. */
  createdAt: string;
  /** Null: the ticket belongs to no request type (too rare to group). */
  clusterId: string | null;
  templateId: string | null;
  parameters: string[];
}

export interface ClusteringResult {
  clusters: Cluster[];
  members: ClusterMember[];
}
