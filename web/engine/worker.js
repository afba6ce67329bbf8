// The training worker: owns the engine and one trainer, runs steps off the main thread and
// streams metrics in batches (typed arrays transferred, not copied). Protocol: see bridge.js.
import { createEngine } from './engine.js';
import { RunLog } from '../export/runlog.js';

let engine = null;
let trainer = null;
let running = false;
let options = { speed: 0, grid: 100, neuronGrid: 0, gridEveryMs: 50 };  // speed 0 = as fast as possible
let lastGridAt = 0;
let sliceSteps = 1;      // adapted so a slice takes about SLICE_MS when running flat out
let rate = 0;            // measured steps per second
let loopScheduled = false;
let batchSize = 0;       // the trainer's current batch size (0 = full batch)
// The current run's step-0 state and live changes, for exact exports (web/export/runlog.js):
// posted as 'run' messages whenever it changes (with the step-0 weights when a run starts).
const runLog = new RunLog();
const postRun = (withWeights = false) => post(runLog.message(trainer, { withWeights }));
const SLICE_MS = 12;

const post = (msg, transfer = []) => self.postMessage(msg, transfer);

// A zero-delay yield that does not suffer setTimeout's 4 ms clamping.
const channel = new MessageChannel();
channel.port1.onmessage = () => loop();
const yieldThenLoop = () => channel.port2.postMessage(null);

function buffersOf(history) {
  const out = [];
  for (const [k, v] of Object.entries(history)) if (ArrayBuffer.isView(v)) out.push(v.buffer);
  for (const layer of history.layers) for (const v of Object.values(layer)) out.push(v.buffer);
  return out;
}

function pointsMessage() {
  const pts = trainer.points();
  return { type: 'points', points: pts, trainSize: trainer.trainSize, testSize: trainer.testSize, domain: trainer.domain };
}

// Sends the rows recorded since the last batch, and the decision grid when due.
function flush(force = false) {
  const history = trainer.history({ drain: true });
  const msg = {
    type: 'metrics', steps: trainer.steps, epoch: trainer.epoch, running, rate, history,
    divergence: trainer.divergence(),
  };
  const transfer = buffersOf(history);
  const now = performance.now();
  if (options.grid > 0 && (force || now - lastGridAt >= options.gridEveryMs)) {
    lastGridAt = now;
    msg.grid = trainer.decisionGrid(options.grid);
    msg.gridSize = options.grid;
    msg.domain = trainer.domain;
    transfer.push(msg.grid.buffer);
    if (options.neuronGrid > 0) {
      msg.neuronGrids = trainer.neuronGrids(options.neuronGrid);
      msg.neuronGridSize = options.neuronGrid;
      transfer.push(msg.neuronGrids.buffer);
    }
  }
  post(msg, transfer);
}

function runSlice(k) {
  const t0 = performance.now();
  const done = trainer.step(k);
  const ms = performance.now() - t0;
  if (done > 0 && ms > 0) {
    const now = (done / ms) * 1000;
    rate = rate ? 0.8 * rate + 0.2 * now : now;
  }
  return { done, ms };
}

function loop() {
  loopScheduled = false;
  if (!running || !trainer) return;
  try {
    if (options.speed > 0) {
      runSlice(options.speed);
    } else {
      const { ms } = runSlice(sliceSteps);
      // Aim each slice at SLICE_MS so messages (pause, lr changes) are handled promptly.
      sliceSteps = Math.max(1, Math.min(100000, Math.round(sliceSteps * (ms > 0 ? Math.min(2, SLICE_MS / ms) : 2))));
    }
    if (trainer.divergence().stopped) running = false;
    flush();
  } catch (err) {
    running = false;
    post({ type: 'error', message: err.message });
    return;
  }
  if (!running) return;
  loopScheduled = true;
  // A fixed speed means "steps per frame": one slice per ~16 ms frame.
  if (options.speed > 0) setTimeout(loop, 16);
  else yieldThenLoop();
}

