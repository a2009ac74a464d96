import type { ReactNode } from 'react';

export function Card({
  title,
  subtitle,
  children,
  className,
  testId,
}: {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
  className?: string;
  testId?: string;
}) {
  return (
    <section className={`card ${className ?? ''}`} data-testid={testId} aria-label={title}>
      <header className="card-header">
        <h2 className="card-title">{title}</h2>
        {subtitle ? <p className="card-subtitle">{subtitle}</p> : null}
      </header>
      <div className="card-body">{children}</div>
    </section>
  );
}

/** The shape a card has while its figures stream in, so the layout does not jump. */
export function CardSkeleton({
  title,
  className,
  lines = 3,
}: {
  title: string;
  className?: string;
  lines?: number;
}) {
  return (
    <section className={`card card-loading ${className ?? ''}`} aria-busy="true" aria-label={title}>
      <header className="card-header">
        <h2 className="card-title">{title}</h2>
      </header>
      <div className="card-body">
        {Array.from({ length: lines }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: placeholder lines have no identity
          <div key={i} className="skeleton-line" />
        ))}
      </div>
    </section>
  );
}
