'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useRef, useState } from 'react';
import { formatDecimal, formatHours, formatMoney, formatPercent } from '@/app/_components/format';
import { Sparkline } from '@/app/_components/sparkline';
import {
  type Candidate,
  type CandidateCostModel,
  type ClusterFacts,
  rankCandidates,
} from '@/lib/toil/candidates';
import { WHAT_IF_FIELDS, type WhatIfInputs, whatIfInputsOf, whatIfModel, whatIfParams } from '../what-if';

/** How long typing pauses before the what-if is written to the URL (one history entry, not one per key). */
const URL_DELAY_MS = 400;

function trendText(c: Candidate): string {
  if (c.trendPerMonth === null) return 'no trend';
  const sign = c.trendPerMonth > 0 ? '+' : c.trendPerMonth < 0 ? '−' : '±';
  return `${sign}${formatPercent(Math.abs(c.trendPerMonth))} a month`;
}

function Moved({ now, before }: { now: number; before: number | undefined }) {
  if (before === undefined || before === now) return null;
  const up = before > now;
  return (
    <span className={`rank-move ${up ? 'rank-up' : 'rank-down'}`} data-testid="rank-move">
      {up ? '▲' : '▼'} was #{before}
    </span>
  );
}

function TopCard({
  c,
  before,
  detailHref,
}: {
  c: Candidate;
  before: number | undefined;
  detailHref: (id: string) => string;
}) {
  const range = c.confidence;
  return (
    <section className="card candidate-card" data-testid="top-candidate" aria-label={`#${c.rank} ${c.label}`}>
      <header className="card-header">
        <p className="candidate-rank">
          #{c.rank} <Moved now={c.rank} before={before} />
        </p>
        <h2 className="card-title">
          <Link href={detailHref(c.clusterId)} data-testid="candidate-link">
            {c.label}
          </Link>
        </h2>
        {c.template ? <p className="card-subtitle mono">{c.template}</p> : null}
      </header>
      <div className="card-body">
        <p className="stat-value" data-testid="candidate-score">
          {formatMoney(c.score)}
          <span className="stat-unit"> score a month</span>
        </p>
        <p className="cell-note" data-testid="candidate-score-range">
          90% range {formatMoney(range.scoreLow)}–{formatMoney(range.scoreHigh)}
        </p>
        <dl className="candidate-figures">
          <div>
            <dt>Tickets / month</dt>
            <dd data-testid="fig-tickets-per-month">
              {formatDecimal(c.ticketsPerMonth)}{' '}
              <Sparkline
                values={c.series}
                label={`Tickets in each twelfth of the window: ${c.series.join(', ')}`}
              />
              <span className="cell-note">{trendText(c)}</span>
            </dd>
          </div>
          <div>
            <dt>Requester wait / month</dt>
            <dd data-testid="fig-wait">{formatDecimal(c.requesterWaitHoursPerMonth)} h</dd>
          </div>
          <div>
            <dt>Handling / month</dt>
            <dd data-testid="fig-handling">
              {formatDecimal(c.handlingHoursPerMonth)} h
              <span className="cell-note">
                {formatHours(c.handlingHoursPerTicket)} a ticket, {c.handlingBasis}
              </span>
            </dd>
          </div>
          <div>
            <dt>Monthly cost</dt>
            <dd data-testid="fig-monthly-cost">{formatMoney(c.monthlyCost)}</dd>
          </div>
          <div>
            <dt>Build cost</dt>
            <dd data-testid="fig-build-cost">{formatMoney(c.buildCost)}</dd>
          </div>
          <div>
            <dt>Payback</dt>
            <dd data-testid="fig-payback">
              {c.paybackMonths === null ? 'never' : `${formatDecimal(c.paybackMonths)} months`}
              {range.paybackMonthsLow !== null && range.paybackMonthsHigh !== null ? (
                <span className="cell-note">
                  90% {formatDecimal(range.paybackMonthsLow)}–{formatDecimal(range.paybackMonthsHigh)}
                </span>
              ) : null}
            </dd>
          </div>
          <div>
            <dt>Repetitiveness</dt>
            <dd data-testid="fig-repetitiveness">
              {formatPercent(c.repetitiveness)}
              <span className="cell-note">routine {formatPercent(c.routineShare)}</span>
            </dd>
          </div>
          <div>
            <dt>SLO misses</dt>
            <dd data-testid="fig-slo-misses">{c.sloMisses}</dd>
          </div>
        </dl>
        <p className="candidate-why" data-testid="candidate-why">
          {c.why}
        </p>
        <p className="stat-foot">
          <Link href={detailHref(c.clusterId)}>
            {c.tickets} tickets ({c.resolved} resolved) →
          </Link>
        </p>
      </div>
    </section>
  );
}

