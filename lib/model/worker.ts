import { createModelHost } from './host';
import type { WorkerAnswers, WorkerReply, WorkerRequest } from './worker-client';
import { explainError, failure } from '../protocol/errors';

/** The parts of a dedicated worker's global scope used here. */
export interface WorkerScope {
  location: { href: string };
  postMessage(message: WorkerReply): void;
  addEventListener(type: 'message', listener: (event: { data: WorkerRequest }) => void): void;
}

/**
 * The model worker's loop (entrypoints/offscreen/model-worker.ts): one model host, off the extension pages' shared
 * main thread, answering the host page's requests in order of arrival. The worker is the extension's own script, so
 * the bundled models and ONNX Runtime's files are found beside it, at the extension's root.
 */
export function serveModelWorker(scope: WorkerScope): void {
  const root = (path: string) => new URL(path, scope.location.href).href;
  const host = createModelHost({
    localModelPath: root('/models/'),
    browser: true,
    wasmPaths: root('/ort/'),
    onStatus: (change) => scope.postMessage({ op: 'status', change }),
  });
  scope.addEventListener('message', ({ data }) => {
    const work: Promise<WorkerAnswers[keyof WorkerAnswers]> = data.op === 'load' ? host.load(data.plan, data.stallMs).then(() => null) : host.embed(data.plan, data.texts, data.kind, data.stallMs);
    work.then(
      (result) => scope.postMessage({ op: 'done', id: data.id, reply: { ok: true, data: result } }),
      (err: unknown) => scope.postMessage({ op: 'done', id: data.id, reply: failure(explainError(err)) }),
    );
  });
}
