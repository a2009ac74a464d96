// The request types the platform team sees, with how often they come, how long they take and
// the many ways people phrase them. Weights and handling times are the demo's ground truth.
import type { Person, RequesterTeam } from './people';
import type { Rng } from './prng';

export type TicketKind = 'request' | 'incident' | 'task';
export type IssueType = 'Service Request' | 'Access' | 'Incident' | 'Task';
export type Priority = 'P1' | 'P2' | 'P3' | 'P4';
export const PRIORITIES: readonly Priority[] = ['P1', 'P2', 'P3', 'P4'];

export interface TextContext {
  rng: Rng;
  requester: Person;
  team: RequesterTeam;
  service: string;
  joiner: string;
}

export interface RequestText {
  title: string;
  body: string;
}

export interface RequestType {
  id: string;
  kind: TicketKind;
  issueType: IssueType;
  /** Relative arrival weight. */
  weight: number;
  labels: readonly string[];
  /** Weights of P1…P4 as filed. */
  priorityWeights: readonly [number, number, number, number];
  /** Hands-on time: log-normal, in minutes of working time. */
  handling: { medianMinutes: number; sigma: number };
  /** Share that needs something from the requester (approval, a detail) mid-way. */
  waitingChance: number;
  /** Share that goes through In Review before Done. */
  reviewChance: number;
  write(c: TextContext): RequestText;
}

type Spec<P> = Omit<RequestType, 'write'> & {
  params: (c: TextContext) => P;
  titles: ReadonlyArray<(p: P, c: TextContext) => string>;
  bodies: ReadonlyArray<(p: P, c: TextContext) => string>;
};

function defineType<P>(spec: Spec<P>): RequestType {
  const { params, titles, bodies, ...rest } = spec;
  return {
    ...rest,
    write(c) {
      const p = params(c);
      return { title: c.rng.pick(titles)(p, c), body: c.rng.pick(bodies)(p, c) };
    },
  };
}

const ENVS = ['staging', 'prod', 'production', 'dev', 'qa', 'sandbox', 'perf'];
const REGIONS = ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1'];
const CLUSTERS = ['prod-use1', 'prod-usw2', 'staging-use1', 'dev-use1', 'prod-euw1'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'EOD', 'end of week', 'next sprint'];

const env = (rng: Rng) => rng.pick(ENVS);
const hex = (rng: Rng, n: number) => {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[rng.int(0, 15)];
  return s;
};
const version = (rng: Rng) => `${rng.int(1, 4)}.${rng.int(0, 24)}.${rng.int(0, 12)}`;
const host = (rng: Rng, service: string, e: string) =>
  rng.chance(0.5) ? `${service}.${e}.internal.acme.io` : `${service}-${rng.int(1, 12)}.${e}.acme.net`;
const bullet = (lines: ReadonlyArray<readonly [string, string]>) =>
  lines.map(([k, v]) => `${k}: ${v}`).join('\n');
const dashed = (lines: ReadonlyArray<readonly [string, string]>) =>
  lines.map(([k, v]) => `- ${k}: ${v}`).join('\n');

const REPO_SUFFIX = [
  'v2',
  'worker',
  'infra',
  'migrations',
  'client',
  'sdk',
  'e2e',
  'docs',
  'terraform',
  'poc',
  'cron',
  'ui',
  'proto',
  'jobs',
  'lambda',
];
const TEMPLATES = [
  'node-service',
  'go-service',
  'python-lib',
  'terraform-module',
  'java-spring',
  'react-app',
];

