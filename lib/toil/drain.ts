// Drain-style template mining (He et al., ICWS 2017): a fixed-depth prefix tree routes a token
// sequence by its length and first tokens to a few candidate groups; the most similar group above
// the threshold absorbs it, and positions where members differ become `<*>` slots.

export const SLOT = '<*>';

export interface DrainOptions {
  /** Tree depth including the root and length layers: depth 4 routes by the first 2 tokens. */
  depth: number;
  /** Share of equal positions needed to join a group. */
  similarity: number;
  /** Children per tree node before new tokens share the `<*>` branch. */
  maxChildren: number;
}

export const DEFAULT_DRAIN_OPTIONS: DrainOptions = { depth: 4, similarity: 0.5, maxChildren: 100 };

interface TreeNode {
  children: Map<string, TreeNode>;
  groups: number[];
}

const HAS_DIGIT = /\d/;

function isVariable(token: string): boolean {
  return token === SLOT || (token.startsWith('<') && token.endsWith('>')) || HAS_DIGIT.test(token);
}

export class TemplateMiner {
  private readonly options: DrainOptions;
  private readonly root = new Map<number, TreeNode>();
  private readonly groupTokens: string[][] = [];
  private readonly groupSizes: number[] = [];

  constructor(options: Partial<DrainOptions> = {}) {
    this.options = { ...DEFAULT_DRAIN_OPTIONS, ...options };
  }

  /** Adds a token sequence; returns the index of the group (template) it joined or created. */
  add(tokens: readonly string[]): number {
    const leaf = this.leafFor(tokens);
    let best = -1;
    let bestSim = -1;
    let bestSlots = -1;
    for (const g of leaf.groups) {
      const template = this.groupTokens[g] as string[];
      let equal = 0;
      let slots = 0;
      for (let i = 0; i < template.length; i++) {
        const t = template[i];
        // A token the caller already masked as variable agrees with a slot.
        if (t === tokens[i]) equal++;
        else if (t === SLOT) slots++;
      }
      const sim = tokens.length === 0 ? 1 : equal / tokens.length;
      if (sim > bestSim || (sim === bestSim && slots > bestSlots)) {
        best = g;
        bestSim = sim;
        bestSlots = slots;
      }
    }
    if (best >= 0 && bestSim >= this.options.similarity) {
      const template = this.groupTokens[best] as string[];
      for (let i = 0; i < template.length; i++) if (template[i] !== tokens[i]) template[i] = SLOT;
      this.groupSizes[best] = (this.groupSizes[best] ?? 0) + 1;
      return best;
    }
    const id = this.groupTokens.length;
    this.groupTokens.push([...tokens]);
    this.groupSizes.push(1);
    leaf.groups.push(id);
    return id;
  }

  /** Current template tokens of a group. */
  template(group: number): readonly string[] {
    return this.groupTokens[group] ?? [];
  }

  get groupCount(): number {
    return this.groupTokens.length;
  }

  size(group: number): number {
    return this.groupSizes[group] ?? 0;
  }

  private leafFor(tokens: readonly string[]): TreeNode {
    let node: TreeNode | undefined = this.root.get(tokens.length);
    if (!node) {
      node = { children: new Map(), groups: [] };
      this.root.set(tokens.length, node);
    }
    const levels = Math.min(this.options.depth - 2, tokens.length);
    for (let level = 0; level < levels; level++) {
      const token = tokens[level] as string;
      const key = isVariable(token) ? SLOT : token;
      let child: TreeNode | undefined = node.children.get(key);
      if (!child) {
        if (key !== SLOT && node.children.size >= this.options.maxChildren) {
          child = node.children.get(SLOT);
          if (!child) {
            child = { children: new Map(), groups: [] };
            node.children.set(SLOT, child);
          }
        } else {
          child = { children: new Map(), groups: [] };
          node.children.set(key, child);
        }
      }
      node = child;
    }
    return node;
  }
}

/** The values at the template's `<*>` slots. */
export function slotValues(template: readonly string[], tokens: readonly string[]): string[] {
  const values: string[] = [];
  for (let i = 0; i < template.length; i++) if (template[i] === SLOT) values.push(tokens[i] ?? '');
  return values;
}
