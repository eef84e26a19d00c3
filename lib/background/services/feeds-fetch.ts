import { ignored } from '../../util/log';

/**
 * One feed's HTTP request: conditional (If-None-Match / If-Modified-Since from the last full answer), bounded in
 * time (an AbortController) and in size (the body is streamed and the read stops past the cap), with no cookies.
 * What comes back is text to parse, "not modified", or a plain state. The caller has checked the permission.
 */

export type FetchOutcome =
  { kind: 'ok'; text: string; etag: string | null; lastModified: string | null } | { kind: 'not-modified' } | { kind: 'failed'; state: 'unreachable' | 'too-large'; detail: string };

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
}

/** A feed document larger than this is not read (the largest real feeds are a few hundred KB). */
export const FEED_LIMITS: FetchLimits = { timeoutMs: 20_000, maxBytes: 5 * 1024 * 1024 };

export type Fetcher = (url: string, init: RequestInit) => Promise<Response>;

/** The charset a Content-Type names, if the browser's decoder knows it. */
function decoderFor(contentType: string | null): TextDecoder {
  const label = contentType
    ?.split(';')
    .map((p) => p.trim())
    .find((p) => p.toLowerCase().startsWith('charset='))
    ?.slice('charset='.length)
    .replaceAll('"', '');
  try {
    return new TextDecoder(label || 'utf-8');
  } catch {
    // An unknown label: UTF-8, as feeds are by default.
    return new TextDecoder('utf-8');
  }
}

/** Reads a body up to `max` bytes; null past it (the rest is never downloaded: the stream is cancelled). */
async function readCapped(res: Response, max: number): Promise<Uint8Array | null> {
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(ignored('feeds'));
      return null;
    }
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

export async function fetchFeed(fetcher: Fetcher, url: string, validators: { etag: string | null; lastModified: string | null }, limits: FetchLimits = FEED_LIMITS): Promise<FetchOutcome> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), limits.timeoutMs);
  try {
    const headers: Record<string, string> = { accept: 'application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5' };
    if (validators.etag) headers['if-none-match'] = validators.etag;
    if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
    const res = await fetcher(url, { headers, signal: controller.signal, credentials: 'omit', cache: 'no-store', redirect: 'follow' });
    if (res.status === 304) return { kind: 'not-modified' };
    if (!res.ok) {
      await res.body?.cancel().catch(ignored('feeds'));
      return { kind: 'failed', state: 'unreachable', detail: `HTTP ${res.status}` };
    }
    const declared = Number(res.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > limits.maxBytes) {
      await res.body?.cancel().catch(ignored('feeds'));
      return { kind: 'failed', state: 'too-large', detail: String(declared) };
    }
    const bytes = await readCapped(res, limits.maxBytes);
    if (!bytes) return { kind: 'failed', state: 'too-large', detail: `> ${limits.maxBytes}` };
    return { kind: 'ok', text: decoderFor(res.headers.get('content-type')).decode(bytes), etag: res.headers.get('etag'), lastModified: res.headers.get('last-modified') };
  } catch (err) {
    // No answer (offline, refused, timed out, blocked): the next refresh tries again.
    return { kind: 'failed', state: 'unreachable', detail: controller.signal.aborted ? 'timeout' : err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}
