'use client';

import { useEffect } from 'react';

export default function DashboardError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <section className="card error-state" role="alert">
      <h2>The dashboard could not read its figures from the database.</h2>
      <p>
        Check that <code>npm start</code> is still running (or that <code>DATABASE_URL</code> points at a
        reachable PostgreSQL), then try again. <a href="/api/health">/api/health</a> shows the database state
        {error.digest ? `; the server log has the details under reference ${error.digest}` : ''}.
      </p>
      <button type="button" className="button" onClick={reset}>
        Try again
      </button>
    </section>
  );
}
