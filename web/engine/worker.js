// The training worker: owns the engine and one trainer, runs steps off the main thread and
// streams metrics in batches (typed arrays transferred, not copied). Protocol: see bridge.js.
//
// Every message that changes a setting or the points carries a sequence number `seq`, and the
// answer echoes it: 'ready' (init), 'optimizer' (hyperparams, optimizer), 'batchSize',
// 'dataset' (regenerate), 'points' (point edits), or 'error' when it failed. The settings
// answers are sent even after a failure and always carry the values in force, so the bridge
// only ever remembers what the engine accepted. Training runs in slices (about SLICE_MS each),
// also for a step request however large, so messages are handled between slices.
import { createEngine } from './engine.js';
import { RunLog } from '../export/runlog.js';

// The engine starts loading as soon as the worker does (the page starts the worker early).
const engineReady = createEngine();
engineReady.catch(() => {});  // reported by the first message that needs the engine
let trainer = null;
let running = false;
let options = { speed: 0, grid: 100, neuronGrid: 0, gridEveryMs: 50 };  // speed 0 = as fast as possible
let lastGridAt = 0;
let gridCostMs = 0;      // what the last grids took to compute
let sliceSteps = 1;      // adapted so a slice takes about SLICE_MS when running flat out
let rate = 0;            // measured steps per second
let loopScheduled = false;
let batchSize = 0;       // the trainer's current batch size (0 = full batch)
let dataset = {};        // the dataset spec the current points were generated from
let stepsLeft = 0;       // of a step request, run in slices while paused
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
    type: 'metrics', steps: trainer.steps, epoch: trainer.epoch, running, stepsLeft, rate, history,
    divergence: trainer.divergence(),
  };
  const transfer = buffersOf(history);
  const now = performance.now();
  // The grids are due every gridEveryMs, but never more often than keeps them under about a
  // tenth of the worker's time: on a large network a 100x100 grid costs as much as a training
  // step or two, and at a fixed 20 Hz it would eat a third of the training.
  if (options.grid > 0 && (force || now - lastGridAt >= Math.max(options.gridEveryMs, 9 * gridCostMs))) {
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
    gridCostMs = performance.now() - now;
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

// One slice of training (running, or a step request), then the metrics, then the next slice
// after a yield (so pause, lr changes and point edits are handled in between).
function loop() {
  loopScheduled = false;
  if (!trainer || (!running && stepsLeft === 0)) return;
  try {
    if (running && options.speed > 0) {
      runSlice(options.speed);
    } else {
      const n = running ? sliceSteps : Math.min(sliceSteps, stepsLeft);
      const { ms } = runSlice(n);
      if (!running) stepsLeft -= n;
      // Aim each slice at SLICE_MS so messages (pause, lr changes) are handled promptly.
      sliceSteps = Math.max(1, Math.min(100000, Math.round(sliceSteps * (ms > 0 ? Math.min(2, SLICE_MS / ms) : 2))));
    }
    if (trainer.divergence().stopped) {
      running = false;
      stepsLeft = 0;
    }
    flush(!running && stepsLeft === 0);
  } catch (err) {
    running = false;
    stepsLeft = 0;
    post({ type: 'error', message: err.message });
    return;
  }
  if (!running && stepsLeft === 0) return;
  loopScheduled = true;
  // A fixed speed means "steps per frame": one slice per ~16 ms frame.
  if (running && options.speed > 0) setTimeout(loop, 16);
  else yieldThenLoop();
}

function pointsChanged(seq) {
  runLog.pointsChanged(trainer);
  postRun();
  post({ seq, ...pointsMessage() });
  if (!running) flush(true);
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

// The settings in force, echoing the request's seq (sent whether or not the request worked).
const postOptimizer = (seq) => post({ type: 'optimizer', seq, optimizer: trainer.optimizer });

const handlers = {
  // points: a complete point set replacing the generated one (a restart); userPoints: points
  // the user made, added to freshly generated data ({x1, x2, label} objects). A config the
  // engine refuses leaves the current trainer (if any) as it was.
  async init({ seq, config, points, userPoints }) {
    const engine = await engineReady;
    const next = engine.trainer(config);
    try {
      if (points) next.setPoints(points);
      else if (userPoints?.length) next.setPoints(withUserPoints(next.points(), userPoints));
    } catch (err) {
      next.dispose();
      throw err;
    }
    running = false;
    stepsLeft = 0;
    trainer?.dispose();
    trainer = next;
    batchSize = config?.batch_size ?? 0;
    dataset = { ...(config?.dataset ?? {}) };
    runLog.start(trainer, { config, batchSize, reason: 'init' });
    if (points || userPoints?.length) runLog.pointsChanged(trainer);
    post({ type: 'ready', seq, layers: trainer.layers, optimizer: trainer.optimizer, batchSize, dataset });
    post({ seq, ...pointsMessage() });
    postRun(true);
    flush(true);
  },
  options({ options: next }) {
    options = { ...options, ...next };
  },
  // All the values or none: a refused value puts back the ones set before it.
  hyperparams({ seq, values }) {
    const before = trainer.optimizer;
    try {
      runLog.hyperparams(trainer, () => {
        const done = [];
        try {
          for (const [key, value] of Object.entries(values)) {
            trainer.set(key, value);
            done.push(key);
          }
        } catch (err) {
          for (const key of done.reverse()) trainer.set(key, before[key]);
          throw err;
        }
      });
    } finally {
      postRun();
      postOptimizer(seq);
    }
  },
  optimizer({ seq, spec }) {
    try {
      trainer.setOptimizer(spec);
      runLog.optimizerReplaced(trainer);
      postRun();
    } finally {
      postOptimizer(seq);
    }
  },
  batchSize({ seq, value }) {
    try {
      trainer.setBatchSize(value);
      batchSize = value;
      runLog.batchSize(trainer, value);
      postRun();
    } finally {
      post({ type: 'batchSize', seq, value: batchSize });
    }
  },
  start() {
    if (trainer.divergence().stopped) trainer.resume();
    running = true;
    stepsLeft = 0;
    if (!loopScheduled) loop();
  },
  pause() {
    running = false;
    stepsLeft = 0;
    flush(true);
  },
  // k steps from a pause, in slices like running (metrics stream; pause stops it).
  step({ k = 1 }) {
    // Anything but an integer in 0..1e9 is refused by the engine, with its message.
    if (!(Number.isInteger(k) && k >= 0 && k <= 1e9)) trainer.step(k);
    running = false;
    if (trainer.divergence().stopped) trainer.resume();
    stepsLeft = k;
    if (k === 0) flush(true);
    else if (!loopScheduled) loop();
  },
  reset() {
    running = false;
    stepsLeft = 0;
    trainer.reset();
    rate = 0;
    runLog.start(trainer, { batchSize, reason: 'reset' });
    postRun(true);
    flush(true);
  },
  addPoint({ seq, point }) {
    trainer.addPoint(point);
    pointsChanged(seq);
  },
  removePoint({ seq, index }) {
    trainer.removePoint(index);
    pointsChanged(seq);
  },
  setPoints({ seq, points }) {
    trainer.setPoints(points);
    pointsChanged(seq);
  },
  // dataset: the keys to change (merged into the current spec).
  regenerate({ seq, dataset: changes }) {
    try {
      const next = { ...dataset, ...changes };
      trainer.regenerate(next);
      dataset = next;
      runLog.pointsChanged(trainer, { dataset });
      postRun();
      post({ seq, ...pointsMessage() });
      if (!running) flush(true);
    } finally {
      post({ type: 'dataset', seq, dataset });
    }
  },
  weights() { post({ type: 'weights', weights: trainer.weights(), steps: trainer.steps }); },
  // Points of several datasets for thumbnails, drawn by the same generators.
  async thumbnails({ names, n = 200, noise = 0, seed = 1 }) {
    const engine = await engineReady;
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
    post({ type: 'error', message: `worker: '${data.type}' before init`, request: data.type, seq: data.seq });
    return;
  }
  try {
    await handler(data);
  } catch (err) {
    post({ type: 'error', message: err?.message ?? String(err), request: data.type, seq: data.seq });
  }
}

self.onmessage = ({ data }) => {
  queue = queue.then(() => handle(data));
};
