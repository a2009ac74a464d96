import Link from 'next/link';

export default function Forbidden() {
  return (
    <main className="page">
      <section className="card error-state" role="alert">
        <h1>You do not have access to this page</h1>
        <p>
          Your role does not allow it. Ask an admin of this Toilscope to change your role, or go back to the{' '}
          <Link href="/">overview</Link>.
        </p>
      </section>
    </main>
  );
}