const createRepo = defineType({
  id: 'create-repo',
  kind: 'request',
  issueType: 'Service Request',
  weight: 14,
  labels: ['repo', 'github'],
  priorityWeights: [0, 0.03, 0.6, 0.37],
  handling: { medianMinutes: 15, sigma: 0.6 },
  waitingChance: 0.08,
  reviewChance: 0,
  params: ({ rng, service, team }) => ({
    repo: rng.chance(0.7) ? `${service}-${rng.pick(REPO_SUFFIX)}` : `${team.name}-${rng.pick(REPO_SUFFIX)}`,
    org: rng.chance(0.8) ? 'acme' : 'acme-internal',
    visibility: rng.chance(0.85) ? 'private' : 'internal',
    template: rng.pick(TEMPLATES),
    by: rng.pick(DAYS),
  }),
  titles: [
    (p) => `Create repo ${p.repo}`,
    (p, c) => `New GitHub repository for ${c.team.name}: ${p.repo}`,
    (p) => `Please create a new repo "${p.repo}"`,
    (p) => `repo request - ${p.repo}`,
    (p) => `Create repository ${p.org}/${p.repo} (${p.visibility})`,
    (_, c) => `Can we get a new repo for the ${c.team.name} team?`,
    (p) => `Repo creation: ${p.repo} w/ ${p.template} template`,
    (p) => `set up git repo ${p.repo} + branch protection`,
    (p) => `New service repo: ${p.repo}`,
    (p, c) => `Need a repo for ${c.service} ${p.repo.split('-').pop() ?? ''}`,
    (p) => `create github repo ${p.org}/${p.repo}`,
  ],
  bodies: [
    (p, c) =>
      `We need a new repository for ${c.service}.\n\n${bullet([
        ['Name', p.repo],
        ['Org', p.org],
        ['Visibility', p.visibility],
        ['Template', p.template],
        ['Write access', `@${p.org}/${c.team.name}`],
      ])}`,
    (p, c) =>
      `Could you create ${p.org}/${p.repo} from the ${p.template} template and give ${c.team.name} admin? Would be great to have it by ${p.by}.`,
    (p, c) =>
      `Starting the ${p.repo} work this sprint. Please set up:\n${dashed([
        ['repo', `${p.org}/${p.repo}`],
        ['branch protection', 'main, 1 review'],
        ['CODEOWNERS', `@${p.org}/${c.team.name}`],
        ['CI', 'default GitHub Actions workflow'],
      ])}`,
  ],
});

const SECRETS = [
  'STRIPE_API_KEY',
  'SENTRY_DSN',
  'NPM_TOKEN',
  'DATADOG_API_KEY',
  'SNOWFLAKE_PASSWORD',
  'GCP_SA_JSON',
  'SLACK_WEBHOOK_URL',
  'PACT_BROKER_TOKEN',
  'CODECOV_TOKEN',
  'DOCKERHUB_TOKEN',
  'ALGOLIA_ADMIN_KEY',
  'TWILIO_AUTH_TOKEN',
];

const ciSecret = defineType({
  id: 'ci-secret',
  kind: 'request',
  issueType: 'Service Request',
  weight: 10,
  labels: ['ci', 'secrets'],
  priorityWeights: [0, 0.06, 0.64, 0.3],
  handling: { medianMinutes: 12, sigma: 0.6 },
  waitingChance: 0.1,
  reviewChance: 0,
  params: ({ rng, service }) => ({
    secret: rng.pick(SECRETS),
    repo: rng.chance(0.6) ? service : `${service}-${rng.pick(REPO_SUFFIX)}`,
    env: env(rng),
    vault: `secret/${service}/${env(rng)}/${hex(rng, 6)}`,
  }),
  titles: [
    (p) => `Add ${p.secret} to CI for ${p.repo}`,
    (p) => `CI secret: ${p.secret} (${p.env})`,
    (p) => `Please add secret ${p.secret} to GitHub Actions in ${p.repo}`,
    (p) => `need ${p.secret} in the pipeline for ${p.repo}`,
    (p) => `Add a CI secret to ${p.repo}`,
    (p) => `Github actions secret ${p.secret} for ${p.env}`,
    (p) => `Update ${p.secret} secret in CI (${p.repo})`,
    (p) => `Secret for ${p.repo} pipeline - ${p.secret.toLowerCase()}`,
  ],
  bodies: [
    (p) =>
      `Our ${p.env} deploy job needs ${p.secret}. The value is in Vault at ${p.vault}.\n\nRepo: ${p.repo}\nScope: repository (not org)`,
    (p) =>
      `Please add ${p.secret} as an Actions secret on ${p.repo}; the value is in 1Password under "${p.repo} ${p.env}".`,
    (p) =>
      `${dashed([
        ['repo', p.repo],
        ['secret name', p.secret],
        ['environment', p.env],
        ['source', p.vault],
      ])}\n\nBuild is red until this is in.`,
  ],
});

