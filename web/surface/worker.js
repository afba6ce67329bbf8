// The loss-surface page's worker: it owns the engine (web/engine/engine.js) and the runs
// (runner.js), so no WebAssembly runs on the page's main thread and a long batch never delays a
// frame. It answers each message in the order they came (protocol.js): reset -> started,
// step -> steps; an engine call that throws -> error; an engine that cannot load -> fatal.
import { createEngine } from '../engine/engine.js';
import { BUDGET_MS } from './protocol.js';
import { Run } from './runner.js';

const messageOf = (err) => String(err?.message ?? err);
const post = (msg, transfer = []) => self.postMessage(msg, transfer);

const engine = createEngine();
engine.catch((err) => post({ type: 'fatal', message: `the engine could not be loaded: ${messageOf(err)}` }));

let runs = [];
let info = null;

/** Every run starts again; answers each one's start row. */
function reset(e, { gen, surface, start, runs: specs }) {
  for (const r of runs) r.dispose();
  runs = [];
  info = surface.info;
  const failed = [];
  specs.forEach((spec, index) => {
    try {
      runs.push(new Run(e, spec, surface, start));
    } catch (err) {
      failed.push({ index, message: messageOf(err) });
    }
  });
  const rows = runs.map((r) => r.take());
  post({ type: 'started', gen, runs: rows, failed }, rows.map((r) => r.data.buffer));
}

const allReached = () => info.kind === 'minimum' && runs.every((r) => !r.running || r.reachedAt >= 0);

/** One batch of steps of every running run (see protocol.js). */
function step({ id, gen, steps, untilReached }) {
  const t0 = performance.now();
  const target = steps > 0 ? steps : Infinity;
  let taken = 0;
  while (taken < target) {
    let any = false;
    for (const r of runs) if (r.step()) any = true;
    if (!any) break;
    taken += 1;
    if (untilReached && allReached()) break;
    if (performance.now() - t0 >= BUDGET_MS) break;
  }
  const rows = runs.map((r) => r.take());
  post({ type: 'steps', id, gen, taken, runs: rows }, rows.map((r) => r.data.buffer));
}

self.onmessage = async ({ data }) => {
  let e;
  try {
    e = await engine;  // messages wait here in order until the engine has loaded
  } catch {
    return;  // 'fatal' has been posted
  }
  try {
    if (data.type === 'reset') reset(e, data);
    else if (data.type === 'step') step(data);
    else throw new Error(`unknown message ${JSON.stringify(String(data.type))}`);
  } catch (err) {
    post({ type: 'error', id: data.id, gen: data.gen, message: messageOf(err) });
  }
};
