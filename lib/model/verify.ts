import { t } from '../i18n/i18n';
import type { ModelInfo } from './catalog';

/** A load that shows no progress for this long fails (and its host is closed, so a retry starts afresh). */
export const DEFAULT_STALL_MS = 60_000;

/** What one downloaded file must be, as it travels in a load plan (lib/protocol/model-host.ts). */
export interface FileCheck {
  /** Path in the hub repository. */
  path: string;
  /** Exact size in bytes, or null when unknown. */
  size: number | null;
  /** Lower-case hex SHA-256, or null when unknown (size checks only). */
  sha256: string | null;
  /** The most bytes accepted: the exact size when known, else a cap. */
  maxBytes: number;
}

/** A downloaded file was not the one the catalogue names: too big, the wrong size, the wrong hash, or not listed. */
export class ModelIntegrityError extends Error {
  override name = 'ModelIntegrityError';
  constructor(
    readonly file: string,
    readonly reason: 'size' | 'sha256' | 'unlisted',
  ) {
    super(t(reason === 'unlisted' ? 'model_file_unlisted' : reason === 'size' ? 'model_file_size' : 'model_file_sha256', file));
  }
}

/** The model showed no sign of life (no byte, no progress, no answer) for this long. */
export class ModelTimeoutError extends Error {
  override name = 'ModelTimeoutError';
  constructor(readonly ms: number) {
    super(`no progress for ${Math.round(ms / 1000)} s`);
  }
}

/** The catalogue's files as checks: a file of unknown size may weigh at most the model's announced size plus a fifth. */
export function fileChecks(info: Pick<ModelInfo, 'files' | 'sizeMB'>): FileCheck[] {
  const cap = Math.ceil(info.sizeMB * 1.2 * 1024 * 1024);
  return (info.files ?? []).map((f) => ({ path: f.path, size: f.size, sha256: f.sha256, maxBytes: f.size ?? cap }));
}

/** The hub URL of a model's folder at a revision: transformers.js's `{host}/{model}/resolve/{revision}/` (env.remotePathTemplate). */
export function resolveBase(remoteHost: string, modelId: string, revision: string): string {
  return `${remoteHost.replace(/\/?$/, '/')}${modelId}/resolve/${encodeURIComponent(revision)}/`;
}

async function hex(data: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', data);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Wraps a response body so that it errors, instead of ending, when the file is
 * not the expected one: more bytes than allowed (checked as they arrive, so a
 * runaway download stops at the cap), a different length, or a different
 * SHA-256 (checked before the last read returns). transformers.js reads the
 * whole body before it caches anything, so a file that fails here is never cached.
 */
export function checkedResponse(response: Response, check: FileCheck): Response {
  // A declared length over the cap fails at once. (Only over: a compressed response declares fewer bytes than the
  // file has; the bytes counted below are the decoded ones.)
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (!response.headers.get('content-encoding') && declared > check.maxBytes) throw new ModelIntegrityError(check.path, 'size');
  if (!response.body) throw new ModelIntegrityError(check.path, 'size');
  let received = 0;
  // Kept only to hash: in one buffer of the known size, else in pieces joined at the end.
  const whole = check.sha256 && check.size !== null ? new Uint8Array(check.size) : null;
  const parts: Uint8Array[] = [];
  const body = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        if (received + chunk.byteLength > check.maxBytes) throw new ModelIntegrityError(check.path, 'size');
        if (whole) whole.set(chunk, received);
        else if (check.sha256) parts.push(chunk);
        received += chunk.byteLength;
        controller.enqueue(chunk);
      },
      async flush() {
        if (check.size !== null && received !== check.size) throw new ModelIntegrityError(check.path, 'size');
        if (!check.sha256) return;
        let data = whole;
        if (!data) {
          data = new Uint8Array(received);
          let at = 0;
          for (const p of parts) {
            data.set(p, at);
            at += p.byteLength;
          }
        }
        if ((await hex(data)) !== check.sha256) throw new ModelIntegrityError(check.path, 'sha256');
      },
    }),
  );
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/** A download in progress: the folder it may read, the files it may read there, and what cancels it. */
export interface GuardedLoad {
  /** The model's folder at its revision (resolveBase). */
  base: string;
  /** The download host: any other path on it is refused while this load runs. */
  host: string;
  files: readonly FileCheck[];
  signal: AbortSignal;
}

const active = new Set<GuardedLoad>();
let installed = false;

/**
 * transformers.js 3.8.1 fetches model files with the global `fetch` (utils/hub.js `getFile`): it has no fetch
 * option (v4 adds `env.fetch`), and its custom-cache hook swallows errors from `put`, so checking there could not
 * stop a load. So the global fetch is wrapped, once, in the page that runs the model; it passes every other request
 * through untouched. While a download runs, a request for one of its files is checked (and cancelled with the
 * load), a file the catalogue does not list answers 404 without a request, and anything else on the download host
 * is refused.
 */
function installGuard(): void {
  if (installed) return;
  installed = true;
  const base = globalThis.fetch.bind(globalThis);
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    for (const load of active) {
      if (url.startsWith(load.base)) {
        const path = decodeURI(url.slice(load.base.length).split(/[?#]/)[0] ?? '');
        const check = load.files.find((f) => f.path === path);
        // Not a file of this model: never fetched. As a 404, an optional file is skipped and a required one reported.
        if (!check) return new Response('not in the catalogue', { status: 404, statusText: 'Not in the catalogue' });
        const response = await base(input, { ...init, signal: load.signal });
        // Errors (404…) go back as they are: transformers.js reports them.
        return response.status === 200 ? checkedResponse(response, check) : response;
      }
      if (url.startsWith(load.host)) throw new ModelIntegrityError(url.slice(load.host.length), 'unlisted');
    }
    return base(input, init);
  };
}

/** Checks every file of one download until the returned function is called. */
export function guardDownload(load: GuardedLoad): () => void {
  installGuard();
  active.add(load);
  return () => void active.delete(load);
}