const postgres = defineType({
  id: 'provision-postgres',
  kind: 'request',
  issueType: 'Service Request',
  weight: 5,
  labels: ['database', 'postgres', 'rds'],
  priorityWeights: [0, 0.05, 0.65, 0.3],
  handling: { medianMinutes: 150, sigma: 0.6 },
  waitingChance: 0.25,
  reviewChance: 0.7,
  params: ({ rng, service }) => ({
    db: `${service.replace(/-/g, '_')}_${rng.pick(['db', 'prod', 'main', 'events', 'reporting'])}`,
    version: rng.pick(['14', '15', '16', '16.4', '15.7']),
    size: rng.pick(['db.t4g.medium', 'db.r6g.large', 'db.r6g.xlarge', 'db.m6g.large']),
    storage: rng.pick([50, 100, 200, 500, 1000]),
    env: env(rng),
    region: rng.pick(REGIONS),
  }),
  titles: [
    (p) => `Provision Postgres database ${p.db} (${p.env})`,
    (p) => `New RDS Postgres ${p.version} for ${p.db}`,
    (_, c) => `Need a database for ${c.service}`,
    (p) => `postgres db request: ${p.db} / ${p.env}`,
    (p) => `Create PostgreSQL instance ${p.db} in ${p.region}`,
    (p, c) => `DB provisioning - ${c.service} ${p.env}`,
    (p) => `Can we get a ${p.size} Postgres for ${p.db}?`,
  ],
  bodies: [
    (p, c) =>
      `${c.service} needs its own database.\n\n${bullet([
        ['Engine', `PostgreSQL ${p.version}`],
        ['Instance', p.size],
        ['Storage', `${p.storage} GB`],
        ['Environment', p.env],
        ['Region', p.region],
        ['Owner', c.team.name],
      ])}`,
    (p) =>
      `We are splitting ${p.db} out of the shared cluster. Could you provision a ${p.size} with ${p.storage}GB in ${p.env}? Multi-AZ only for prod please.`,
    (p) =>
      `Hoping to get a new postgres (v${p.version}) for ${p.db}. Expected load is small, ~${p.storage} GB in a year. Read replica not needed yet.`,
  ],
});

const s3 = defineType({
  id: 's3-bucket',
  kind: 'request',
  issueType: 'Service Request',
  weight: 5,
  labels: ['aws', 's3'],
  priorityWeights: [0, 0.04, 0.6, 0.36],
  handling: { medianMinutes: 35, sigma: 0.6 },
  waitingChance: 0.1,
  reviewChance: 0.15,
  params: ({ rng, service }) => ({
    bucket: `acme-${service}-${rng.pick(['exports', 'uploads', 'backups', 'artifacts', 'logs', 'reports'])}-${env(rng)}`,
    region: rng.pick(REGIONS),
    retention: rng.pick([7, 30, 90, 365]),
  }),
  titles: [
    (p) => `S3 bucket ${p.bucket}`,
    (p) => `Create S3 bucket for ${p.bucket.split('-').slice(1, -1).join('-')}`,
    (p) => `New bucket request: ${p.bucket} (${p.region})`,
    (p) => `need an s3 bucket - ${p.bucket}`,
    (_, c) => `Bucket for ${c.service} file exports`,
    (p) => `Please create bucket ${p.bucket} with lifecycle ${p.retention}d`,
  ],
  bodies: [
    (p, c) =>
      `${bullet([
        ['Bucket', p.bucket],
        ['Region', p.region],
        ['Lifecycle', `expire after ${p.retention} days`],
        ['Access', `${c.service} IAM role only`],
        ['Encryption', 'SSE-KMS'],
      ])}`,
    (p, c) =>
      `${c.service} will write nightly exports here. Can you create ${p.bucket} in ${p.region} and give the service role write access? Objects can expire after ${p.retention} days.`,
  ],
});

const redis = defineType({
  id: 'redis-cache',
  kind: 'request',
  issueType: 'Service Request',
  weight: 3,
  labels: ['redis', 'elasticache'],
  priorityWeights: [0, 0.05, 0.65, 0.3],
  handling: { medianMinutes: 90, sigma: 0.6 },
  waitingChance: 0.15,
  reviewChance: 0.4,
  params: ({ rng }) => ({
    version: rng.pick(['6.2', '7.0', '7.1', '7.2']),
    node: rng.pick(['cache.t4g.small', 'cache.r6g.large', 'cache.m6g.large']),
    env: env(rng),
  }),
  titles: [
    (p, c) => `Redis cache for ${c.service} (${p.env})`,
    (p, c) => `New ElastiCache Redis ${p.version} cluster - ${c.service}`,
    (_, c) => `need redis for ${c.service} sessions`,
    (p, c) => `Provision redis ${p.node} for ${c.team.name}`,
    (p, c) => `Cache cluster request: ${c.service}-${p.env}`,
  ],
  bodies: [
    (p, c) =>
      `${bullet([
        ['Service', c.service],
        ['Engine', `Redis ${p.version}`],
        ['Node type', p.node],
        ['Environment', p.env],
        ['Cluster mode', 'disabled'],
      ])}`,
    (p, c) =>
      `We want to move ${c.service} rate limiting off Postgres. A small ${p.node} in ${p.env} should be plenty to start.`,
  ],
});

