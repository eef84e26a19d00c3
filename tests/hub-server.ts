import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, normalize, relative } from 'node:path';
import type { FileCheck } from '../lib/model/verify';

/**
 * Stands in for the Hugging Face hub on 127.0.0.1: serves a model folder at
 * /{model id}/resolve/{revision}/{file} (any revision: each request is recorded,
 * so a test can check which one was asked for), slowly enough for progress to
 * show. It can be told to cut a download of the weights off half-way
 * (`interrupt`), to send half of them and then hang with the connection open
 * (`stall`), or to serve them with one byte changed (`tamper`).
 */
export async function startModelServer(modelDir: string, modelId: string) {
  const state = { interrupt: false, stall: false, tamper: false, requests: [] as string[] };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    state.requests.push(path);
    const prefix = `/${modelId}/resolve/`;
    const rest = path.startsWith(prefix) ? path.slice(prefix.length).split('/').slice(1).join('/') : null;
    const file = rest ? normalize(join(modelDir, rest)) : null;
    if (!file || !file.startsWith(modelDir) || !existsSync(file)) {
      res.writeHead(404, { 'access-control-allow-origin': '*' }).end('Entry not found');
      return;
    }
    let body = readFileSync(file);
    const weights = file.endsWith('.onnx');
    if (state.tamper && weights) {
      body = Buffer.from(body);
      body[body.length - 1] = (body[body.length - 1]! + 1) % 256;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(body.length), 'access-control-allow-origin': '*' });
    const chunk = 256 * 1024;
    let offset = 0;
    const cutAt = (state.interrupt || state.stall) && weights ? Math.floor(body.length / 2) : Infinity;
    const hang = state.stall;
    const pump = () => {
      if (offset >= cutAt) {
        // Interrupted: the connection drops half-way through the weights. Stalled: it stays open, silent.
        if (!hang) res.destroy();
        return;
      }
      if (offset >= body.length) {
        res.end();
        return;
      }
      const end = Math.min(offset + chunk, cutAt, body.length);
      res.write(body.subarray(offset, end));
      offset = end;
      setTimeout(pump, 40);
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    server,
    state,
    origin: `http://127.0.0.1:${port}/`,
    /** Stops the server, hung connections too. */
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

/** The checks a catalogue entry would carry for every file of a model folder, computed from the files themselves. */
export function checksFor(modelDir: string): FileCheck[] {
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
  return walk(modelDir).map((path) => {
    const bytes = readFileSync(path);
    return { path: relative(modelDir, path).split('\\').join('/'), size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), maxBytes: bytes.length };
  });
}
