// The figures' worker: one engine; each message {id, job} is answered {id, result} (arrays
// transferred) or {id, error} with the engine's message. Jobs: web/figures/jobs.js.
import { createEngine } from '../engine/engine.js';
import { resultBuffers, runJob } from './jobs.js';

const engine = createEngine();

self.onmessage = async ({ data: { id, job } }) => {
  try {
    const result = runJob(await engine, job);
    self.postMessage({ id, result }, resultBuffers(result));
  } catch (err) {
    self.postMessage({ id, error: String(err?.message ?? err) });
  }
};
