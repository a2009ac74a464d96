export function EmptyState() {
  return (
    <section className="card empty-state" data-testid="empty-state">
      <h2>No tickets yet</h2>
      <p>
        Toilscope has nothing to measure until it has ticket history. Load the demo data set or import a file:
      </p>
      <pre>
        <code>{'npm run toilscope -- demo\nnpm run toilscope -- import tickets.ndjson'}</code>
      </pre>
      <p className="muted">
        Or connect Jira, Linear or GitHub with <code>npm run toilscope -- connections add …</code>, then
        reload this page.
      </p>
    </section>
  );
}
