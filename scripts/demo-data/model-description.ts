/** The demo model in prose, for the README (kept beside the code so it stays true). */
export const DEMO_MODEL_DESCRIPTION = `## The demo data set

\`toilscope demo [--tickets N] [--seed S]\` loads a synthetic but realistic year of a platform team's
queue. The same seed and end date always give byte-identical data; nothing depends on the clock or
the host's time zone.

**The organisation.** A platform team of six engineers (\`team: platform\`, source \`demo\`, keys
\`OPS-1\`, \`OPS-2\`, …) serves 25 product teams (payments, checkout, search, data-eng, mobile, identity,
…) whose named people file the requests; bigger teams file more.

**What people ask for.** 17 request types plus incidents and project work, each with its own weight,
priorities, labels and hands-on time: create a repo (the most common), add a CI secret, provision a
Postgres database, an S3 bucket, a Redis cache, GitHub and AWS access for new joiners, VPN access,
DNS records, TLS certificate renewals, firewall / security-group rules, Kubernetes namespaces,
service restarts, manual deploys, credential rotation, quota increases, alerts and dashboards;
\`Incident\`s (P1/P2) and \`Task\`s (long project work). Titles come in many phrasings with typos,
odd casing, \`Re:\`/\`Fwd:\` prefixes, real-looking names, hosts, environments and versions;
descriptions have greetings, parameters, signatures and sometimes quoted mail.

**When.** Requests arrive in New York business hours with weekly seasonality (Monday heavy, Friday
light, weekends rare), ~30 % growth over the year, quiet US holidays, a late-December dip and a
slower August. The demo covers the 365 days before its end instant.

**How the queue behaves.** The team's capacity is a multi-server queue sized to run at ~85 %
utilisation, so busy weeks build real waits and the growth shows late in the year. Most tickets are
triaged (\`Triage\` → \`To Do\`), some skip triage. Work is first-in first-out, with P1/P2 jumping the
queue; an engineer picks it up (\`In Progress\`), sometimes asks the requester something
(\`Waiting for customer\`), sometimes hands it to a colleague or sends it through \`In Review\`, and
resolves it (\`Done\`). About 5 % are reopened, a few are cancelled (\`Won't Do\`, some as duplicates
with a link), some are auto-closed by \`jira-automation\` when the requester goes silent. Public and
internal comments, bot acknowledgements, priority changes and label edits are recorded as events.
Tickets filed near the end are still open, and a tail of never-scheduled work ages in the backlog.

**What changed.** Mid-year the team launched \`repo-vending\`, self-service repository creation:
from then on ~80 % of "create repo" requests become self-service runs (mostly successful, 30–120 s)
instead of tickets; a few failed runs still turn into tickets.

**Deployments.** 2–6 production deployments per working day across eight services, with commit
times hours to days earlier; ~8 % fail and are followed by a fix deployment (rework), and some
failures trigger an incident ticket.
`;
