import Link from 'next/link';
import { Card } from '@/app/_components/card';
import { SloWeeksChart } from '@/app/_components/charts/slo-weeks-chart';
import { formatCount, formatDateTime, formatHours, formatPercent } from '@/app/_components/format';
import type { BreachGroup, SloPageData, SloPolicyFigures } from '@/db/queries/slo-page';
import type { BusinessCalendar } from '@/lib/metrics';
import { FigureFoot } from '../../flow/_widgets/figures';
import { type SloState, sloHref } from '../search-params';
import { loadSlo, type SloQuery } from './data';

export interface SloWidgetProps {
  query: SloQuery;
  state: SloState;
  /** "1 Mar 2025 – 29 May 2025", shown under every figure. */
  window: string;
  timeZone: string;
}

/** "business (America/New_York)": the calendar the stored cycles were measured on, with its zone. */
function calendarName(name: string | null, calendars: Readonly<Record<string, BusinessCalendar>>): string {
  if (name === null) return 'no calendar yet';
  const cal = calendars[name];
  if (!cal) return name === '24x7' ? '24×7 calendar' : `${name} calendar`;
  return cal.always ? `${name} calendar (24×7, ${cal.timeZone})` : `${name} calendar (${cal.timeZone})`;
}

function calendarsOf(data: SloPageData, calendars: SloQuery['calendars']): string {
  const names = [...new Set(data.policies.map((p) => p.calendar).filter((c): c is string => c !== null))];
  return names.length === 0 ? 'no calendar yet' : names.map((n) => calendarName(n, calendars)).join(', ');
}

function BudgetMeter({ consumed }: { consumed: number | null }) {
  const over = consumed !== null && consumed > 1;
  return (
    <span className="share-cell">
      <span className="meter" aria-hidden="true">
        <span
          className={over ? 'meter-over' : undefined}
          style={{ width: formatPercent(Math.min(consumed ?? 0, 1), 2) }}
        />
      </span>
      {consumed === null ? '—' : formatPercent(consumed)}
    </span>
  );
}

