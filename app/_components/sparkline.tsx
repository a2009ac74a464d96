/** A tiny inline bar chart of counts (oldest first): the monthly-volume trend beside a table row. */
export function Sparkline({ values, label }: { values: readonly number[]; label: string }) {
  const width = 72;
  const height = 20;
  const max = Math.max(1, ...values);
  const step = width / Math.max(1, values.length);
  // A slice of the window is identified by its position.
  const bars = values.map((v, slice) => ({ slice: `slice-${slice}`, x: slice * step, v }));
  return (
    <svg
      className="sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
      data-testid="sparkline"
    >
      <title>{label}</title>
      {bars.map(({ slice, x, v }) => {
        const h = v === 0 ? 0 : Math.max(1.5, (v / max) * height);
        return (
          <rect key={slice} x={x + 0.5} y={height - h} width={Math.max(1, step - 1.5)} height={h} rx={0.5} />
        );
      })}
    </svg>
  );
}