const repoAccess = defineType({
  id: 'repo-access',
  kind: 'request',
  issueType: 'Access',
  weight: 8,
  labels: ['access', 'github', 'onboarding'],
  priorityWeights: [0, 0.05, 0.7, 0.25],
  handling: { medianMinutes: 8, sigma: 0.6 },
  waitingChance: 0.3,
  reviewChance: 0,
  params: ({ rng, joiner, team }) => ({
    gh: `${joiner.split(' ')[0]?.toLowerCase() ?? 'new'}-${rng.pick(['acme', 'dev', hex(rng, 3)])}`,
    start: rng.pick(DAYS),
    teamSlug: `acme/${team.name}`,
  }),
  titles: [
    (_, c) => `GitHub access for new joiner ${c.joiner}`,
    (p, c) => `Add ${c.joiner} (${p.gh}) to ${p.teamSlug}`,
    (_, c) => `Repo access for ${c.joiner}`,
    (p) => `please add ${p.gh} to our github team`,
    (_, c) => `New starter ${c.joiner} - needs access to ${c.team.name} repos`,
    (_, c) => `Onboarding: GitHub org invite for ${c.joiner}`,
    (_, c) => `access to ${c.service} repo`,
  ],
  bodies: [
    (p, c) =>
      `${c.joiner} joins ${c.team.name} on ${p.start}. Please invite GitHub user ${p.gh} to the org and add them to ${p.teamSlug} (write).`,
    (p, c) =>
      `${dashed([
        ['name', c.joiner],
        ['github', p.gh],
        ['team', p.teamSlug],
        ['role', 'member'],
        ['manager', c.requester.name],
      ])}`,
  ],
});

const awsAccess = defineType({
  id: 'aws-access',
  kind: 'request',
  issueType: 'Access',
  weight: 7,
  labels: ['access', 'aws', 'onboarding'],
  priorityWeights: [0, 0.05, 0.7, 0.25],
  handling: { medianMinutes: 20, sigma: 0.7 },
  waitingChance: 0.35,
  reviewChance: 0,
  params: ({ rng, team }) => ({
    account: `${team.name}-${rng.pick(['prod', 'staging', 'dev', 'sandbox'])}`,
    accountId: String(rng.int(100000000000, 999999999999)),
    role: rng.pick(['ReadOnly', 'Developer', 'PowerUser', 'DataAnalyst']),
  }),
  titles: [
    (p, c) => `AWS access for ${c.joiner} (${p.account})`,
    (p, c) => `Cloud access: ${c.joiner} - ${p.role} on ${p.account}`,
    (p) => `Need ${p.role} role in AWS account ${p.accountId}`,
    (_, c) => `aws console access for new hire ${c.joiner}`,
    (p) => `Request access to ${p.account} AWS account`,
    (p, c) => `SSO permission set ${p.role} for ${c.joiner}`,
  ],
  bodies: [
    (p, c) =>
      `Please grant ${c.joiner} the ${p.role} permission set on ${p.account} (${p.accountId}). I am their manager and approve.`,
    (p, c) =>
      `${bullet([
        ['User', c.joiner],
        ['Account', `${p.account} / ${p.accountId}`],
        ['Permission set', p.role],
        ['Duration', 'permanent'],
      ])}\n\nManager approval attached.`,
  ],
});

const dns = defineType({
  id: 'dns-record',
  kind: 'request',
  issueType: 'Service Request',
  weight: 5,
  labels: ['dns', 'route53'],
  priorityWeights: [0, 0.06, 0.6, 0.34],
  handling: { medianMinutes: 20, sigma: 0.6 },
  waitingChance: 0.1,
  reviewChance: 0.1,
  params: ({ rng, service }) => {
    const e = env(rng);
    return {
      name: rng.chance(0.5) ? `${service}.${e}.acme.io` : `${service.split('-')[0] ?? service}.acme.com`,
      type: rng.pick(['CNAME', 'A', 'CNAME', 'TXT', 'ALIAS']),
      target: host(rng, service, e),
      ttl: rng.pick([60, 300, 3600]),
    };
  },
  titles: [
    (p) => `DNS record for ${p.name}`,
    (p) => `Add ${p.type} record ${p.name} -> ${p.target}`,
    (p) => `dns: ${p.name}`,
    (p) => `Please create ${p.type} ${p.name}`,
    (p) => `New DNS entry ${p.name} (TTL ${p.ttl})`,
    (p) => `Point ${p.name} at the new load balancer`,
  ],
  bodies: [
    (p) =>
      `${bullet([
        ['Name', p.name],
        ['Type', p.type],
        ['Value', p.target],
        ['TTL', String(p.ttl)],
      ])}`,
    (p) =>
      `We are cutting over to the new LB tomorrow. Could you add ${p.type} ${p.name} pointing to ${p.target}?`,
  ],
});

