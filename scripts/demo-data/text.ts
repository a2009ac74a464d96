// The noise real requesters add around a request: greetings, sign-offs, quoted mail, typos,
// shouting, forwarded subjects. Toil mining must see through all of it.
import type { Person } from './people';
import type { Rng } from './prng';

const GREETINGS = [
  'Hi team,',
  'Hi platform team,',
  'Hello,',
  'Hey folks,',
  'Hi all,',
  'Morning!',
  'Hi there,',
  'Hey platform 👋',
  'Good afternoon,',
  'Hello platform folks,',
  'Hiya,',
];

const CLOSINGS = [
  'Thanks',
  'Thanks!',
  'Thank you',
  'Cheers',
  'Many thanks',
  'Thx',
  'Best',
  'Appreciate it',
  'Ta',
];

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function greeting(rng: Rng, who: Person | null): string {
  if (rng.chance(0.18)) return '';
  if (who && rng.chance(0.12)) return `Hi ${who.first},`;
  return rng.pick(GREETINGS);
}

/** A sign-off followed by `mark`, unless it already ends in punctuation ("Thanks!"). */
function closing(rng: Rng, mark: string): string {
  const word = rng.pick(CLOSINGS);
  return /[!.]$/.test(word) ? word : `${word}${mark}`;
}

export function signature(rng: Rng, who: Person): string {
  const r = rng.next();
  if (r < 0.15) return '';
  if (r < 0.45) return `${closing(rng, ',')}\n${who.first}`;
  if (r < 0.75) return `${closing(rng, ',')}\n${who.name}\n${who.team} team`;
  if (r < 0.9) return `${rng.pick(CLOSINGS)}\n-- \n${who.name} | ${who.team} | ${who.handle}@acme.io`;
  return `${closing(rng, ',')} ${who.first[0] ?? ''}.`;
}

/** A quoted earlier mail, the way mail-to-ticket gateways keep it. */
export function quotedMail(rng: Rng, at: number, author: Person, text: string): string {
  const d = new Date(at - rng.int(1, 72) * 3_600_000);
  const hour = d.getUTCHours() % 12 || 12;
  const when = `${WEEKDAYS[d.getUTCDay()]}, ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()} at ${hour}:${String(d.getUTCMinutes()).padStart(2, '0')} ${d.getUTCHours() < 12 ? 'AM' : 'PM'}`;
  const quoted = text
    .split('\n')
    .map((line) => (line ? `> ${line}` : '>'))
    .join('\n');
  return `> On ${when} ${author.name} <${author.handle}@acme.io> wrote:\n${quoted}`;
}

/** Swap two neighbouring letters in one longer word: the commonest typing slip. */
export function typo(rng: Rng, text: string): string {
  const words = text.split(' ');
  const candidates = words.map((w, i) => (/^[a-z]{5,}$/i.test(w) ? i : -1)).filter((i) => i >= 0);
  if (candidates.length === 0) return text;
  const index = rng.pick(candidates);
  const word = words[index] ?? '';
  const at = rng.int(1, word.length - 3);
  words[index] = word.slice(0, at) + (word[at + 1] ?? '') + (word[at] ?? '') + word.slice(at + 2);
  return words.join(' ');
}

/** Casing, prefixes and slips applied to a title after its phrasing was chosen. */
export function roughenTitle(rng: Rng, title: string, team: string, urgent: boolean): string {
  let out = title;
  if (rng.chance(0.07)) out = typo(rng, out);
  const r = rng.next();
  if (r < 0.12) out = out.toLowerCase();
  else if (r < 0.14) out = out.toUpperCase();
  const p = rng.next();
  if (p < 0.08) out = `[${team}] ${out}`;
  else if (p < 0.11) out = `Re: ${out}`;
  else if (p < 0.13) out = `Fwd: ${out}`;
  else if (p < 0.15) out = `${team.toUpperCase()} - ${out}`;
  if (urgent && rng.chance(0.3)) out = rng.chance(0.5) ? `URGENT: ${out}` : `${out} (urgent)`;
  if (rng.chance(0.04)) out = `${out}?`;
  else if (rng.chance(0.03)) out = `${out} pls`;
  return out;
}

export interface DescriptionParts {
  rng: Rng;
  at: number;
  requester: Person;
  body: string;
  /** Someone whose earlier mail the requester forwards, when the ticket came in by mail. */
  forwardedFrom: Person | null;
}

export function describe({ rng, at, requester, body, forwardedFrom }: DescriptionParts): string {
  const parts: string[] = [];
  const hello = greeting(rng, null);
  if (hello) parts.push(hello);
  parts.push(rng.chance(0.05) ? typo(rng, body) : body);
  const sign = signature(rng, requester);
  if (sign) parts.push(sign);
  if (forwardedFrom) {
    const earlier = `${greeting(rng, requester) || 'Hi,'}\n${rng.pick(FORWARDED_ASKS)}\n${forwardedFrom.first}`;
    parts.push(quotedMail(rng, at, forwardedFrom, earlier));
  }
  return parts.join('\n\n');
}

const FORWARDED_ASKS = [
  'Can you raise this with platform? We are blocked until it is done.',
  'Could you file this with the platform team please, I do not have access to the portal.',
  'Can we get this sorted before the sprint starts?',
  'This is needed for the launch next week, can you chase?',
  'Please ask platform, they normally handle these.',
];
