import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from './client';

// The embedded database is one PGlite backend shared by every client of its socket server (the
// server's pages, the sync worker, a CLI run). Each client's statements must stay its own even when
// their protocol messages arrive interleaved.
describe('embedded database shared by several clients', () => {
  let dir: string;
  let owner: Database;
  let other: Database;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'toilscope-shared-'));
    owner = await openDatabase({ dataDir: dir });
    other = await openDatabase({ dataDir: dir });
    expect(other.location).toMatch(/served by pid/);
  });

  afterAll(async () => {
    await other?.close();
    await owner?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers each client its own parameterised queries when they run at the same time', async () => {
    const rounds = Array.from({ length: 150 }, (_, i) => i);
    const [sums, echoes] = await Promise.all([
      Promise.all(
        rounds.map(async (i) => {
          const rows = await owner.sql<{ total: number }[]>`
            select ${i}::int + ${1}::int + ${2}::int + ${3}::int + ${4}::int + ${5}::int + ${6}::int as total`;
          return rows[0]?.total;
        }),
      ),
      Promise.all(
        rounds.map(async (i) => {
          const rows = await other.sql<{ echo: string }[]>`select ${`round ${i}`}::text as echo`;
          return rows[0]?.echo;
        }),
      ),
    ]);
    expect(sums).toEqual(rounds.map((i) => i + 21));
    expect(echoes).toEqual(rounds.map((i) => `round ${i}`));
  });

  it("keeps one client's transaction to itself while another client writes", async () => {
    await owner.sql`create table if not exists shared_probe (who text not null, n int not null)`;
    const rolledBack = owner.sql
      .begin(async (tx) => {
        for (let n = 0; n < 20; n++) {
          await tx`insert into shared_probe values (${'owner'}, ${n})`;
        }
        throw new Error('roll back');
      })
      .catch((error: Error) => error.message);
    const writes = Promise.all(
      Array.from({ length: 20 }, (_, n) => other.sql`insert into shared_probe values (${'other'}, ${n})`),
    );
    const [outcome] = await Promise.all([rolledBack, writes]);
    expect(outcome).toBe('roll back');
    const counts = await owner.sql<{ who: string; rows: number }[]>`
      select who, count(*)::int as rows from shared_probe group by who order by who`;
    expect(counts).toEqual([{ who: 'other', rows: 20 }]);
  });

  it('rolls back and frees the backend when a client vanishes in the middle of a transaction', async () => {
    const port = Number(owner.location.match(/127\.0\.0\.1:(\d+)/)?.[1]);
    await owner.sql`create table if not exists vanished_probe (n int not null)`;
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const replies: Buffer[] = [];
    socket.on('data', (data) => replies.push(data));
    socket.write(startupPacket('postgres', 'postgres'));
    await until(() => Buffer.concat(replies).includes(READY_IDLE));
    replies.length = 0;
    // Opens a transaction, inserts, then leaves without committing; the backend is mid-transaction.
    socket.write(simpleQuery('begin; insert into vanished_probe values (1)'));
    await until(() => Buffer.concat(replies).includes(Buffer.from([0x5a, 0, 0, 0, 5, 0x54])));
    const waiting = other.sql<{ rows: number }[]>`select count(*)::int as rows from vanished_probe`;
    socket.destroy();
    expect(await waiting).toEqual([{ rows: 0 }]);
    expect(await owner.sql`select 1 as ok`).toEqual([{ ok: 1 }]);
  });
});

const READY_IDLE = Buffer.from([0x5a, 0, 0, 0, 5, 0x49]);

function startupPacket(user: string, database: string): Buffer {
  const body = Buffer.from(`user\0${user}\0database\0${database}\0\0`);
  const packet = Buffer.alloc(8 + body.length);
  packet.writeInt32BE(packet.length, 0);
  packet.writeInt32BE(196_608, 4);
  body.copy(packet, 8);
  return packet;
}

function simpleQuery(text: string): Buffer {
  const body = Buffer.from(`${text}\0`);
  const message = Buffer.alloc(5 + body.length);
  message.write('Q', 0);
  message.writeInt32BE(4 + body.length, 1);
  body.copy(message, 5);
  return message;
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}
