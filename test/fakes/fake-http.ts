// A tiny HTTP server on 127.0.0.1 (random port) for the source fakes: records every request and lets a
// test queue faults (rate limits, 5xx, cut bodies, dropped connections, slow answers) per request.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface FakeReply {
  status: number;
  headers?: Record<string, string>;
  body: string | unknown;
  /** Send only the first part of the body, then close (a malformed page). */
  truncate?: boolean;
  /** Drop the connection without answering. */
  destroy?: boolean;
  delayMs?: number;
}

export interface QueuedFault<Kind extends string> {
  kind: Kind;
  /** How many matching requests fail before answers are normal again. */
  times: number;
  /** Only requests this matches (default: every request). */
  when?: (request: FakeRequest) => boolean;
}

export interface RunningFake {
  url: string;
  port: number;
  requests: FakeRequest[];
  close(): Promise<void>;
}

export async function startFakeServer(
  handle: (request: FakeRequest) => FakeReply | Promise<FakeReply>,
): Promise<RunningFake> {
  const requests: FakeRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const request: FakeRequest = {
        method: req.method ?? 'GET',
        url: new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      let reply: FakeReply;
      try {
        reply = await handle(request);
      } catch (error) {
        reply = { status: 500, body: { message: error instanceof Error ? error.message : String(error) } };
      }
      if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
      if (reply.destroy) {
        req.socket.destroy();
        return;
      }
      const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...reply.headers });
      if (reply.truncate) {
        // Promise a longer body than is sent, so the client sees a cut page.
        res.end(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
        return;
      }
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Pops the first queued fault matching a request (decrementing its count). */
export class FaultQueue<Kind extends string> {
  private readonly queue: QueuedFault<Kind>[] = [];

  add(fault: QueuedFault<Kind>): void {
    this.queue.push({ ...fault });
  }

  clear(): void {
    this.queue.length = 0;
  }

  take(request: FakeRequest): Kind | null {
    const index = this.queue.findIndex((f) => f.times > 0 && (f.when ? f.when(request) : true));
    const fault = this.queue[index];
    if (!fault) return null;
    fault.times--;
    if (fault.times === 0) this.queue.splice(index, 1);
    return fault.kind;
  }
}

/** Opaque cursor over a sort key and an id, like the real APIs' opaque strings. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T>(cursor: string): T | null {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as T;
  } catch {
    return null;
  }
}
