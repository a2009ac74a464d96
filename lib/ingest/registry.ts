import { githubSource } from '../connectors/github/source';
import { jiraSource } from '../connectors/jira/source';
import { linearSource } from '../connectors/linear/source';
import { InputError } from '../errors';
import type { IngestSource } from './source';

/** Every source `runIngest` can run, by `connections.kind`. Add new sources here. */
export const INGEST_SOURCES: Record<string, IngestSource> = {
  jira: jiraSource as IngestSource,
  linear: linearSource as IngestSource,
  github: githubSource as IngestSource,
};

export function ingestSourceFor(kind: string): IngestSource {
  const source = INGEST_SOURCES[kind];
  if (!source) {
    throw new InputError(
      `no ingest source for connection kind '${kind}' (known: ${Object.keys(INGEST_SOURCES).join(', ')})`,
    );
  }
  return source;
}
