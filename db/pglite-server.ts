import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

// Startup-phase request codes (a length and a code, no type byte) from the Postgres protocol.
const PROTOCOL_3 = 196_608;
const SSL_REQUEST = 80_877_103;
const GSSENC_REQUEST = 80_877_104;
const CANCEL_REQUEST = 80_877_102;
const SYNC = Buffer.from([0x53, 0, 0, 0, 4]);
const READY_IDLE = Buffer.from([0x5a, 0, 0, 0, 5, 0x49]); // ReadyForQuery, status I

/**
 * Serves one PGlite backend to several Postgres-protocol clients on loopback.
 *
 * The backend has a single session, so unnamed statements and portals, the error state of the
 * extended protocol and any open transaction belong to whoever spoke last. A client therefore holds
 * the backend from its first message until the backend reports ReadyForQuery "idle" (after a Sync
 * or simple Query, outside a transaction); postgres.js's describe-then-bind round trip ends in
 * Flush, so it stays in one turn.
 */
export class EmbeddedWireServer {
  private readonly server: Server;
  private readonly clients = new Set<WireClient>();
  private holder: WireClient | null = null;
  private readonly waiting: Array<{ client: WireClient; grant: () => void }> = [];

  constructor(
    private readonly pg: PGlite,
    private readonly maxClients = 64,
  ) {
    this.server = createServer((socket) => this.accept(socket));
  }

  /** Listens on 127.0.0.1 (port 0: any free port) and resolves to the bound port. */
  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        const address = this.server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  async close(): Promise<void> {
    for (const client of this.clients) client.socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    socket.setNoDelay(true);
    if (this.clients.size >= this.maxClients) {
      socket.end(
        errorResponse('53300', `too many connections to the embedded database (${this.maxClients})`),
      );
      return;
    }
    const client: WireClient = new WireClient(socket, (message) => this.handle(client, message));
    this.clients.add(client);
    socket.on('close', () => {
      this.clients.delete(client);
      void client.stopped().then(() => this.release(client, true));
    });
    socket.on('error', () => socket.destroy());
  }

  private async handle(client: WireClient, message: Buffer): Promise<void> {
    await this.acquire(client);
    let tail = Buffer.alloc(0);
    await this.pg.runExclusive(() =>
      this.pg.execProtocolRawStream(new Uint8Array(message), {
        onRawData: (chunk) => {
          if (chunk.length === 0) return;
          tail = Buffer.concat([tail, chunk.subarray(-READY_IDLE.length)]).subarray(-READY_IDLE.length);
          if (!client.socket.destroyed) client.socket.write(Buffer.from(chunk));
        },
      }),
    );
    // The turn ends when the backend answers ReadyForQuery "idle": not mid-batch, not in a transaction.
    if (tail.equals(READY_IDLE)) await this.release(client, false);
  }

  private acquire(client: WireClient): Promise<void> {
    if (this.holder === client) return Promise.resolve();
    if (this.holder === null) {
      this.holder = client;
      return Promise.resolve();
    }
    return new Promise((grant) => this.waiting.push({ client, grant }));
  }

  /** Ends the client's turn; a client that went away mid-turn has its session state cleared first. */
  private async release(client: WireClient, gone: boolean): Promise<void> {
    if (gone) {
      const queued = this.waiting.findIndex((w) => w.client === client);
      if (queued >= 0) this.waiting.splice(queued, 1);
    }
    if (this.holder !== client) return;
    if (gone) {
      // Leave the extended protocol's error state and any open transaction before the next client.
      await this.pg.runExclusive(() =>
        this.pg.execProtocolRawStream(new Uint8Array(SYNC), { onRawData: () => {} }),
      );
      if (this.pg.isInTransaction()) await this.pg.exec('rollback');
    }
    const next = this.waiting.shift();
    this.holder = next?.client ?? null;
    next?.grant();
  }
}

/** One client socket: frames its messages and hands them over one at a time, in order. */
class WireClient {
  private inStartup = true;
  private buffer = Buffer.alloc(0);
  private pumping: Promise<void> = Promise.resolve();

  constructor(
    readonly socket: Socket,
    private readonly deliver: (message: Buffer) => Promise<void>,
  ) {
    socket.on('data', (data) => {
      this.buffer = Buffer.concat([this.buffer, data]);
      this.pumping = this.pumping
        .then(() => this.pump())
        .catch(() => {
          socket.destroy();
        });
    });
  }

  /** Resolves once every message already received has been handled. */
  stopped(): Promise<void> {
    return this.pumping;
  }

  private async pump(): Promise<void> {
    for (;;) {
      if (this.socket.destroyed) return;
      const message = this.inStartup ? this.takeStartup() : this.takeMessage();
      if (!message) return;
      if (message.length === 0) continue;
      if (!this.inStartup && message[0] === 0x58) {
        this.socket.end(); // Terminate: the shared backend session stays open for the others
        return;
      }
      await this.deliver(message);
      if (this.inStartup && message.readInt32BE(4) === PROTOCOL_3) this.inStartup = false;
    }
  }

  /** A startup-phase packet; SSL/GSS requests are declined here and cancel requests are not supported. */
  private takeStartup(): Buffer | null {
    if (this.buffer.length < 8) return null;
    const length = this.buffer.readInt32BE(0);
    if (this.buffer.length < length) return null;
    const packet = this.buffer.subarray(0, length);
    this.buffer = this.buffer.subarray(length);
    const code = packet.readInt32BE(4);
    if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
      this.socket.write('N');
      return Buffer.alloc(0);
    }
    if (code === CANCEL_REQUEST) {
      this.socket.end();
      return null;
    }
    return packet;
  }

  private takeMessage(): Buffer | null {
    if (this.buffer.length < 5) return null;
    const length = 1 + this.buffer.readInt32BE(1);
    if (this.buffer.length < length) return null;
    const message = this.buffer.subarray(0, length);
    this.buffer = this.buffer.subarray(length);
    return message;
  }
}

function errorResponse(code: string, text: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${text}\0\0`, 'utf8');
  const header = Buffer.alloc(5);
  header.write('E', 0);
  header.writeInt32BE(4 + fields.length, 1);
  return Buffer.concat([header, fields]);
}
