import { request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';

/** One POST of one event to one webhook endpoint. */
export interface AttemptRequest {
  url: URL;
  /** Where to connect: the address resolveDeliveryAddress checked (never resolved again here). */
  address: { address: string; family: 4 | 6 };
  /** The signature headers and any others; content-type, user-agent, host and length are ours. */
  headers: Record<string, string>;
  body: string;
  /** Bounds the whole attempt: connect, response headers and the kept part of the body. */
  timeoutMs?: number;
  /** How much of the response body is kept (and read at all). */
  maxResponseBytes?: number;
}

/**
 * What happened. A status with an error means the response headers arrived but the body did
 * not finish (timeout, reset): the receiver answered, so judge the attempt by the status.
 * A redirect is an answer like any other: its status is recorded, it is not followed.
 */
export interface AttemptResult {
  status: number | null;
  latencyMs: number;
  /** At most maxResponseBytes of the body, cut on a UTF-8 character boundary. */
  responseBody: string | null;
  error: string | null;
}

export const DEFAULT_ATTEMPT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 1_024;
export const WEBHOOK_USER_AGENT = 'AgentStack-Webhooks/1';

/** Never throws: every failure is a result the dispatcher records. */
export async function attemptDelivery(request: AttemptRequest): Promise<AttemptResult> {
  const timeoutMs = request.timeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS;
  const maxBytes = request.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const started = performance.now();
  return new Promise<AttemptResult>((resolve) => {
    let status: number | null = null;
    const chunks: Buffer[] = [];
    let received = 0;
    let req: ClientRequest | undefined;
    let res: IncomingMessage | undefined;
    let settled = false;

    const finish = (error: string | null, complete: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // Ends the socket whatever the state (a body still streaming, a slow server): nothing lingers.
      res?.destroy();
      req?.destroy();
      const body = status === null && chunks.length === 0 ? null : keptBody(Buffer.concat(chunks), maxBytes, complete);
      resolve({ status, latencyMs: performance.now() - started, responseBody: body, error });
    };
    const timer = setTimeout(() => finish(`timeout after ${timeoutMs} ms`, false), timeoutMs);

    try {
      const send = request.url.protocol === 'https:' ? httpsRequest : httpRequest;
      req = send(requestOptions(request), (response) => {
        res = response;
        status = response.statusCode ?? null;
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          received += chunk.length;
          // One byte past the limit tells whether the cut falls inside a character; then stop
          // reading, so a huge body is never buffered.
          if (received > maxBytes) finish(null, false);
        });
        response.on('end', () => finish(null, true));
        response.on('error', (error) => finish(describe(error), false));
        response.on('close', () => finish(response.complete ? null : 'response ended early', response.complete));
      });
      req.on('error', (error) => finish(describe(error), false));
      req.end(request.body);
    } catch (error) {
      // Synchronous refusals by node, e.g. a header value with a newline in it.
      finish(describe(error), false);
    }
  });
}

function requestOptions({ url, address, headers, body }: AttemptRequest): RequestOptions & { servername?: string } {
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return {
    method: 'POST',
    // Connect to the checked address; the URL's host name stays in Host and in TLS (SNI and the
    // certificate check), so the endpoint sees the request it expects.
    host: address.address,
    family: address.family,
    port: url.port === '' ? undefined : Number(url.port),
    path: `${url.pathname}${url.search}`,
    // SNI takes no IP address (RFC 6066); then the certificate is checked against `host`.
    ...(url.protocol === 'https:' && isIP(hostname) === 0 ? { servername: hostname } : {}),
    headers: {
      ...lowerCased(headers),
      host: url.host,
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'user-agent': WEBHOOK_USER_AGENT,
    },
    // A fresh agent without keep-alive: the socket closes with the attempt, none is pooled.
    agent: false,
  };
}

function lowerCased(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

/** The kept body: whole when it ended within the limit, else cut before a split character. */
function keptBody(bytes: Buffer, maxBytes: number, complete: boolean): string {
  if (bytes.length <= maxBytes && complete) return bytes.toString('utf8');
  let end = Math.min(bytes.length, maxBytes);
  // bytes[end] is the first byte left out; if it continues a character, that character started
  // inside the kept part: leave it out whole. Without bytes[end] (a body cut short by an error),
  // back off from a lead byte whose sequence is incomplete.
  if (end < bytes.length) {
    while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  } else {
    end = completeUtf8Length(bytes, end);
  }
  return bytes.subarray(0, end).toString('utf8');
}

/** The length of bytes[0, end) without a trailing incomplete UTF-8 sequence. */
function completeUtf8Length(bytes: Buffer, end: number): number {
  for (let back = 1; back <= Math.min(4, end); back++) {
    const byte = bytes[end - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? end - back : end;
  }
  return end;
}

const MESSAGES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed while sending',
  ETIMEDOUT: 'connection timed out',
};

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  if (code !== undefined && MESSAGES[code] !== undefined) return MESSAGES[code];
  return code !== undefined && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
}
