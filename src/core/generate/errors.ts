// Typed generator failures with a message a user can act on, and which of them are worth retrying.

/**
 * What went wrong with a request:
 * - `network`: fetch itself failed (a `TypeError`): the server is down, the address is wrong, or, in a browser, the
 *   server refused the page's origin (CORS); the browser does not say which;
 * - `http`: the server answered with an error status (`status` set);
 * - `timeout`: no response, or no new streamed data, within the time limit;
 * - `truncated`: a stream ended before `[DONE]` / a finish reason;
 * - `malformed`: a stream event or a response body was not the JSON an OpenAI-compatible server sends;
 * - `aborted`: cancelled by the caller.
 */
export type GenerateErrorKind = 'network' | 'http' | 'timeout' | 'truncated' | 'malformed' | 'aborted';

/** A plain, cloneable description of a failure (what samples and run records keep). */
export interface GenerateErrorInfo {
  kind: GenerateErrorKind;
  message: string;
  status?: number;
}

/** A failed request. `retryable` marks 429 / 5xx / 408, timeouts and truncated streams; `retryAfterMs` comes from Retry-After. */
export class GenerateError extends Error {
  readonly kind: GenerateErrorKind;
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(kind: GenerateErrorKind, message: string, options: { status?: number; retryAfterMs?: number } = {}) {
    super(message);
    this.name = 'GenerateError';
    this.kind = kind;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.retryable =
      kind === 'timeout' || kind === 'truncated' || (kind === 'http' && options.status !== undefined && (options.status === 408 || options.status === 429 || options.status >= 500));
  }

  /** The cloneable form. */
  info(): GenerateErrorInfo {
    return { kind: this.kind, message: this.message, ...(this.status !== undefined ? { status: this.status } : {}) };
  }
}

/**
 * Milliseconds a `Retry-After` header asks for: delta-seconds or an HTTP date (relative to `now`, ms since epoch);
 * undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}