function withUserPoints(generated, extra) {
  const n = generated.x1.length;
  const m = extra.length;
  const all = { x1: new Float64Array(n + m), x2: new Float64Array(n + m), label: new Float64Array(n + m),
    test: new Float64Array(n + m), user: new Float64Array(n + m) };
  for (const k of Object.keys(all)) all[k].set(generated[k]);
  extra.forEach((p, i) => {
    all.x1[n + i] = p.x1;
    all.x2[n + i] = p.x2;
    all.label[n + i] = p.label;
    all.user[n + i] = 1;
  });
  return all;
}

const handlers = {
  // points: a complete point set replacing the generated one (a restart); userPoints: points
  // the user made, added to freshly generated data ({x1, x2, label} objects).
  async init({ config, points, userPoints }) {
    engine ??= await createEngine();
    running = false;
    trainer?.dispose();
    trainer = engine.trainer(config);
    batchSize = config?.batch_size ?? 0;
    runLog.start(trainer, { config, batchSize, reason: 'init' });
    if (points) trainer.setPoints(points);
    else if (userPoints?.length) trainer.setPoints(withUserPoints(trainer.points(), userPoints));
    if (points || userPoints?.length) runLog.pointsChanged(trainer);
    post({ type: 'ready', layers: trainer.layers, optimizer: trainer.optimizer });
    post(pointsMessage());
    postRun(true);
    flush(true);
  },
  options({ options: next }) {
    options = { ...options, ...next };
  },
  hyperparams({ values }) {
    try {
      runLog.hyperparams(trainer, () => {
        for (const [key, value] of Object.entries(values)) trainer.set(key, value);
      });
    } finally {
      postRun();
    }
    post({ type: 'optimizer', optimizer: trainer.optimizer });
  },
  optimizer({ spec }) {
    trainer.setOptimizer(spec);
    runLog.optimizerReplaced(trainer);
    postRun();
    post({ type: 'optimizer', optimizer: trainer.optimizer });
  },
  batchSize({ value }) {
    trainer.setBatchSize(value);
    batchSize = value;
    runLog.batchSize(trainer, value);
    postRun();
  },
  start() {
    if (trainer.divergence().stopped) trainer.resume();
    running = true;
    if (!loopScheduled) loop();
  },
  pause() {
    running = false;
    flush(true);
  },
  step({ k = 1 }) {
    running = false;
    if (trainer.divergence().stopped) trainer.resume();
    trainer.step(k);
    flush(true);
  },
  reset() {
    running = false;
    trainer.reset();
    rate = 0;
    runLog.start(trainer, { batchSize, reason: 'reset' });
    postRun(true);
    flush(true);
  },
  addPoint({ point }) {
    trainer.addPoint(point);
    runLog.pointsChanged(trainer);
    postRun();
    post(pointsMessage());
    if (!running) flush(true);
  },
  removePoint({ index }) {
    trainer.removePoint(index);
    runLog.pointsChanged(trainer);
    postRun();
    post(pointsMessage());
    if (!running) flush(true);
  },
  setPoints({ points }) {
    trainer.setPoints(points);
    runLog.pointsChanged(trainer);
    postRun();
    post(pointsMessage());
    if (!running) flush(true);
  },
  regenerate({ dataset }) {
    trainer.regenerate(dataset);
    runLog.pointsChanged(trainer, { dataset });
    postRun();
    post(pointsMessage());
    if (!running) flush(true);
  },
  weights() { post({ type: 'weights', weights: trainer.weights(), steps: trainer.steps }); },
  // Points of several datasets for thumbnails, drawn by the same generators.
  async thumbnails({ names, n = 200, noise = 0, seed = 1 }) {
    engine ??= await createEngine();
    const sets = {};
    for (const name of names) sets[name] = engine.dataset({ name, n, noise, seed });
    post({ type: 'thumbnails', sets });
  },
  ping() { post({ type: 'pong' }); },
};

// Messages are handled strictly in order: init awaits the module, and whatever arrives
// meanwhile (a point, start) must run after it, not before.
let queue = Promise.resolve();

async function handle(data) {
  const handler = handlers[data?.type];
  if (!handler) {
    post({ type: 'error', message: `worker: unknown message type '${data?.type}'` });
    return;
  }
  if (!trainer && !['init', 'options', 'ping', 'thumbnails'].includes(data.type)) {
    post({ type: 'error', message: `worker: '${data.type}' before init` });
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
