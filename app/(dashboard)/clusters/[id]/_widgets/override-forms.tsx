'use client';

import { ActionForm } from '@/app/_components/action-form';
import { Card } from '@/app/_components/card';
import { assignTicket, excludeCluster, mergeCluster, renameCluster, splitCluster } from '../actions';

/** The editor's decisions about one request type; each is stored as an override and re-applied at once. */
export function OverrideForms({
  cluster,
  templates,
  others,
  back,
}: {
  cluster: { id: string; label: string; excluded: boolean };
  templates: Array<{ id: string; text: string; tickets: number }>;
  others: Array<{ id: string; label: string }>;
  /** The page's query string, so the person lands back on the same window. */
  back: string;
}) {
  const hidden = (
    <>
      <input type="hidden" name="clusterId" value={cluster.id} />
      <input type="hidden" name="back" value={back} />
    </>
  );
  return (
    <Card
      title="Correct this request type"
      subtitle="Changes are saved as overrides, survive re-clustering, and can be undone below"
      className="span-4"
      testId="override-forms"
    >
      <div className="override-forms">
        <ActionForm action={renameCluster} submitLabel="Rename" testId="rename-form">
          {hidden}
          <div className="filters">
            <label>
              <span>New label</span>
              <input type="text" name="label" required maxLength={200} defaultValue={cluster.label} />
            </label>
          </div>
        </ActionForm>
        <ActionForm
          action={excludeCluster}
          submitLabel={cluster.excluded ? 'Include in candidates again' : 'Exclude from candidates'}
          testId="exclude-form"
        >
          {hidden}
          <input type="hidden" name="excluded" value={cluster.excluded ? 'false' : 'true'} />
          <p className="muted form-message">
            {cluster.excluded
              ? 'Excluded: it stays visible here but is left out of the candidates.'
              : 'Not an automation target (e.g. incidents, project work)? Leave it out of the candidates.'}
          </p>
        </ActionForm>
        <ActionForm action={mergeCluster} submitLabel="Merge" testId="merge-form">
          {hidden}
          <div className="filters">
            <label>
              <span>Merge into</span>
              <select name="into" required defaultValue="">
                <option value="" disabled>
                  Choose a request type…
                </option>
                {others.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.label}
                  </option>
                ))}
              </select>
            </label>
          </div>
        </ActionForm>
        <ActionForm action={assignTicket} submitLabel="Move ticket here" testId="assign-form">
          {hidden}
          <div className="filters">
            <label>
              <span>Ticket key (or source:KEY)</span>
              <input type="text" name="ticket" required maxLength={200} placeholder="OPS-123" />
            </label>
          </div>
        </ActionForm>
        <ActionForm action={splitCluster} submitLabel="Split off" id="split-form" testId="split-form">
          {hidden}
          <fieldset className="split-fieldset">
            <legend className="muted">
              Split these templates (and the tickets ticked above) into a new type
            </legend>
            <ul className="check-list">
              {templates.map((t) => (
                <li key={t.id}>
                  <label>
                    <input type="checkbox" name="templateIds" value={t.id} />{' '}
                    <span className="mono">{t.text}</span>{' '}
                    <span className="cell-note">{t.tickets} tickets</span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <div className="filters">
            <label>
              <span>Label of the new type (optional)</span>
              <input type="text" name="label" maxLength={200} />
            </label>
          </div>
        </ActionForm>
      </div>
    </Card>
  );
}