const tls = defineType({
  id: 'tls-renewal',
  kind: 'request',
  issueType: 'Service Request',
  weight: 3,
  labels: ['tls', 'certificates'],
  priorityWeights: [0.01, 0.2, 0.6, 0.19],
  handling: { medianMinutes: 60, sigma: 0.7 },
  waitingChance: 0.1,
  reviewChance: 0.1,
  params: ({ rng, service }) => ({
    domain: rng.chance(0.5) ? `${service}.acme.com` : `*.${env(rng)}.acme.io`,
    days: rng.int(2, 30),
    issuer: rng.pick(['DigiCert', "Let's Encrypt", 'ACM', 'Sectigo']),
  }),
  titles: [
    (p) => `TLS certificate renewal for ${p.domain}`,
    (p) => `Cert for ${p.domain} expires in ${p.days} days`,
    (p) => `renew ssl cert ${p.domain}`,
    (p) => `Certificate expiring: ${p.domain} (${p.issuer})`,
    (p) => `[alert] TLS cert ${p.domain} expiring soon`,
  ],
  bodies: [
    (p) =>
      `Our monitor says the ${p.issuer} certificate for ${p.domain} expires in ${p.days} days. Can you renew it and roll it to the load balancers?`,
    (p) =>
      `${bullet([
        ['Domain', p.domain],
        ['Issuer', p.issuer],
        ['Expires in', `${p.days} days`],
      ])}`,
  ],
});

const firewall = defineType({
  id: 'firewall-rule',
  kind: 'request',
  issueType: 'Service Request',
  weight: 4,
  labels: ['network', 'security-group'],
  priorityWeights: [0, 0.1, 0.6, 0.3],
  handling: { medianMinutes: 45, sigma: 0.7 },
  waitingChance: 0.2,
  reviewChance: 0.6,
  params: ({ rng }) => ({
    port: rng.pick([443, 5432, 6379, 9092, 8080, 22, 3306]),
    cidr: rng.chance(0.6)
      ? `10.${rng.int(0, 60)}.${rng.int(0, 255)}.0/24`
      : `203.0.113.${rng.int(1, 250)}/32`,
    sg: `sg-0${hex(rng, 16)}`,
    env: env(rng),
  }),
  titles: [
    (p, c) => `Open port ${p.port} from ${p.cidr} to ${c.service}`,
    (p) => `Firewall rule request - ${p.cidr}:${p.port}`,
    (p) => `Security group change ${p.sg}`,
    (p, c) => `Allow ${c.service} (${p.env}) to reach partner IP ${p.cidr}`,
    (p) => `sg rule: ingress ${p.port}/tcp from ${p.cidr}`,
    (p, c) => `Need network access from ${c.service} to port ${p.port}`,
  ],
  bodies: [
    (p, c) =>
      `${bullet([
        ['Security group', p.sg],
        ['Direction', 'ingress'],
        ['Port', `${p.port}/tcp`],
        ['Source', p.cidr],
        ['Service', c.service],
        ['Env', p.env],
      ])}`,
    (p, c) =>
      `${c.service} in ${p.env} times out connecting on ${p.port}. I think ${p.sg} needs an ingress rule from ${p.cidr}.`,
  ],
});

const namespace = defineType({
  id: 'k8s-namespace',
  kind: 'request',
  issueType: 'Service Request',
  weight: 4,
  labels: ['kubernetes', 'k8s'],
  priorityWeights: [0, 0.04, 0.62, 0.34],
  handling: { medianMinutes: 40, sigma: 0.6 },
  waitingChance: 0.1,
  reviewChance: 0.3,
  params: ({ rng, service, team }) => ({
    ns: rng.chance(0.6) ? service : `${team.name}-${rng.pick(['jobs', 'preview', 'tools', 'batch'])}`,
    cluster: rng.pick(CLUSTERS),
    cpu: rng.pick([4, 8, 16, 32]),
    mem: rng.pick([8, 16, 32, 64]),
  }),
  titles: [
    (p) => `New k8s namespace ${p.ns} on ${p.cluster}`,
    (p) => `Kubernetes namespace request: ${p.ns}`,
    (p) => `create namespace ${p.ns} (${p.cluster})`,
    (_, c) => `Namespace + RBAC for ${c.team.name}`,
    (p) => `Need a namespace in ${p.cluster} for ${p.ns}`,
  ],
  bodies: [
    (p, c) =>
      `${bullet([
        ['Namespace', p.ns],
        ['Cluster', p.cluster],
        ['Quota', `${p.cpu} CPU / ${p.mem}Gi`],
        ['RBAC', `${c.team.name}-devs: edit`],
      ])}`,
    (p) =>
      `We are moving ${p.ns} off the old ECS setup. Could we get a namespace on ${p.cluster} with ${p.cpu} CPU / ${p.mem}Gi quota?`,
  ],
});