/**
 * Re-ranks the server's per-cluster facts under the what-if cost model, in the browser, with the same
 * pure `rankCandidates` the export uses: the figures here always equal `export candidates` for that model.
 */
export function CandidatesExplorer({
  facts,
  costModel,
  initialInputs,
  detailQuery,
}: {
  facts: ClusterFacts[];
  costModel: CandidateCostModel;
  /** The what-if the page opened with: the settings, with the URL's what-if parameters on top. */
  initialInputs: WhatIfInputs;
  /** The page's query string, carried to the cluster pages so they show the same window. */
  detailQuery: string;
}) {
  const router = useRouter();
  const [inputs, setInputs] = useState<WhatIfInputs>(initialInputs);
  const written = useRef(initialInputs);
  // Keep the what-if in the URL (only fields that differ from the settings), so a reload or a shared
  // link shows the same ranking and the window/team filters carry it along.
  useEffect(() => {
    if (inputs === written.current) return;
    const timer = setTimeout(() => {
      written.current = inputs;
      const query = new URLSearchParams(window.location.search);
      for (const [name, value] of Object.entries(whatIfParams(inputs, costModel))) {
        if (value === null) query.delete(name);
        else query.set(name, value);
      }
      const search = query.toString();
      router.replace(`${window.location.pathname}${search ? `?${search}` : ''}`, { scroll: false });
    }, URL_DELAY_MS);
    return () => clearTimeout(timer);
  }, [inputs, costModel, router]);
  const parsed = whatIfModel(inputs);
  const model = 'model' in parsed ? parsed.model : null;
  const baseline = useMemo(() => rankCandidates(facts, costModel), [facts, costModel]);
  const ranked = useMemo(() => (model ? rankCandidates(facts, model) : baseline), [facts, model, baseline]);
  const rankBefore = useMemo(() => new Map(baseline.map((c) => [c.clusterId, c.rank])), [baseline]);
  const changed = model !== null && JSON.stringify(model) !== JSON.stringify(costModel);
  const detailHref = (id: string) => `/clusters/${encodeURIComponent(id)}${detailQuery}`;

  return (
    <>
      <section className="card span-4 what-if" aria-label="What if" data-testid="what-if">
        <header className="card-header">
          <h2 className="card-title">What if</h2>
          <p className="card-subtitle">
            Change the cost model to see the ranking move; nothing is saved. Empty handling uses the measured
            active time of each request type.
          </p>
        </header>
        <div className="card-body">
          <form className="filters" onSubmit={(e) => e.preventDefault()}>
            {WHAT_IF_FIELDS.map((field) => (
              <label key={field.name}>
                <span>
                  {field.label} ({field.unit})
                </span>
                <input
                  type="number"
                  min={0}
                  step="any"
                  name={field.name}
                  value={inputs[field.name]}
                  placeholder={field.optional ? 'measured' : undefined}
                  aria-invalid={'invalid' in parsed && parsed.invalid === field.name ? true : undefined}
                  data-testid={`what-if-${field.name}`}
                  onChange={(e) => setInputs({ ...inputs, [field.name]: e.target.value })}
                />
              </label>
            ))}
            <button
              type="button"
              className="button"
              disabled={!changed && 'model' in parsed}
              onClick={() => setInputs(whatIfInputsOf(costModel))}
              data-testid="what-if-reset"
            >
              Reset to settings
            </button>
          </form>
          <p className="stat-foot" data-testid="what-if-status">
            {'invalid' in parsed
              ? `${WHAT_IF_FIELDS.find((f) => f.name === parsed.invalid)?.label}: enter a number of 0 or more; the ranking shows the settings meanwhile.`
              : changed
                ? 'Ranked under your what-if cost model.'
                : 'Ranked under the cost model of the settings in force.'}
          </p>
        </div>
      </section>
      {ranked.length === 0 ? (
        <p className="empty-note span-4">No request type has tickets in this window.</p>
      ) : (
        <>
          <div className="candidate-cards span-4">
            {ranked.slice(0, 3).map((c) => (
              <TopCard key={c.clusterId} c={c} before={rankBefore.get(c.clusterId)} detailHref={detailHref} />
            ))}
          </div>
          <section className="card span-4" aria-label="All candidates" data-testid="candidates-table">
            <header className="card-header">
              <h2 className="card-title">All request types, ranked</h2>
              <p className="card-subtitle">
                Score = monthly cost × repetitiveness × routine share: the part of what a type costs that a
                self-service workflow can take over. Excluded request types are left out.
              </p>
            </header>
            <div className="card-body table-scroll">
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col" className="num">
                      #
                    </th>
                    <th scope="col">Request type</th>
                    <th scope="col" className="num">
                      Tickets / mo
                    </th>
                    <th scope="col">Trend</th>
                    <th scope="col" className="num">
                      Wait h / mo
                    </th>
                    <th scope="col" className="num">
                      Handling h / mo
                    </th>
                    <th scope="col" className="num">
                      Cost / mo
                    </th>
                    <th scope="col" className="num">
                      Payback
                    </th>
                    <th scope="col" className="num">
                      Repetitive
                    </th>
                    <th scope="col" className="num">
                      Routine
                    </th>
                    <th scope="col" className="num">
                      SLO misses
                    </th>
                    <th scope="col" className="num">
                      Score (90% range)
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {ranked.map((c) => (
                    <tr key={c.clusterId} data-testid="candidate-row" data-cluster-id={c.clusterId}>
                      <td className="num">
                        {c.rank}
                        <Moved now={c.rank} before={rankBefore.get(c.clusterId)} />
                      </td>
                      <td>
                        <Link href={detailHref(c.clusterId)} className="type-label">
                          {c.label}
                        </Link>
                        <span className="cell-note">{c.tickets} tickets</span>
                      </td>
                      <td className="num">{formatDecimal(c.ticketsPerMonth)}</td>
                      <td className="nowrap">
                        <Sparkline
                          values={c.series}
                          label={`Tickets in each twelfth of the window: ${c.series.join(', ')}`}
                        />
                        <span className="cell-note">{trendText(c)}</span>
                      </td>
                      <td className="num">{formatDecimal(c.requesterWaitHoursPerMonth)}</td>
                      <td className="num">{formatDecimal(c.handlingHoursPerMonth)}</td>
                      <td className="num">{formatMoney(c.monthlyCost)}</td>
                      <td className="num">
                        {c.paybackMonths === null ? 'never' : `${formatDecimal(c.paybackMonths)} mo`}
                      </td>
                      <td className="num">{formatPercent(c.repetitiveness)}</td>
                      <td className="num">{formatPercent(c.routineShare)}</td>
                      <td className="num">{c.sloMisses}</td>
                      <td className="num" data-testid="row-score">
                        {formatMoney(c.score)}
                        <span className="cell-note">
                          {formatMoney(c.confidence.scoreLow)}–{formatMoney(c.confidence.scoreHigh)}
                        </span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
    </>
  );
}
