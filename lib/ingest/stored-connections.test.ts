import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { syncCursors } from '../../db/schema';
import { testDatabases, useTestDatabase } from '../../test/support/databases';
import { parseSecretKeys } from '../security/secrets';
import {
  addStoredConnection,
  connectionEnv,
  credentialFor,
  updateStoredConnection,
} from './stored-connections';

const keys = parseSecretKeys(randomBytes(32).toString('base64'));
const env = {} as Parameters<typeof connectionEnv>[1];

describe.each(testDatabases())('editing a stored connection on $name', (target) => {
  const database = useTestDatabase(target);

  it('keeps the sealed secret unless a new one is given; a new scope drops the cursors', async () => {
    const { db } = database();
    const added = await addStoredConnection(db, {
      kind: 'linear',
      name: 'ops-linear',
      baseUrl: 'https://api.linear.app/graphql',
      scope: { team: 'OPS' },
      schedule: '1h',
      credential: credentialFor('linear', { secret: 'lin_api_first_secret_0001' }),
      keys,
    });
    await db
      .insert(syncCursors)
      .values({ connectionId: added.id, entity: 'issues', lastSuccessStartedAt: new Date() });

    const scheduleOnly = await updateStoredConnection(db, {
      name: 'ops-linear',
      baseUrl: added.baseUrl,
      scope: { team: 'OPS' },
      schedule: '30m',
      credential: null,
      keys,
    });
    expect(scheduleOnly.cursorsReset).toBe(false);
    expect(scheduleOnly.connection.schedule).toBe('30m');
    expect(scheduleOnly.connection.secretCiphertext).toBe(added.secretCiphertext);
    expect(await db.select().from(syncCursors)).toHaveLength(1);

    const moved = await updateStoredConnection(db, {
      name: 'ops-linear',
      baseUrl: added.baseUrl,
      scope: { team: 'PLAT' },
      schedule: '30m',
      credential: credentialFor('linear', { secret: 'lin_api_second_secret_0002' }),
      keys,
    });
    expect(moved.cursorsReset).toBe(true);
    expect(await db.select().from(syncCursors)).toHaveLength(0);
    expect(moved.connection.secretLast4).toBe('0002');
    expect(moved.connection.secretCiphertext).not.toContain('second');
    expect(connectionEnv(moved.connection, env, keys).LINEAR_API_KEY).toBe('lin_api_second_secret_0002');

    await expect(
      updateStoredConnection(db, {
        name: 'nope',
        baseUrl: null,
        scope: {},
        schedule: null,
        credential: null,
        keys,
      }),
    ).rejects.toThrow("no connection named 'nope'");
  });
});