const restart = defineType({
  id: 'restart-service',
  kind: 'request',
  issueType: 'Service Request',
  weight: 4,
  labels: ['operations'],
  priorityWeights: [0.03, 0.35, 0.5, 0.12],
  handling: { medianMinutes: 10, sigma: 0.7 },
  waitingChance: 0.05,
  reviewChance: 0,
  params: ({ rng, service }) => {
    const e = rng.pick(['prod', 'staging', 'production', 'qa']);
    return { env: e, host: host(rng, service, e), pod: `${service}-${hex(rng, 9)}-${hex(rng, 5)}` };
  },
  titles: [
    (p, c) => `Restart ${c.service} in ${p.env}`,
    (p) => `Please bounce ${p.host}`,
    (p, c) => `${c.service} ${p.env} stuck - can someone restart it?`,
    (p) => `restart pod ${p.pod}`,
    (p, c) => `Service restart needed: ${c.service} (${p.env})`,
    (p, c) => `Can you roll the ${c.service} deployment on ${p.env}?`,
  ],
  bodies: [
    (p, c) =>
      `${c.service} on ${p.env} stopped consuming about an hour ago; a restart fixed it last time. Pod: ${p.pod}`,
    (p) =>
      `${p.host} is holding stale config after the flag change. We don't have exec rights on ${p.env}, could you restart it?`,
  ],
});

const deploy = defineType({
  id: 'deploy-environment',
  kind: 'request',
  issueType: 'Service Request',
  weight: 5,
  labels: ['deploy', 'release'],
  priorityWeights: [0.01, 0.25, 0.55, 0.19],
  handling: { medianMinutes: 25, sigma: 0.7 },
  waitingChance: 0.1,
  reviewChance: 0,
  params: ({ rng }) => ({
    env: rng.pick(['staging', 'prod', 'uat', 'qa', 'perf']),
    version: `v${version(rng)}`,
    sha: hex(rng, 7),
  }),
  titles: [
    (p, c) => `Deploy ${c.service} ${p.version} to ${p.env}`,
    (p, c) => `Please deploy ${c.service}@${p.sha} to ${p.env}`,
    (p, c) => `${p.env} deploy for ${c.service}`,
    (p, c) => `Release ${p.version} of ${c.service} - needs a manual deploy`,
    (p) => `deploy to ${p.env} pls (${p.version})`,
    (p, c) => `Promote ${c.service} build ${p.sha} from staging to ${p.env}`,
  ],
  bodies: [
    (p, c) =>
      `${bullet([
        ['Service', c.service],
        ['Version', p.version],
        ['Commit', p.sha],
        ['Target', p.env],
      ])}\n\nChange approved in the release channel.`,
    (p, c) =>
      `Our pipeline cannot deploy to ${p.env} yet. Could you ship ${c.service} ${p.version} (${p.sha})? QA signed off.`,
  ],
});

const vpn = defineType({
  id: 'vpn-access',
  kind: 'request',
  issueType: 'Access',
  weight: 5,
  labels: ['access', 'vpn'],
  priorityWeights: [0, 0.05, 0.7, 0.25],
  handling: { medianMinutes: 10, sigma: 0.5 },
  waitingChance: 0.25,
  reviewChance: 0,
  params: ({ rng }) => ({
    profile: rng.pick(['corp', 'prod-bastion', 'contractors', 'eu-office']),
    laptop: `ACME-${rng.pick(['MBP', 'LT', 'WS'])}-${rng.int(1000, 9999)}`,
  }),
  titles: [
    (_, c) => `VPN access for ${c.joiner}`,
    (p) => `Need VPN (${p.profile}) access`,
    (p, c) => `vpn profile ${p.profile} for ${c.joiner}`,
    (_, c) => `Cannot connect to VPN - new starter ${c.joiner}`,
    (p) => `Add me to the ${p.profile} VPN group`,
  ],
  bodies: [
    (p, c) => `${c.joiner} started this week and needs the ${p.profile} VPN profile. Laptop: ${p.laptop}.`,
    (p) =>
      `${bullet([
        ['Profile', p.profile],
        ['Device', p.laptop],
        ['Reason', 'on-call rotation'],
      ])}`,
  ],
});

