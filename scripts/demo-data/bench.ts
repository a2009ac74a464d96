// Measures generation speed: `npx tsx scripts/demo-data/bench.ts [tickets] [seed]`.
import { generateDemo } from './generate';

const tickets = Number(process.argv[2] ?? 1_000_000);
const seed = Number(process.argv[3] ?? 42);
const started = performance.now();
const counts = { tickets: 0, events: 0, deployments: 0, runs: 0 };
for (const r of generateDemo({ tickets, seed, endAt: new Date('2026-01-01T00:00:00Z') })) {
  if (r.kind === 'ticket') {
    counts.tickets++;
    counts.events += r.ticket.events.length;
  } else if (r.kind === 'deployment') counts.deployments++;
  else counts.runs++;
}
const seconds = (performance.now() - started) / 1000;
const heapMb = process.memoryUsage().heapUsed / 1e6;
console.log(
  `${counts.tickets} tickets, ${counts.events} events, ${counts.deployments} deployments, ${counts.runs} runs ` +
    `in ${seconds.toFixed(1)} s (${Math.round(counts.tickets / seconds)} tickets/s, heap ${heapMb.toFixed(0)} MB)`,
);
