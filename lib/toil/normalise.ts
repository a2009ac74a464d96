// Text normalisation for toil mining: strip mail noise, then mask variable parts into typed
// placeholders so "create repo billing-api" and "create repo search-ui" read alike.

export const PLACEHOLDERS = [
  '<email>',
  '<url>',
  '<ip>',
  '<path>',
  '<host>',
  '<key>',
  '<version>',
  '<id>',
  '<num>',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const GREETING_LINE =
  /^(?:hi|hello|hey|hiya|dear|greetings|good (?:morning|afternoon|evening)|morning|afternoon)\b[^\n]{0,40}$/;
const SIGN_OFF_LINE =
  /^(?:(?:thanks?(?: you)?|thx|ty|cheers|ta|best(?: regards| wishes)?|(?:kind|warm|many) (?:regards|thanks)|regards|appreciate it|br|sincerely|sent from my)\b[^\n]{0,30}|--|__+)$/;
const QUOTE_HEADER = /^(?:on .{0,120} wrote:|-+ ?(?:original|forwarded) message ?-+|from: .+|sent: .+)$/;
const RECEIVED_FROM = /^received from:[^\n]*$/;

/** Removes greetings, sign-offs and everything after, and quoted or forwarded mail. Input lower-cased. */
export function stripMailNoise(lower: string): string {
  const lines = lower.split(/\r?\n/);
  const kept: string[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('>')) continue;
    if (QUOTE_HEADER.test(line) || SIGN_OFF_LINE.test(line)) break;
    if (RECEIVED_FROM.test(line)) continue;
    if (kept.length === 0 && GREETING_LINE.test(line)) continue;
    kept.push(line);
  }
  return kept.join('\n');
}

