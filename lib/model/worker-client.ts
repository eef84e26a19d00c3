// Types only from ./host: a value import would pull transformers.js and ONNX Runtime into the page; they live in the worker.
import type { EmbedKind, EmbeddingHost, LoadPlan } from './host';
import type { ModelStatus } from './status';

/** A request from the host page to the model worker (lib/model/worker.ts). */
export type WorkerRequest = { id: number; op: 'load'; plan: LoadPlan; stallMs?: number } | { id: number; op: 'embed'; plan: LoadPlan; texts: string[]; kind: EmbedKind; stallMs?: number };

/** What the model worker posts back: a status change, or the answer to one request. */
export type WorkerReply =
  { op: 'status'; change: Partial<ModelStatus> & { modelId: string } } | { op: 'done'; id: number; ok: true; data: unknown } | { op: 'done'; id: number; ok: false; error: string };

/** The parts of a dedicated Worker used here. */
export interface WorkerLike {
  postMessage(message: WorkerRequest): void;
  addEventListener(type: 'message', listener: (event: { data: WorkerReply }) => void): void;
  addEventListener(type: 'error' | 'messageerror', listener: (event: { message?: string }) => void): void;
  terminate(): void;
}

/**
 * The model host as seen from its page: the same calls as createModelHost's, answered by a dedicated worker that
 * runs transformers.js and ONNX Runtime. Extension pages share one renderer main thread, and ONNX Runtime's WASM
 * holds the thread it runs on for seconds (a cold load, a long article): run there, it froze the popup and the side
 * panel (docs/performance.md). The worker is started on the first request and ended by `dispose`, which frees
 * everything it held, a stuck inference included.
 */
export function createWorkerHost(start: () => WorkerLike, onStatus: (change: Partial<ModelStatus> & { modelId: string }) => void, failed: (detail: string) => string): EmbeddingHost {
  let worker: WorkerLike | null = null;
  let next = 0;
  const pending = new Map<number, { resolve: (data: unknown) => void; reject: (err: Error) => void }>();

  const fail = (message: string) => {
    worker?.terminate();
    worker = null;
    for (const p of pending.values()) p.reject(new Error(message));
    pending.clear();
  };

  const running = (): WorkerLike => {
    if (worker) return worker;
    const w = start();
    w.addEventListener('message', ({ data }) => {
      if (w !== worker) return;
      if (data.op === 'status') return onStatus(data.change);
      const p = pending.get(data.id);
      pending.delete(data.id);
      if (data.ok) p?.resolve(data.data);
      else p?.reject(new Error(data.error));
    });
    // The worker's script did not load, or it threw outside any request: it is ended, and every waiting caller hears it
    // now rather than at the background's stall timeout; the next request starts a fresh worker.
    w.addEventListener('error', (e) => w === worker && fail(failed(e.message ?? '')));
    w.addEventListener('messageerror', () => w === worker && fail(failed('messageerror')));
    worker = w;
    return w;
  };

  const ask = <T>(request: Omit<Extract<WorkerRequest, { op: 'load' }>, 'id'> | Omit<Extract<WorkerRequest, { op: 'embed' }>, 'id'>): Promise<T> => {
    const w = running();
    const id = ++next;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (data: unknown) => void, reject });
      w.postMessage({ ...request, id } as WorkerRequest);
    });
  };

  return {
    load: (plan, stallMs) => ask<null>({ op: 'load', plan, ...(stallMs ? { stallMs } : {}) }),
    embed: (plan, texts, kind, stallMs) => ask<number[][]>({ op: 'embed', plan, texts: [...texts], kind, ...(stallMs ? { stallMs } : {}) }),
    // Ending the worker frees ONNX Runtime's memory with it; callers still waiting are told the model was closed.
    dispose: async () => fail(failed('closed')),
  };
}
