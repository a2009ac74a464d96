'use client';

import { useEffect } from 'react';

export default function RootError({
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
    <main className="page">
      <section className="card error-state" role="alert">
        <h2>Something went wrong while loading Toilscope.</h2>
        <p>
          The server hit an unexpected error; the details are in its log
          {error.digest ? ` (reference ${error.digest})` : ''}.
        </p>
        <button type="button" className="button" onClick={reset}>
          Try again
        </button>
      </section>
    </main>
  );
}