export async function AttainmentCard({ query, window }: SloWidgetProps) {
  const data = await loadSlo(query);
  const assessed = data.policies.reduce((n, p) => n + p.assessed, 0);
  return (
    <Card
      title="Attainment per policy"
      subtitle="Met ÷ (completed cycles + ongoing cycles already breached), per cycle started in the window"
      className="span-4"
      testId="attainment-card"
    >
      {data.policies.every((p) => p.cycles === 0) ? (
        <p className="empty-note">No SLO cycles started in this window.</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table" data-testid="attainment-table">
            <thead>
              <tr>
                <th scope="col">Policy</th>
                <th scope="col" className="num">
                  Attainment
                </th>
                <th scope="col" className="num">
                  Target
                </th>
                <th scope="col" className="num">
                  Met / n
                </th>
                <th scope="col" className="num">
                  Breached
                </th>
                <th scope="col" className="num">
                  Ongoing
                </th>
                <th scope="col" className="num">
                  Tickets ever breached
                </th>
                <th scope="col" className="share-col">
                  Error budget spent
                </th>
              </tr>
            </thead>
            <tbody>
              {data.policies.map((p) => (
                <tr key={p.name} data-testid="attainment-row" data-policy={p.name} data-n={p.assessed}>
                  <td>
                    <span className="type-label">{p.name}</span>
                    <span className="tag" title={p.calendarVersion ?? undefined}>
                      {calendarName(p.calendar, query.calendars)}
                    </span>
                  </td>
                  <td className="num" data-testid="attainment-value">
                    {formatPercent(p.attainment, 1)}
                  </td>
                  <td className="num">{formatPercent(p.target, 1)}</td>
                  <td className="num">
                    {formatCount(p.met)} / {formatCount(p.assessed)}
                  </td>
                  <td className="num">{formatCount(p.breached + p.ongoingBreached)}</td>
                  <td className="num">
                    {formatCount(p.ongoing)}
                    <span className="cell-note">{formatCount(p.ongoingBreached)} breached</span>
                  </td>
                  <td className="num">
                    {formatCount(p.ticketsEverBreached)}
                    <span className="cell-note">of {formatCount(p.ticketsTotal)}</span>
                  </td>
                  <td className="share-col" title={budgetTitle(p)}>
                    <BudgetMeter consumed={p.budget.consumed} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <FigureFoot
        window={window}
        method={calendarsOf(data, query.calendars)}
        n={assessed}
        testId="attainment-foot"
        extra="n = assessed cycles; breached counts completed and ongoing breaches; budget = (1 − target) × n breaches allowed"
      />
    </Card>
  );
}

function budgetTitle(p: SloPolicyFigures): string {
  const b = p.budget;
  return `${formatCount(b.breaches)} breaches of ${b.allowedBreaches.toFixed(1)} allowed at ${formatPercent(b.target, 1)}`;
}

/** One card per policy: its weeks, zero-filled, and how fast it spends its window's error budget. */
export async function PolicyWeeksCards({ query, window, timeZone }: SloWidgetProps) {
  const data = await loadSlo(query);
  return (
    <>
      {data.policies.map((p, i) => {
        const lone = data.policies.length % 2 === 1 && i === data.policies.length - 1;
        const b = p.budget;
        return (
          <Card
            key={p.name}
            title={`${p.name}: attainment per week`}
            subtitle={`By the week the clock started (weeks start Monday, ${timeZone}); line: error budget spent to date`}
            className={lone ? 'span-4' : 'span-2'}
            testId="policy-weeks-card"
          >
            {p.assessed === 0 ? (
              <p className="empty-note">No assessed cycles of this policy in the window.</p>
            ) : (
              <>
                <p className="stat-value" data-testid="budget-consumed">
                  {b.consumed === null ? '—' : formatPercent(b.consumed)}
                  <span className="stat-unit">
                    {' '}
                    of the error budget spent · {formatCount(b.breaches)} breaches,{' '}
                    {b.allowedBreaches.toFixed(1)} allowed at {formatPercent(p.target, 1)}
                  </span>
                </p>
                <SloWeeksChart
                  weeks={p.weeks.map((w) => ({
                    period: w.period,
                    assessed: w.assessed,
                    breaches: w.breaches,
                    attainment: w.attainment,
                    budgetConsumedToDate: w.budgetConsumedToDate,
                  }))}
                  target={p.target}
                  label={`Weekly attainment of ${p.name} over ${p.weeks.length} weeks`}
                />
              </>
            )}
            <FigureFoot
              window={window}
              method={calendarName(p.calendar, query.calendars)}
              n={p.assessed}
              testId="policy-weeks-foot"
              extra={`${p.weeks.length} weeks; first and last may be partial`}
            />
          </Card>
        );
      })}
    </>
  );
}

export async function AtRiskCard({ query, timeZone }: SloWidgetProps) {
  const data = await loadSlo(query);
  const { total, overdue, rows } = data.atRisk;
  const asOf = query.filters.asOf;
  return (
    <Card
      title="About to breach"
      subtitle="Ongoing cycles not yet breached, soonest due first (paused clocks last); any start date"
      className="span-4"
      testId="at-risk-card"
    >
      {total === 0 ? (
        <p className="empty-note">No ongoing cycles are at risk.</p>
      ) : (
        <>
          <p className="stat-value" data-testid="at-risk-count">
            {formatCount(total)}
            <span className="stat-unit">
              {' '}
              ongoing{overdue > 0 ? ` · ${formatCount(overdue)} past due since the analysis` : ''}
            </span>
          </p>
          <div className="table-scroll">
            <table className="data-table" data-testid="at-risk-table">
              <thead>
                <tr>
                  <th scope="col">Due</th>
                  <th scope="col" className="num">
                    Business time left
                  </th>
                  <th scope="col">Policy</th>
                  <th scope="col">Ticket</th>
                  <th scope="col">Team</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={`${r.policy}:${r.source}:${r.key}`} data-testid="at-risk-row">
                    <td className="nowrap">
                      {r.dueAt ? (
                        <time dateTime={r.dueAt}>{formatDateTime(r.dueAt, timeZone)}</time>
                      ) : (
                        <span className="muted">paused</span>
                      )}
                    </td>
                    <td className="num" data-testid="at-risk-left">
                      {r.overdue ? (
                        <span className="tag tag-alert">overdue</span>
                      ) : (
                        formatHours(r.remainingHoursNow)
                      )}
                    </td>
                    <td className="nowrap">{r.policy}</td>
                    <td className="title-cell">
                      {r.url ? (
                        <a href={r.url} className="mono" rel="noreferrer">
                          {r.key}
                        </a>
                      ) : (
                        <span className="mono">{r.key}</span>
                      )}{' '}
                      {r.title}
                    </td>
                    <td>{r.team ?? <span className="muted">none</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <FigureFoot
        window={`ongoing at the analysis${data.computedAsOf ? ` of ${formatDateTime(data.computedAsOf, timeZone)}` : ''}; clocks read ${asOf ? formatDateTime(asOf, timeZone) : 'then'}`}
        method={calendarsOf(data, query.calendars)}
        n={total}
        testId="at-risk-foot"
        extra={rows.length < total ? `soonest ${formatCount(rows.length)} shown` : undefined}
      />
    </Card>
  );
}

function BreachTable({
  groups,
  total,
  heading,
  empty,
  href,
}: {
  groups: BreachGroup[];
  total: number;
  heading: string;
  empty: string;
  href?: (g: BreachGroup) => string | null;
}) {
  return (
    <div className="table-scroll">
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">{heading}</th>
            <th scope="col" className="num">
              Breaches
            </th>
            <th scope="col" className="share-col">
              Share
            </th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => {
            const link = href?.(g) ?? null;
            const share = total > 0 ? g.breaches / total : null;
            return (
              <tr key={`${g.id ?? ''}:${g.label ?? ''}`} data-testid="breach-row">
                <td>
                  {g.label === null ? (
                    <span className="muted">{empty}</span>
                  ) : link ? (
                    <Link href={link}>{g.label}</Link>
                  ) : (
                    g.label
                  )}
                </td>
                <td className="num">{formatCount(g.breaches)}</td>
                <td className="share-col">
                  <span className="share-cell">
                    <span className="meter" aria-hidden="true">
                      <span style={{ width: formatPercent(share, 2) }} />
                    </span>
                    {formatPercent(share, 1)}
                  </span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export async function BreachesByTypeCard({ query, state, window }: SloWidgetProps) {
  const data = await loadSlo(query);
  const { total, byType, moreTypes } = data.breaches;
  return (
    <Card
      title="Breaches by request type"
      subtitle="Breached cycles (completed and ongoing) started in the window"
      className="span-2"
      testId="breaches-type-card"
    >
      {total === 0 ? (
        <p className="empty-note">No breaches in this window.</p>
      ) : (
        <BreachTable
          groups={byType}
          total={total}
          heading="Request type"
          empty="not clustered"
          href={(g) => (g.id && g.id !== state.cluster ? sloHref(state, { cluster: g.id }) : null)}
        />
      )}
      <FigureFoot
        window={window}
        method={calendarsOf(data, query.calendars)}
        n={total}
        testId="breaches-type-foot"
        extra={moreTypes > 0 ? `${formatCount(moreTypes)} smaller types not shown` : undefined}
      />
    </Card>
  );
}

export async function BreachesByTeamCard({ query, state, window }: SloWidgetProps) {
  const data = await loadSlo(query);
  const { total, byTeam } = data.breaches;
  return (
    <Card
      title="Breaches by team"
      subtitle="Breached cycles (completed and ongoing) started in the window, by the ticket's team"
      className="span-2"
      testId="breaches-team-card"
    >
      {total === 0 ? (
        <p className="empty-note">No breaches in this window.</p>
      ) : (
        <BreachTable
          groups={byTeam}
          total={total}
          heading="Team"
          empty="no team"
          href={(g) => (g.label && g.label !== state.team ? sloHref(state, { team: g.label }) : null)}
        />
      )}
      <FigureFoot
        window={window}
        method={calendarsOf(data, query.calendars)}
        n={total}
        testId="breaches-team-foot"
      />
    </Card>
  );
}
