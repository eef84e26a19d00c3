// Types only from ./host: a value import would pull transformers.js and ONNX Runtime into the page; they live in the worker.
import type { EmbedKind, EmbeddingHost, LoadPlan } from './host';
import type { ModelStatus } from './status';
import type { Reply } from '../protocol/envelope';
import { CuratorError } from '../protocol/errors';

/** A request from the host page to the model worker (lib/model/worker.ts). */
export type WorkerRequest = { id: number; op: 'load'; plan: LoadPlan; stallMs?: number } | { id: number; op: 'embed'; plan: LoadPlan; texts: string[]; kind: EmbedKind; stallMs?: number };

/** What each request is answered with. */
export interface WorkerAnswers {
  load: null;
  embed: number[][];
}

/** What the model worker posts back: a status change, or the reply to one request (the one reply type, ../protocol/envelope). */
export type WorkerReply = { op: 'status'; change: Partial<ModelStatus> & { modelId: string } } | { op: 'done'; id: number; reply: Reply<WorkerAnswers[keyof WorkerAnswers]> };

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
  const pending = new Map<number, { resolve: (data: WorkerAnswers[keyof WorkerAnswers]) => void; reject: (err: Error) => void }>();

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
      if (data.reply.ok) p?.resolve(data.reply.data);
      else p?.reject(new CuratorError(data.reply.error.code, data.reply.error.message));
    });
    // The worker's script did not load, or it threw outside any request: it is ended, and every waiting caller hears it
    // now rather than at the background's stall timeout; the next request starts a fresh worker.
    w.addEventListener('error', (e) => w === worker && fail(failed(e.message ?? '')));
    w.addEventListener('messageerror', () => w === worker && fail(failed('messageerror')));
    worker = w;
    return w;
  };

  type Op = keyof WorkerAnswers;
  // A reply is matched to its request by id, so the answer to an `op` request is that op's answer.
  const ask = <O extends Op>(request: Omit<Extract<WorkerRequest, { op: O }>, 'id'>): Promise<WorkerAnswers[O]> => {
    const w = running();
    const id = ++next;
    return new Promise<WorkerAnswers[O]>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (data: WorkerAnswers[Op]) => void, reject });
      w.postMessage({ ...request, id } as WorkerRequest);
    });
  };

  return {
    load: (plan, stallMs) => ask<'load'>({ op: 'load', plan, ...(stallMs ? { stallMs } : {}) }),
    embed: (plan, texts, kind, stallMs) => ask<'embed'>({ op: 'embed', plan, texts: [...texts], kind, ...(stallMs ? { stallMs } : {}) }),
    // Ending the worker frees ONNX Runtime's memory with it; callers still waiting are told the model was closed.
    dispose: async () => fail(failed('closed')),
  };
}