const rotate = defineType({
  id: 'rotate-credentials',
  kind: 'request',
  issueType: 'Service Request',
  weight: 3,
  labels: ['security', 'credentials'],
  priorityWeights: [0.01, 0.25, 0.55, 0.19],
  handling: { medianMinutes: 45, sigma: 0.7 },
  waitingChance: 0.15,
  reviewChance: 0.2,
  params: ({ rng }) => ({
    what: rng.pick([
      'database password',
      'IAM access key',
      'API key',
      'service account key',
      'Kafka SASL creds',
    ]),
    env: env(rng),
    reason: rng.pick(['quarterly rotation', 'leaked in a log line', 'employee offboarding', 'audit finding']),
  }),
  titles: [
    (p, c) => `Rotate ${p.what} for ${c.service}`,
    (p, c) => `Credential rotation: ${c.service} ${p.env}`,
    (p, c) => `${c.service} ${p.what} needs rotating (${p.reason})`,
    (p, c) => `rotate creds - ${c.service}/${p.env}`,
    (p, c) => `Please rotate the ${p.env} ${p.what} used by ${c.service}`,
  ],
  bodies: [
    (p, c) =>
      `Reason: ${p.reason}. Please rotate the ${p.what} for ${c.service} in ${p.env} and update the secret store; we will restart after.`,
    (p, c) =>
      `${bullet([
        ['Service', c.service],
        ['Credential', p.what],
        ['Environment', p.env],
        ['Reason', p.reason],
      ])}`,
  ],
});

const quota = defineType({
  id: 'increase-quota',
  kind: 'request',
  issueType: 'Service Request',
  weight: 3,
  labels: ['quota', 'capacity'],
  priorityWeights: [0, 0.12, 0.6, 0.28],
  handling: { medianMinutes: 30, sigma: 0.8 },
  waitingChance: 0.2,
  reviewChance: 0.2,
  params: ({ rng }) => ({
    what: rng.pick([
      'vCPU quota',
      'EKS node group max size',
      'RDS instance limit',
      'Lambda concurrency',
      'GitHub Actions runners',
      'Datadog custom metrics',
      'namespace CPU quota',
    ]),
    from: rng.pick([8, 16, 32, 64, 100]),
    factor: rng.pick([2, 2, 3, 4]),
    region: rng.pick(REGIONS),
  }),
  titles: [
    (p) => `Increase ${p.what} to ${p.from * p.factor}`,
    (p, c) => `Quota increase for ${c.team.name}: ${p.what}`,
    (p) => `We hit the ${p.what} limit in ${p.region}`,
    (p) => `raise ${p.what} (${p.from} -> ${p.from * p.factor})`,
    (p, c) => `Need more ${p.what} for ${c.service}`,
  ],
  bodies: [
    (p, c) =>
      `${c.service} scaling is capped by ${p.what} (currently ${p.from}). Could we go to ${p.from * p.factor} in ${p.region}?`,
    (p) =>
      `${bullet([
        ['Limit', p.what],
        ['Current', String(p.from)],
        ['Requested', String(p.from * p.factor)],
        ['Region', p.region],
      ])}`,
  ],
});

const monitoring = defineType({
  id: 'monitoring-alert',
  kind: 'request',
  issueType: 'Service Request',
  weight: 3,
  labels: ['monitoring', 'alerting'],
  priorityWeights: [0, 0.04, 0.6, 0.36],
  handling: { medianMinutes: 50, sigma: 0.7 },
  waitingChance: 0.15,
  reviewChance: 0.2,
  params: ({ rng }) => ({
    metric: rng.pick(['p99 latency', 'error rate', 'queue depth', 'consumer lag', 'disk usage', '5xx count']),
    threshold: rng.pick(['> 2s', '> 1%', '> 10k', '> 85%', '> 50/min']),
    channel: `#${rng.pick(['alerts', 'oncall', 'ops'])}-${rng.pick(['payments', 'core', 'data', 'web'])}`,
  }),
  titles: [
    (p, c) => `Add alert on ${c.service} ${p.metric}`,
    (_, c) => `Grafana dashboard for ${c.service}`,
    (p, c) => `PagerDuty alert: ${c.service} ${p.metric} ${p.threshold}`,
    (p, c) => `monitoring for ${c.service} - ${p.metric}`,
    (p) => `Route ${p.metric} alerts to ${p.channel}`,
  ],
  bodies: [
    (p, c) =>
      `Could you add an alert when ${c.service} ${p.metric} is ${p.threshold} for 5 minutes, notifying ${p.channel}?`,
    (p, c) =>
      `${bullet([
        ['Service', c.service],
        ['Metric', p.metric],
        ['Threshold', p.threshold],
        ['Notify', p.channel],
      ])}`,
  ],
});

