import { formatCount, formatHours } from '@/app/_components/format';
import type { PageDistribution } from '@/db/queries/flow-page';

/** The line under every figure: which window, which method, how many tickets. */
export function FigureFoot({
  window,
  method,
  n,
  extra,
  testId,
}: {
  window: string;
  method: string;
  n: number;
  extra?: string;
  testId?: string;
}) {
  return (
    <p className="stat-foot" data-testid={testId} data-n={n} data-method={method}>
      {window} · {method} · n = {formatCount(n)}
      {extra ? ` · ${extra}` : ''}
    </p>
  );
}

/** p50 / p85 / p95 of a distribution, or the values themselves when there are fewer than five. */
export function DistributionCells({ d }: { d: PageDistribution }) {
  if (d.n === 0)
    return (
      <td className="num muted" colSpan={4}>
        no tickets
      </td>
    );
  if (d.values)
    return (
      <td className="num" colSpan={4} title="Too few tickets for percentiles: all values shown">
        {d.values.map((v) => formatHours(v)).join(', ')}
      </td>
    );
  return (
    <>
      <td className="num">{formatHours(d.p50)}</td>
      <td className="num">{formatHours(d.p85)}</td>
      <td className="num">{formatHours(d.p95)}</td>
      <td className="num">{formatHours(d.mean)}</td>
    </>
  );
}
