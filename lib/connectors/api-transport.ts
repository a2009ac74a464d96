// The request loop the Linear and GitHub clients share: the injected fetch is the one place requests
// leave the process; every request has a timeout; each source classifies its own answers (rate-limit
// styles differ), and this loop waits, backs off with jitter, or gives up.

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
}

export type Verdict =
  | { kind: 'ok' }
  /** Rate limited: wait exactly `waitMs` (from the server's headers) and retry. */
  | { kind: 'rate-limited'; waitMs: number; reason: string }
  /** Transient (5xx, truncated body): exponential backoff with jitter, capped attempts. */
  | { kind: 'transient'; reason: string }
  | { kind: 'fail'; error: Error };

export interface TransportOptions {
  fetch: typeof fetch;
  timeoutMs?: number;
  /** Attempts after the first for transient failures (5xx, network, malformed bodies). */
  maxRetries?: number;
  /** Rate-limit waits honoured per request before the run gives up. */
  maxRateLimitRetries?: number;
  /** A single rate-limit wait longer than this fails the run with a clear message instead. */
  maxRateLimitWaitMs?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => number;
  onRetry?: (info: { what: string; attempt: number; waitMs: number; reason: string }) => void;
}

export interface TransportRequest {
  url: URL;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** How errors name the request: method and path only, never headers or query strings. */
  what: string;
}

/** A failure the source reported that retrying cannot fix (auth, permission, not found, bad query). */
export class SourceApiError extends Error {
  override name = 'SourceApiError';
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
  }
}

export function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class ApiTransport {
  private readonly o: Required<Omit<TransportOptions, 'onRetry'>> & Pick<TransportOptions, 'onRetry'>;
  private retryCount = 0;
  private requestCount = 0;

  constructor(options: TransportOptions) {
    this.o = {
      timeoutMs: 30_000,
      maxRetries: 5,
      maxRateLimitRetries: 20,
      maxRateLimitWaitMs: 15 * 60_000,
      backoffBaseMs: 500,
      backoffCapMs: 30_000,
      sleep: sleepFor,
      random: Math.random,
      now: Date.now,
      ...options,
    };
  }

  get retries(): number {
    return this.retryCount;
  }

  get requests(): number {
    return this.requestCount;
  }

  now(): number {
    return this.o.now();
  }

  /** Send until `classify` accepts the answer; returns the accepted answer. */
  async send(request: TransportRequest, classify: (r: RawResponse) => Verdict): Promise<RawResponse> {
    let transient = 0;
    let limited = 0;
    for (;;) {
      request.signal?.throwIfAborted();
      let verdict: Verdict;
      let response: RawResponse | null = null;
      try {
        response = await this.once(request);
        verdict = classify(response);
      } catch (error) {
        if (request.signal?.aborted) throw request.signal.reason;
        if (!isNetworkError(error)) throw error;
        const timedOut = error instanceof Error && error.name === 'TimeoutError';
        verdict = {
          kind: 'transient',
          reason: timedOut ? `timed out after ${this.o.timeoutMs} ms` : 'network error',
        };
      }
      if (verdict.kind === 'ok' && response) return response;
      if (verdict.kind === 'fail') throw verdict.error;
      let waitMs: number;
      let reason: string;
      if (verdict.kind === 'rate-limited') {
        limited++;
        reason = verdict.reason;
        if (verdict.waitMs > this.o.maxRateLimitWaitMs) {
          throw new SourceApiError(
            `${request.what}: ${reason}; the limit resets in ${Math.ceil(verdict.waitMs / 1000)} s, longer than the ${Math.round(this.o.maxRateLimitWaitMs / 1000)} s this run waits`,
            response?.status ?? null,
          );
        }
        if (limited > this.o.maxRateLimitRetries) {
          throw new SourceApiError(
            `${request.what}: ${reason}, still after ${limited} waits`,
            response?.status ?? null,
          );
        }
        waitMs = verdict.waitMs;
      } else {
        transient++;
        reason = verdict.kind === 'transient' ? verdict.reason : 'unexpected answer';
        if (transient > this.o.maxRetries) {
          throw new SourceApiError(
            `${request.what}: ${reason} after ${transient} attempts`,
            response?.status ?? null,
          );
        }
        const ceiling = Math.min(this.o.backoffCapMs, this.o.backoffBaseMs * 2 ** (transient - 1));
        waitMs = Math.round(this.o.random() * ceiling);
      }
      this.retryCount++;
      this.o.onRetry?.({ what: request.what, attempt: transient + limited, waitMs, reason });
      await this.o.sleep(waitMs, request.signal);
    }
  }

  private async once(request: TransportRequest): Promise<RawResponse> {
    this.requestCount++;
    const timeout = AbortSignal.timeout(this.o.timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    // Redirects are refused: a redirected request would carry the credential to another host.
    const response = await this.o.fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal,
      redirect: 'error',
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text };
  }
}

function isNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return true;
  // undici reports refused/reset connections and cut bodies as TypeError('fetch failed' | 'terminated').
  return error.name === 'TypeError' && /fetch failed|terminated|network|socket/i.test(error.message);
}

/** Parse a JSON body; null when it is not JSON (the caller decides whether that is transient). */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : 'not JSON' };
  }
}

/** A seconds-or-HTTP-date `Retry-After`, in ms; null when absent or unusable. */
export function retryAfterMs(headers: Headers, now: number): number | null {
  const value = headers.get('retry-after')?.trim();
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}
