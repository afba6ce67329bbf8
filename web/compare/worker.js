// Comparison mode's training worker: one engine, up to four trainers, stepped in lock-step (every
// running trainer gets the same number of steps per slice), so the runs stay aligned step for step
// and share one CPU core instead of competing for two. Driven through web/engine/bridge.js's
// EngineBridge (same message protocol, so its watchdog and restart work unchanged):
//
//   in:  init {config: {runs: [trainerConfig, ...]}, points?}, options {speed, grid, gridEveryMs},
//        start, pause, step {k}, reset, ping
//   out: ready {runs: [{layers, optimizer, error}]}, points {points, trainSize, testSize, domain},
//        metrics {cause, running, rate, steps, runs: [{steps, epoch, history, divergence, evaluation,
//        error, grid?}], gridSize?, domain?}, error {message}
//
// The trainer configs differ only in their optimizer, so every trainer generates the same points,
// the same initial weights (from `seed`) and the same mini-batch order. A run that diverges stops
// (with the engine's diagnosis in its metrics); the others go on. Diverged runs stay stopped until
// reset or a new init. `cause` says which message a metrics batch answers ('init', 'start',
// 'pause', 'step', 'reset') or 'loop' while running, so the page can tell stale batches.
import { createEngine } from '../engine/engine.js';

let engine = null;
let runs = [];           // [{trainer, error}]
let running = false;
let options = { speed: 0, grid: 64, gridEveryMs: 100 };
let lastGridAt = 0;
let sliceSteps = 1;      // steps per run per slice, adapted so a slice takes about SLICE_MS
let rate = 0;            // steps per second, per run
let loopScheduled = false;
const SLICE_MS = 14;

const post = (msg, transfer = []) => self.postMessage(msg, transfer);

const channel = new MessageChannel();
channel.port1.onmessage = () => loop();
const yieldThenLoop = () => channel.port2.postMessage(null);

function buffersOf(history) {
  const out = [];
  for (const v of Object.values(history)) if (ArrayBuffer.isView(v)) out.push(v.buffer);
  for (const layer of history.layers) for (const v of Object.values(layer)) out.push(v.buffer);
  return out;
}

const active = () => runs.filter((r) => r.trainer && !r.trainer.divergence().stopped);

/** Sends every run's rows recorded since the last batch, and the decision grids when due. */
function flush(force = false, cause = 'loop') {
  const transfer = [];
  const now = performance.now();
  const withGrid = options.grid > 0 && (force || now - lastGridAt >= options.gridEveryMs);
  if (withGrid) lastGridAt = now;
  let steps = 0;
  const out = runs.map((r) => {
    if (!r.trainer) return { steps: 0, epoch: 0, history: null, divergence: null, error: r.error };
    const t = r.trainer;
    const history = t.history({ drain: true });
    transfer.push(...buffersOf(history));
    steps = Math.max(steps, t.steps);
    const m = { steps: t.steps, epoch: t.epoch, history, divergence: t.divergence(), error: null };
    if (withGrid) {
      m.grid = t.decisionGrid(options.grid);
      transfer.push(m.grid.buffer);
    }
    return m;
  });
  const msg = { type: 'metrics', cause, running, rate, steps, runs: out };
  const first = runs.find((r) => r.trainer);
  if (withGrid && first) {
    msg.gridSize = options.grid;
    msg.domain = first.trainer.domain;
  }
  post(msg, transfer);
}

/** k steps for every run still going; returns the time taken. */
function stepAll(k) {
  const t0 = performance.now();
  const go = active();
  for (const r of go) r.trainer.step(k);
  const ms = performance.now() - t0;
  if (go.length && ms > 0) {
    const now = (k / ms) * 1000;
    rate = rate ? 0.8 * rate + 0.2 * now : now;
  }
  return ms;
}

function loop() {
  loopScheduled = false;
  if (!running) return;
  try {
    if (options.speed > 0) {
      stepAll(options.speed);
    } else {
      const ms = stepAll(sliceSteps);
      sliceSteps = Math.max(1, Math.min(20000, Math.round(sliceSteps * (ms > 0 ? Math.min(2, SLICE_MS / ms) : 2))));
    }
    if (active().length === 0) running = false;
    flush();
  } catch (err) {
    running = false;
    post({ type: 'error', message: err?.message ?? String(err) });
    return;
  }
  if (!running) return;
  loopScheduled = true;
  if (options.speed > 0) setTimeout(loop, 16);  // a fixed speed is "steps per frame"
  else yieldThenLoop();
}

function pointsMessage(trainer) {
  return { type: 'points', points: trainer.points(), trainSize: trainer.trainSize, testSize: trainer.testSize, domain: trainer.domain };
}

function disposeAll() {
  for (const r of runs) r.trainer?.dispose();
  runs = [];
}

const handlers = {
  // config: {runs: [trainer config, ...]}; points: a complete point set for every run (after a
  // restart by the bridge: the data the runs had).
  async init({ config, points }) {
    engine ??= await createEngine();
    running = false;
    disposeAll();
    const configs = Array.isArray(config?.runs) ? config.runs.slice(0, 4) : [];
    for (const c of configs) {
      try {
        const trainer = engine.trainer(c);
        if (points) trainer.setPoints(points);
        runs.push({ trainer, error: null });
      } catch (err) {
        runs.push({ trainer: null, error: err?.message ?? String(err) });
      }
    }
    rate = 0;
    sliceSteps = 1;
    post({ type: 'ready', runs: runs.map((r) => ({ layers: r.trainer?.layers ?? null, optimizer: r.trainer?.optimizer ?? null, error: r.error })) });
    const first = runs.find((r) => r.trainer);
    if (first) post(pointsMessage(first.trainer));
    flush(true, 'init');
  },
  options({ options: next }) {
    options = { ...options, ...next };
  },
  start() {
    running = active().length > 0;
    flush(true, 'start');
    if (running && !loopScheduled) loop();
  },
  pause() {
    running = false;
    flush(true, 'pause');
  },
  step({ k = 1 }) {
    running = false;
    stepAll(Math.max(1, Math.min(100000, Math.floor(Number(k) || 1))));
    flush(true, 'step');
  },
  reset() {
    running = false;
    for (const r of runs) r.trainer?.reset();
    rate = 0;
    sliceSteps = 1;
    flush(true, 'reset');
  },
  ping() { post({ type: 'pong' }); },
};

// Messages are handled strictly in order (init awaits the module).
let queue = Promise.resolve();

async function handle(data) {
  const handler = handlers[data?.type];
  if (!handler) {
    post({ type: 'error', message: `compare worker: unknown message type '${String(data?.type)}'` });
    return;
  }
  if (!engine && !['init', 'options', 'ping'].includes(data.type)) {
    post({ type: 'error', message: `compare worker: '${data.type}' before init` });
    return;
  }
  try {
    await handler(data);
  } catch (err) {
    post({ type: 'error', message: err?.message ?? String(err), request: data.type });
  }
}

self.onmessage = ({ data }) => {
  queue = queue.then(() => handle(data));
};