const incident = defineType({
  id: 'incident',
  kind: 'incident',
  issueType: 'Incident',
  weight: 2,
  labels: ['incident'],
  priorityWeights: [0.35, 0.65, 0, 0],
  handling: { medianMinutes: 90, sigma: 0.9 },
  waitingChance: 0,
  reviewChance: 0,
  params: ({ rng, service }) => ({
    p99: rng.int(2, 30),
    pct: rng.int(3, 60),
    host: host(rng, service, 'prod'),
    topic: `${service}.${rng.pick(['events', 'commands', 'cdc'])}.v${rng.int(1, 3)}`,
  }),
  titles: [
    (_, c) => `${c.service} returning 5xx in prod`,
    (_, c) => `${c.service} down`,
    (p, c) => `Elevated latency on ${c.service} (p99 > ${p.p99}s)`,
    (_, c) => `${c.service} pods CrashLoopBackOff`,
    (p) => `Kafka consumer lag on ${p.topic}`,
    (p) => `Disk full on ${p.host}`,
    (p, c) => `${p.pct}% of ${c.service} requests failing`,
    (_, c) => `[PagerDuty] ${c.service} health check failing`,
  ],
  bodies: [
    (p, c) =>
      `Customers are reporting errors; ${p.pct}% of ${c.service} requests failing since a few minutes ago. Dashboard: https://grafana.acme.io/d/${c.service}`,
    (p) => `Alert fired for ${p.host}. Investigating, will update here.`,
  ],
});

const TASKS = [
  'Migrate {s} to EKS',
  'Upgrade Postgres fleet to 16',
  'Terraform: split state for {e}',
  'Evaluate Karpenter for node autoscaling',
  'Runbook for {s} failover',
  'Rightsize RDS instances (cost review)',
  'Replace Jenkins agents with GitHub Actions runners',
  'Add OpenTelemetry tracing to {s}',
  'Decommission legacy VPN concentrators',
  'Backstage catalog entries for {t}',
  'Self-service repo vending (design + build)',
  'Roll out Renovate to {t} repos',
  'Centralise logs in Loki',
  'Automate TLS with cert-manager',
  'Game day: {s} region failover',
  'Kubernetes {v} upgrade on {c}',
  'Write ADR: secrets management',
  'Reduce CI build times for {s}',
  'Move DNS zones to Route 53',
  'SLO dashboards for {t}',
];

const task = defineType({
  id: 'project-task',
  kind: 'task',
  issueType: 'Task',
  weight: 3,
  labels: ['project'],
  priorityWeights: [0, 0.06, 0.54, 0.4],
  handling: { medianMinutes: 3 * 8 * 60, sigma: 0.8 },
  waitingChance: 0.1,
  reviewChance: 0.6,
  params: ({ rng, service, team }) => ({
    title: rng
      .pick(TASKS)
      .replace('{s}', service)
      .replace('{t}', team.name)
      .replace('{e}', env(rng))
      .replace('{v}', `1.${rng.int(27, 31)}`)
      .replace('{c}', rng.pick(CLUSTERS)),
    quarter: `Q${rng.int(1, 4)}`,
  }),
  titles: [(p) => p.title, (p) => `${p.title} (${p.quarter} OKR)`, (p) => `Spike: ${p.title.toLowerCase()}`],
  bodies: [
    (p, c) =>
      `Context:\n${p.title} came out of the ${p.quarter} planning with ${c.team.name}.\n\nAcceptance criteria:\n- plan reviewed by the team\n- rolled out to staging, then prod\n- runbook updated`,
    (p) => `Tracking ticket for "${p.title}". Design doc to follow; break down into sub-tasks once scoped.`,
  ],
});

export const REQUEST_TYPES: readonly RequestType[] = [
  createRepo,
  ciSecret,
  postgres,
  s3,
  redis,
  repoAccess,
  awsAccess,
  dns,
  tls,
  firewall,
  namespace,
  restart,
  deploy,
  vpn,
  rotate,
  quota,
  monitoring,
  incident,
  task,
];

export const CREATE_REPO = createRepo;
export const INCIDENT = incident;

/** Mean of the log-normal handling time, in hours. */
export function meanHandlingHours(t: RequestType): number {
  return (t.handling.medianMinutes * Math.exp((t.handling.sigma * t.handling.sigma) / 2)) / 60;
}
