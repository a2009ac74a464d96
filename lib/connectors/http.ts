// The HTTP seam every API connector shares: one place where requests are issued, with timeouts,
// bounded concurrency, and retries that honour the server's rate-limit headers.

export interface HttpClientOptions {
  baseUrl: string;
  /** Injected so tests use a fake and a guard can wrap it (SSRF allow-list). */
  fetch: typeof fetch;
  /** Sent on every request (auth). Never echoed in errors. */
  headers: Record<string, string>;
  timeoutMs?: number;
  maxRetries?: number;
  /** Most requests in flight at once. */
  concurrency?: number;
  /** Backoff for 5xx and network errors: base·2^attempt with full jitter, capped. */
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** Longest wait a rate-limit header may impose before the run gives up. */
  maxRateLimitWaitMs?: number;
  /** Turns a non-retryable answer into the connector's own error (clear message per status). */
  errorFor?: (status: number, body: string, what: string) => Error;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => number;
  onRetry?: (info: { what: string; attempt: number; waitMs: number; reason: string }) => void;
}

export interface HttpRequest {
  method?: 'GET' | 'POST';
  /** A path under the base URL, or an absolute URL the API handed back (e.g. `nextPage`). */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  signal?: AbortSignal;
}

export class HttpStatusError extends Error {
  override name = 'HttpStatusError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Raised when the server's answer is not the JSON we expect (after the retries). */
export class MalformedResponseError extends Error {
  override name = 'MalformedResponseError';
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Wait requested by a rate-limited answer: `Retry-After` (seconds or an HTTP date) first, then an ISO
 * `X-RateLimit-Reset` (Jira). Null when neither is usable.
 */
export function rateLimitWaitMs(headers: Headers, now: number): number | null {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null && retryAfter.trim() !== '') {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  const reset = headers.get('x-ratelimit-reset');
  if (reset !== null && /^\d{4}-\d{2}-\d{2}T/.test(reset)) {
    const at = Date.parse(reset);
    if (Number.isFinite(at)) return Math.max(0, at - now);
  }
  return null;
}

export class HttpClient {
  private readonly options: Required<
    Omit<HttpClientOptions, 'errorFor' | 'onRetry' | 'baseUrl' | 'fetch' | 'headers'>
  > &
    HttpClientOptions;
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private retryCount = 0;
  private requestCount = 0;
  private readonly base: URL;

  constructor(options: HttpClientOptions) {
    this.options = {
      timeoutMs: 30_000,
      maxRetries: 6,
      concurrency: 4,
      backoffBaseMs: 500,
      backoffCapMs: 30_000,
      maxRateLimitWaitMs: 15 * 60_000,
      sleep: defaultSleep,
      random: Math.random,
      now: Date.now,
      ...options,
    };
    this.base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
  }

  get retries(): number {
    return this.retryCount;
  }

  get requests(): number {
    return this.requestCount;
  }

  url(path: string, query?: HttpRequest['query']): URL {
    const url = /^https?:\/\//i.test(path) ? new URL(path) : new URL(path.replace(/^\//, ''), this.base);
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    return url;
  }

  /** GET/POST and parse JSON, retrying what is worth retrying. */
  async json(request: HttpRequest): Promise<unknown> {
    await this.acquire();
    try {
      return await this.attempt(request);
    } finally {
      this.release();
    }
  }

  private async attempt(request: HttpRequest): Promise<unknown> {
    const method = request.method ?? 'GET';
    const url = this.url(request.path, request.query);
    // Errors name the endpoint, never the headers (credentials) or the host's full query string.
    const what = `${method} ${url.pathname}`;
    for (let attempt = 0; ; attempt++) {
      request.signal?.throwIfAborted();
      let waitMs: number | null = null;
      let reason: string;
      try {
        const { status, headers, text } = await this.send(method, url, request);
        if (status >= 200 && status < 300) {
          try {
            return text === '' ? null : JSON.parse(text);
          } catch (error) {
            reason = `malformed JSON (${error instanceof Error ? error.message : 'parse error'})`;
            if (attempt >= this.options.maxRetries) throw new MalformedResponseError(`${what}: ${reason}`);
          }
        } else if (RETRYABLE_STATUS.has(status)) {
          reason = `HTTP ${status}`;
          const limited = rateLimitWaitMs(headers, this.options.now());
          if (limited !== null) {
            if (limited > this.options.maxRateLimitWaitMs) {
              throw new HttpStatusError(
                `${what}: rate limited for ${Math.ceil(limited / 1000)} s, longer than the ${Math.round(this.options.maxRateLimitWaitMs / 1000)} s this run will wait`,
                status,
              );
            }
            waitMs = limited;
          }
          if (attempt >= this.options.maxRetries) {
            throw new HttpStatusError(`${what}: HTTP ${status} after ${attempt + 1} attempts`, status);
          }
        } else {
          throw (
            this.options.errorFor?.(status, text, what) ??
            new HttpStatusError(`${what}: HTTP ${status}`, status)
          );
        }
      } catch (error) {
        if (request.signal?.aborted) throw request.signal.reason;
        if (!isNetworkError(error)) throw error;
        reason = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'network error';
        if (attempt >= this.options.maxRetries) {
          throw new Error(`${what}: ${reason} after ${attempt + 1} attempts (${describeCause(error)})`);
        }
      }
      const delay = waitMs ?? this.backoff(attempt);
      this.retryCount++;
      this.options.onRetry?.({ what, attempt: attempt + 1, waitMs: delay, reason });
      await this.options.sleep(delay, request.signal);
    }
  }

  private backoff(attempt: number): number {
    const ceiling = Math.min(this.options.backoffCapMs, this.options.backoffBaseMs * 2 ** attempt);
    return Math.round(this.options.random() * ceiling);
  }

  private async send(method: string, url: URL, request: HttpRequest) {
    this.requestCount++;
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    const headers: Record<string, string> = { accept: 'application/json', ...this.options.headers };
    let body: string | undefined;
    if (request.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.body);
    }
    const response = await this.options.fetch(url, { method, headers, body, signal, redirect: 'error' });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text };
  }

  private async acquire(): Promise<void> {
    if (this.active < this.options.concurrency) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}

function isNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'TimeoutError') return true;
  // undici reports refused/reset connections and bad bodies as TypeError('fetch failed').
  return error.name === 'TypeError' && /fetch failed|terminated|network/i.test(error.message);
}

function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error) return cause.message;
  return error.message;
}

/** Replace every occurrence of each secret (and its common encodings) by a fixed mask. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    for (const form of [secret, encodeURIComponent(secret)]) result = result.split(form).join('[redacted]');
  }
  return result;
}
