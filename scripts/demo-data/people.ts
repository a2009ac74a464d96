// The demo organisation: one platform team and the product teams that file requests to it.
// Names are fixed (built from a constant seed), so every seed shows the same people.
import { Rng, WeightedPicker } from './prng';

export interface Person {
  name: string;
  first: string;
  handle: string;
  team: string;
}

export interface RequesterTeam {
  name: string;
  services: readonly string[];
  people: readonly Person[];
}

export const PLATFORM_TEAM = 'platform';
export const BOT = 'jira-automation';

export const ENGINEERS: readonly Person[] = [
  'Dana Whitfield',
  'Marcus Oyelaran',
  'Sofia Lindqvist',
  'Kenji Watanabe',
  'Ravi Subramanian',
  'Elena Petrova',
].map((name) => person(name, PLATFORM_TEAM));

// A senior who also leads and a part-timer take fewer tickets than the rest.
export const ENGINEER_PICKER = new WeightedPicker(ENGINEERS, [0.7, 1.2, 1.2, 1.1, 1.0, 0.6]);

const TEAM_SERVICES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['payments', ['payments-api', 'ledger', 'payouts-worker']],
  ['checkout', ['checkout-web', 'cart-service', 'promo-engine']],
  ['data-eng', ['etl-runner', 'warehouse-loader', 'kafka-connect']],
  ['search', ['search-api', 'search-indexer', 'query-suggest']],
  ['mobile', ['mobile-bff', 'push-gateway', 'app-config']],
  ['identity', ['auth-service', 'sso-proxy', 'user-profile']],
  ['billing', ['invoicing', 'subscriptions', 'tax-calc']],
  ['ml-platform', ['feature-store', 'model-serving', 'training-jobs']],
  ['growth', ['experiments', 'referral-service']],
  ['notifications', ['notifier', 'email-sender', 'sms-gateway']],
  ['fraud', ['fraud-scorer', 'rules-engine']],
  ['catalog', ['catalog-api', 'media-service']],
  ['web-frontend', ['storefront', 'web-ssr']],
  ['pricing', ['pricing-engine', 'price-feeds']],
  ['logistics', ['shipping-api', 'route-planner', 'warehouse-sync']],
  ['analytics', ['events-collector', 'dashboards-api']],
  ['partner-api', ['partner-gateway', 'webhooks-relay']],
  ['onboarding', ['kyc-service', 'signup-flow']],
  ['support-tools', ['helpdesk-bridge', 'agent-console']],
  ['risk', ['risk-engine', 'limits-service']],
  ['marketing-tech', ['campaign-service', 'crm-sync']],
  ['inventory', ['stock-service', 'reservations']],
  ['messaging', ['chat-service', 'inbox-api']],
  ['content', ['cms-api', 'asset-pipeline']],
  ['security', ['secrets-broker', 'audit-log']],
];

const FIRST = [
  'Alice',
  'Aarav',
  'Beatriz',
  'Bongani',
  'Carlos',
  'Chloe',
  'Daniel',
  'Deepa',
  'Emeka',
  'Emma',
  'Fatima',
  'Felix',
  'Grace',
  'Hana',
  'Hugo',
  'Ines',
  'Isaac',
  'Jamal',
  'Julia',
  'Kavya',
  'Liam',
  'Lucia',
  'Mateo',
  'Mei',
  'Nadia',
  'Noah',
  'Olga',
  'Omar',
  'Priya',
  'Quentin',
  'Rosa',
  'Samir',
  'Sarah',
  'Tomas',
  'Uma',
  'Valentina',
  'Wei',
  'Yara',
  'Yusuf',
  'Zoe',
  'Anders',
  'Chen',
  'Diego',
  'Freya',
  'Gabriel',
  'Ingrid',
  'Jonas',
  'Leila',
  'Marta',
  'Nikhil',
  'Paulo',
  'Rahul',
  'Sven',
  'Tariq',
  'Wendy',
  'Xavier',
];
const LAST = [
  'Chen',
  'Okafor',
  'Silva',
  'Müller',
  'Nguyen',
  'Kowalski',
  'Haddad',
  'Johansson',
  'Rossi',
  'Patel',
  'García',
  'Kim',
  'Dubois',
  'Novak',
  'Mensah',
  'Tanaka',
  'Schmidt',
  'Costa',
  'Ahmed',
  'Murphy',
  'Ivanova',
  'Fischer',
  'Moreau',
  'Singh',
  'Lopez',
  'Andersen',
  'Bianchi',
  'Yilmaz',
  "O'Brien",
  'Hoang',
  'Sato',
  'Reyes',
  'Lindgren',
  'Kaur',
  'Abebe',
  'Park',
  'Martins',
  'Nakamura',
  'Weber',
  'Torres',
];

function person(name: string, team: string): Person {
  const [first = name, ...rest] = name.split(' ');
  const handle = `${first}.${rest.join('')}`
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z.]/g, '');
  return { name, first, handle, team };
}

function buildTeams(): RequesterTeam[] {
  const rng = new Rng(0x5eed);
  const used = new Set<string>(ENGINEERS.map((e) => e.name));
  return TEAM_SERVICES.map(([name, services]) => {
    const people: Person[] = [];
    const size = rng.int(3, 8);
    while (people.length < size) {
      const full = `${rng.pick(FIRST)} ${rng.pick(LAST)}`;
      if (used.has(full)) continue;
      used.add(full);
      people.push(person(full, name));
    }
    return { name, services, people };
  });
}

export const REQUESTER_TEAMS: readonly RequesterTeam[] = buildTeams();

// Zipf-like: a few big product teams file most of the requests.
export const TEAM_PICKER = new WeightedPicker(
  REQUESTER_TEAMS,
  REQUESTER_TEAMS.map((_, i) => 1 / (i + 1) ** 0.8),
);

/** People who have not joined yet: the subjects of access requests for new joiners. */
export function newJoinerName(rng: Rng): string {
  return `${rng.pick(FIRST)} ${rng.pick(LAST)}`;
}
