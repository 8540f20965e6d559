/**
 * worker_threads entry: runs {@link filterChunk} for messages from {@link FilterPool}.
 * Loaded from the package's compiled `dist/` (jest runs `src/`, workers need JS).
 */
import { parentPort } from 'node:worker_threads';
import { createFilterWorkspace, filterChunk } from './filterChunk';
import type { FilterChunkInput } from './filterChunk';

interface Request {
  id: number;
  input: FilterChunkInput;
}

const workspace = createFilterWorkspace();

parentPort?.on('message', (msg: Request) => {
  try {
    const out = filterChunk(msg.input, workspace);
    // the raw buffer goes back too (unless it became the output) so the pool can read into it again
    const raw = msg.input.raw.buffer;
    const spare = raw !== out.buffer && raw instanceof ArrayBuffer ? raw : undefined;
    parentPort?.postMessage({ id: msg.id, output: out, spare }, spare ? [out.buffer as ArrayBuffer, spare] : [out.buffer as ArrayBuffer]);
  } catch (error) {
    const e = error as Error & { code?: string; details?: unknown };
    parentPort?.postMessage({ id: msg.id, error: { message: e.message, code: e.code, details: e.details } });
  }
});
