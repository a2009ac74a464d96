// Atlassian Document Format → plain text, for descriptions and comment bodies (Cloud, REST v3).
// Data Center sends wiki-markup strings, which pass through unchanged.

const BLOCKS = new Set([
  'paragraph',
  'heading',
  'blockquote',
  'codeBlock',
  'listItem',
  'panel',
  'tableRow',
  'rule',
  'mediaSingle',
  'expand',
  'decisionItem',
  'taskItem',
]);

interface AdfNode {
  type?: unknown;
  text?: unknown;
  attrs?: Record<string, unknown>;
  content?: unknown;
}

export function adfToText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value !== 'object') return String(value);
  const lines: string[] = [];
  let line = '';
  const flush = () => {
    lines.push(line.replace(/[ \t]+$/g, ''));
    line = '';
  };
  const walk = (node: AdfNode, listDepth: number) => {
    const type = typeof node.type === 'string' ? node.type : '';
    if (type === 'text' && typeof node.text === 'string') {
      line += node.text;
      return;
    }
    if (type === 'hardBreak') return flush();
    if (type === 'mention' || type === 'emoji') {
      line += String(node.attrs?.text ?? node.attrs?.shortName ?? '');
      return;
    }
    if (type === 'inlineCard' || type === 'blockCard') {
      line += String(node.attrs?.url ?? '');
      return;
    }
    if (type === 'listItem') line += `${'  '.repeat(Math.max(0, listDepth - 1))}- `;
    const nextDepth = type === 'bulletList' || type === 'orderedList' ? listDepth + 1 : listDepth;
    if (Array.isArray(node.content)) {
      for (const child of node.content)
        if (child && typeof child === 'object') walk(child as AdfNode, nextDepth);
    }
    if (type === 'tableCell' || type === 'tableHeader') line += ' | ';
    if (BLOCKS.has(type) && line !== '') flush();
  };
  walk(value as AdfNode, 0);
  if (line !== '') flush();
  return lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
