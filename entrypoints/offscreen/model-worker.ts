import { serveModelWorker, type WorkerScope } from '../../lib/model/worker';

// The model worker, started by the model host page (./main.ts): transformers.js and ONNX Runtime run here.
serveModelWorker(self as unknown as WorkerScope);