// Order matters: wider shapes (emails, URLs) before the parts they contain (hosts, numbers).
const MASKS: [RegExp, Placeholder][] = [
  [/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, '<email>'],
  [/\b(?:https?|ftp|ssh|git):\/\/[^\s<>"')]+/g, '<url>'],
  [/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g, '<ip>'],
  [/(?:\b[a-z]:\\|\\\\)[^\s]+|(?<![\w.])(?:~|\.{1,2})?\/[\w.@%+~-]+(?:\/[\w.@%+~-]*)+/g, '<path>'],
  [
    /\b(?:[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?\.)+(?:com|net|org|io|dev|local|internal|corp|cloud|co|uk|de|lan|int|svc)\b/g,
    '<host>',
  ],
  [/\b[a-z][a-z0-9]{1,9}-\d+\b/g, '<key>'],
  [/\bv?\d+(?:\.\d+){1,3}(?:-[a-z0-9.]+)?\b/g, '<version>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, '<id>'],
  [/\b0x[0-9a-f]+\b|\b(?=[a-f]*\d)[0-9a-f]{12,}\b/g, '<id>'],
  [/\b\d+\b/g, '<num>'],
];

const HAS_DIGIT = /\d/;
// One trigger per entry of MASKS, in the same order: a cheap pattern every match of that mask contains
// (for hosts: the ".tld" ending, so the backtracking host pattern only runs where one is).
const MASK_TRIGGERS: RegExp[] = [
  /@/,
  /:\/\//,
  HAS_DIGIT,
  /[/\\]/,
  /\.(?:com|net|org|io|dev|local|internal|corp|cloud|co|uk|de|lan|int|svc)\b/,
  HAS_DIGIT,
  HAS_DIGIT,
  /-/,
  HAS_DIGIT,
  HAS_DIGIT,
];

// Names with digits keep their shape ("job_1424" → "job_#", "sid_37cold" → "sid_#cold"): the shape
// says what kind of thing it is, the digits only which one.
const SHAPED_ID = /\b(?=[a-z_]*\d)(?=\d*[a-z_])[a-z0-9_]{3,}\b/g;

/** The first name-with-digits in a title ("job_1424"), before masking: a recurring one is its own type. */
export function firstNamedId(lowerTitle: string): string | null {
  const match = lowerTitle.match(/(?<![\w.@/-])(?=[a-z_]*\d)(?=\d*[a-z_])[a-z0-9_]{3,}(?![\w.@/-])/);
  return match ? match[0] : null;
}

/** Masks ids, numbers, emails, URLs, hosts, IPs, paths, versions and ticket keys. Input lower-cased. */
export function maskVariables(lower: string): string {
  let out = lower;
  // Most masks cannot match without a trigger character; testing for it first skips the regex
  // scan on the common ticket that has no digits, '@', '/' or '.', with the same result.
  for (let i = 0; i < MASKS.length; i++) {
    const [pattern, placeholder] = MASKS[i] as [RegExp, Placeholder];
    const trigger = MASK_TRIGGERS[i] as RegExp;
    if (trigger.test(out)) out = out.replace(pattern, placeholder);
  }
  return HAS_DIGIT.test(out) ? out.replace(SHAPED_ID, (id) => id.replace(/\d+/g, '#')) : out;
}

export interface NormaliseOptions {
  /** Keep at most this many characters of the cleaned text (descriptions: only the start matters). */
  maxChars?: number;
}

/** Lower-case, strip mail noise, mask variables. */
export function normaliseText(text: string, options: NormaliseOptions = {}): string {
  const head = options.maxChars ? text.slice(0, options.maxChars * 4) : text;
  let cleaned = maskVariables(stripMailNoise(head.toLowerCase()));
  if (options.maxChars && cleaned.length > options.maxChars) cleaned = cleaned.slice(0, options.maxChars);
  return cleaned;
}

const TITLE_PREFIX =
  /^(?:(?:re|fw|fwd|aw|sv)\s*:\s*|\[[^\]]{1,40}\]\s*|urgent\s*[:!-]\s*|[a-z0-9-]{2,20} - )+/;
const TITLE_SUFFIX = /\s*(?:\(urgent\)|\bpls\b|\bplease\b|[?!.]+)\s*$/;

/** A title for template mining: mail prefixes ("Re:", "[team]", "URGENT:") and trailing noise removed. */
export function normaliseTitle(title: string): string {
  let t = title.toLowerCase().trim();
  t = t.replace(TITLE_PREFIX, '');
  for (let i = 0; i < 2; i++) t = t.replace(TITLE_SUFFIX, '');
  return maskVariables(t);
}

const TOKEN = /<[a-z]+>|[\p{L}\p{N}_#]+(?:['’]\p{L}+)?/gu;

// Ops shorthand and its long forms, so "repository" and "repo" are one word.
const SYNONYMS: ReadonlyMap<string, string> = new Map([
  ['repository', 'repo'],
  ['repositories', 'repo'],
  ['database', 'db'],
  ['databases', 'db'],
  ['kubernetes', 'k8s'],
  ['certificate', 'cert'],
  ['certificates', 'cert'],
  ['permissions', 'permission'],
  ['credentials', 'credential'],
  ['passwords', 'password'],
  ['environments', 'environment'],
  ['env', 'environment'],
]);

/** A light stem: a plural "s" dropped (not "ss", "us", "is"), shorthand unified. */
export function stem(word: string): string {
  const synonym = SYNONYMS.get(word);
  if (synonym) return synonym;
  if (word.length > 3 && word.endsWith('s') && !/(?:ss|us|is|'s)$/.test(word) && !word.startsWith('<')) {
    return word.slice(0, -1);
  }
  return word;
}

/** Word tokens of normalised text, stemmed; placeholders stay whole. */
export function tokenise(normalised: string): string[] {
  const words = normalised.match(TOKEN) ?? [];
  for (let i = 0; i < words.length; i++) words[i] = stem(words[i] as string);
  return words;
}

/** Words too common to say anything about the request type. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but if then of to in on at for from by with without into onto over under as is are was were be been ' +
    'being am i me my we our us you your he she it its they them their this that these those there here what which who ' +
    'whom when where why how can could would should will shall may might must do does did done have has had having not ' +
    'no yes so too very just also please pls kindly need needs needed want wants like get got some any all each every ' +
    'one able would hello hi hey thanks thank regards dear team help hey let know us via per up out about again ' +
    'still now today asap urgent re fw fwd'
  ).split(' '),
);
