/** Shown instead of the figures when the config in force declares no SLO policy. */
export function NoSloPolicies() {
  return (
    <section className="card empty-state" data-testid="no-slo-policies">
      <h2>No SLO policies</h2>
      <p>
        Add an <code>slos</code> entry to <code>toilscope.config.json</code> (or the saved settings), then run
        analyze so the cycles are measured:
      </p>
      <pre>
        <code>
          {`"slos": [ { "name": "first-response", "start": ["created"], "stop": ["first-response"],
            "calendar": "business", "goals": [ { "hours": 4 } ], "target": 0.95 } ]`}
        </code>
      </pre>
      <p className="muted">
        <code>npm run toilscope -- analyze</code>
      </p>
    </section>
  );
}
