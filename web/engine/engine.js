// The engine's JavaScript API: plain objects and typed arrays in and out, PyTorch's names.
//
//   import { createEngine } from './web/engine/engine.js';
//   const engine = await createEngine();
//   const trainer = engine.trainer({ dataset: { name: 'spiral' }, hidden: [8, 8] });
//   trainer.step(100);
//   trainer.history().train_loss;   // Float64Array
//   trainer.dispose();
//
// Works on the browser main thread, in a module Web Worker and in Node 20 from the same build.
// Every Embind handle is owned by a wrapper here: dispose() frees it, and a
// FinalizationRegistry frees it if the wrapper is garbage-collected first. No view into wasm
// memory is handed out: arrays are copies.
import createRmspropCore from './gen/rmsprop_core.mjs';
import { loadModule } from './load.js';

const WASM_URL = new URL('./gen/rmsprop_core.wasm', import.meta.url);

const registry = new FinalizationRegistry((handle) => {
  try { handle.delete(); } catch { /* already deleted */ }
});

/**
 * Loads the WebAssembly module and returns an Engine.
 * @param {{wasmBinary?: ArrayBuffer|Uint8Array}} [options] pass the .wasm bytes yourself (e.g. a bundler)
 */
export async function createEngine(options = {}) {
  return new Engine(await loadModule(createRmspropCore, WASM_URL, options));
}

function owned(owner, handle) {
  owner._handle = handle;
  registry.register(owner, handle, owner);
}

function live(owner, what) {
  if (!owner._handle) throw new Error(`${what} has been disposed`);
  return owner._handle;
}

function release(owner) {
  if (!owner._handle) return;
  registry.unregister(owner);
  owner._handle.delete();
  owner._handle = null;
}

// The bindings never throw: a failing call returns an Error carrying the C++ message (a throw
// from inside the call would skip its clean-up and leak; cpp/bindings/convert.hpp). It is
// thrown here, after the call has returned.
function ok(result) {
  if (result instanceof Error) throw new Error(result.message);
  return result;
}

// A handle from an Embind constructor, or the Error its construction stored (then freed).
function construct(Handle, arg) {
  const handle = new Handle(arg);
  const err = handle.error();
  if (err instanceof Error) {
    handle.delete();
    throw new Error(err.message);
  }
  return handle;
}

// Configs cross as plain objects; the engine checks every key and value and names the field.
const object = (value, field) => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${field}: expected an object`);
  return value;
};

const isNumberArray = (v) => Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));

// A copy of a config made only of data (getters run and proxies are read here, in JavaScript,
// so nothing the engine reads can throw inside a wasm call). Typed arrays become arrays.
// Functions, symbols and bigints stay, so the engine names their type.
function plain(value, depth = 0) {
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8) return {};
  if (isNumberArray(value)) return Array.from(value, (x) => plain(x, depth + 1));
  const out = {};
  for (const key of Object.keys(value)) out[key] = plain(value[key], depth + 1);
  return out;
}

const typeName = (v) => (v === null ? 'null' : Array.isArray(v) ? 'an array'
  : { undefined: 'undefined', string: 'a string', bigint: 'a bigint', symbol: 'a symbol', function: 'a function', object: 'an object' }[typeof v]);

// An array or typed array of numbers (booleans count as 0 and 1) as a Float64Array, the form
// the engine takes.
function numbers(value, field) {
  if (value instanceof Float64Array) return value;
  if (!isNumberArray(value)) throw new Error(`${field}: expected an array of numbers, got ${typeName(value)}`);
  return Float64Array.from(value, (x, i) => {
    if (typeof x !== 'number' && typeof x !== 'boolean') throw new Error(`${field}[${i}]: expected a number, got ${typeName(x)}`);
    return Number(x);
  });
}

// An integer argument goes to the engine as it is (checked there before any cast, naming the
// value); objects only by their type.
const scalar = (v) => (v !== null && typeof v === 'object' ? (Array.isArray(v) ? [] : {}) : v);

export class Engine {
  constructor(core) {
    this._core = core;
  }

  /** A Trainer owning data, network and optimizer. See docs/api.md for every config key. */
  trainer(config = {}) {
    return new Trainer(construct(this._core.Trainer, plain(object(config, 'config'))));
  }

  /** Any optimizer by name: optimizer({name: 'adam', lr: 0.01}). */
  optimizer(spec) {
    return new Optimizer(construct(this._core.Optimizer, plain(object(spec, 'optimizer'))));
  }
  rmsprop(hp = {}) { return this.optimizer({ ...hp, name: 'rmsprop' }); }
  sgd(hp = {}) { return this.optimizer({ ...hp, name: 'sgd' }); }
  adam(hp = {}) { return this.optimizer({ ...hp, name: 'adam' }); }
  adagrad(hp = {}) { return this.optimizer({ ...hp, name: 'adagrad' }); }

  /** The hyperparameters of an RMSProp preset: 'pytorch', 'keras', 'tf1' or 'hinton2012'. */
  preset(name) { return ok(this._core.rmspropPreset(String(name))); }

  /** Points of a toy dataset: {x1, x2, label, test, user} as Float64Arrays. */
  dataset(spec) { return ok(this._core.generateDataset(plain(object(spec, 'dataset')))); }

  /** f(x, y) and its exact gradient on a 2-D test surface: {f, gx, gy}. */
  surface(spec, x, y) { return ok(this._core.surfaceEval(plain(object(spec, 'function')), Number(x), Number(y))); }

  /** Allowed names: 'datasets', 'features', 'surfaces', 'optimizers', 'presets', 'activations', ... */
  names(what) { return ok(this._core.names(String(what))); }

  /** Bytes of wasm memory, and of it the bytes malloc has handed out (for leak checks). */
  memory() { return { heap: this._core.HEAP8.length, used: this._core.heapUsed() }; }
}

export class Optimizer {
  constructor(handle) { owned(this, handle); }
  /** Updates params (a Float64Array) in place from grads; returns per-group diagnostics. */
  step(params, grads) {
    if (!(params instanceof Float64Array)) throw new Error('params: expected a Float64Array (updated in place)');
    const r = ok(live(this, 'optimizer').step(params, numbers(grads, 'grads')));
    params.set(r.params);
    return r.stats;
  }
  /** Sizes of the consecutive parameter groups (layers) for per-group diagnostics. */
  setGroups(sizes) { ok(live(this, 'optimizer').setGroups(numbers(sizes, 'groups'))); }
  set(key, value) { ok(live(this, 'optimizer').set(String(key), Number(value))); }
  get(key) { return ok(live(this, 'optimizer').get(String(key))); }
  get config() { return ok(live(this, 'optimizer').config()); }
  get steps() { return live(this, 'optimizer').steps(); }
  reset() { ok(live(this, 'optimizer').reset()); }
  dispose() { release(this); }
}

export class Trainer {
  constructor(handle) { owned(this, handle); }
  get _h() { return live(this, 'trainer'); }

  /** Runs up to k steps; returns how many ran (fewer when training diverged). */
  step(k = 1) { return ok(this._h.step(scalar(k))); }
  get steps() { return this._h.steps(); }
  get epoch() { return this._h.epoch(); }
  /** {stopped, step, quantity, layer, message}: why training stopped, if it did. */
  divergence() { return ok(this._h.divergence()); }
  /** Clears a stop; training goes on from the state before the update that went bad. */
  resume() { ok(this._h.resume()); }
  /** Re-initialises weights from the seed; clears optimizer state and history; keeps the points. */
  reset() { ok(this._h.reset()); }

  /** Changes one optimizer hyperparameter live (state kept): set('lr', 0.001). */
  set(key, value) { ok(this._h.setHyperparam(String(key), Number(value))); }
  /** Replaces the optimizer (state starts fresh): setOptimizer({name: 'adam', lr: 0.01}). */
  setOptimizer(spec) { ok(this._h.setOptimizer(plain(object(spec, 'optimizer')))); }
  get optimizer() { return ok(this._h.optimizer()); }
  /** 0 = full batch, else 1..10000 points per step. */
  setBatchSize(n) { ok(this._h.setBatchSize(scalar(n))); }
  /** Per-layer diagnostics of the last step. */
  lastStats() { return ok(this._h.lastStats()); }

  /**
   * Per-step metrics as Float64Arrays: step, epoch, train_loss, test_loss, train_acc, test_acc,
   * lr, and layers[l].{grad_rms, update_rms, param_rms, update_ratio, accum_rms, step_min,
   * step_p10, step_median, step_p90, step_max, nonfinite}. With {drain: true} the rows are
   * removed from the engine afterwards (stream them and keep nothing twice).
   */
  history({ drain = false } = {}) { return ok(this._h.history(!!drain)); }
  /** Losses and accuracies at the current weights. */
  evaluate() { return ok(this._h.evaluate()); }

  /** {x1, x2, label, test, user} as Float64Arrays. */
  points() { return ok(this._h.points()); }
  addPoint(point) {
    const { x1, x2, label, test = false } = object(point, 'point');
    return ok(this._h.addPoint(Number(x1), Number(x2), Number(label), !!test));
  }
  removePoint(index) { ok(this._h.removePoint(scalar(index))); }
  /** Index of the point nearest (x1, x2) within radius, or -1. */
  nearestPoint(x1, x2, radius) { return ok(this._h.nearestPoint(Number(x1), Number(x2), Number(radius))); }
  /**
   * Replaces every point: {x1, x2, label, test?, user?} arrays of equal length (test defaults
   * to all train, user to all user-made, i.e. kept when the data is regenerated).
   */
  setPoints(points) {
    const { x1, x2, label, test, user } = object(points, 'points');
    const xs = numbers(x1, 'points.x1');
    ok(this._h.setPoints(xs, numbers(x2, 'points.x2'), numbers(label, 'points.label'),
      test === undefined ? new Float64Array(xs.length) : numbers(test, 'points.test'),
      user === undefined ? new Float64Array(xs.length).fill(1) : numbers(user, 'points.user')));
  }
  /** New generated points from a dataset spec; the user's points are kept. */
  regenerate(spec) { ok(this._h.regenerateData(plain(object(spec, 'dataset')))); }
  get trainSize() { return this._h.trainSize(); }
  get testSize() { return this._h.testSize(); }

  /** The data square is [-domain, domain]^2. */
  get domain() { return this._h.domain(); }
  /** n*n outputs over the square, row 0 at the top (largest x2), column 0 at the left. */
  decisionGrid(n = 100) { return ok(this._h.decisionGrid(scalar(n))); }
  /** Every neuron's n*n output grid, layer by layer, neuron by neuron. */
  neuronGrids(n = 24) { return ok(this._h.neuronGrids(scalar(n))); }
  /** Layer sizes, input first. */
  get layers() { return ok(this._h.layerSizes()); }
  /** Weights in PyTorch's layout: [{W: [[...] x out], b: [...]}, ...], one per layer. */
  weights() {
    const sizes = this.layers;
    const flat = ok(this._h.params());
    const out = [];
    let at = 0;
    for (let l = 0; l + 1 < sizes.length; l++) {
      const [fanIn, fanOut] = [sizes[l], sizes[l + 1]];
      const W = [];
      for (let o = 0; o < fanOut; o++, at += fanIn) W.push(Array.from(flat.subarray(at, at + fanIn)));
      out.push({ W, b: Array.from(flat.subarray(at, at + fanOut)) });
      at += fanOut;
    }
    return out;
  }
  /** Sets every layer at once from the same layout; shapes and values are checked first. */
  setWeights(weights) {
    const sizes = this.layers;
    const layers = sizes.length - 1;
    if (!Array.isArray(weights) || weights.length !== layers) {
      throw new Error(`weights: expected one {W, b} per layer (${layers} layers)`);
    }
    const flat = [];
    weights.forEach((layer, l) => {
      const [fanIn, fanOut] = [sizes[l], sizes[l + 1]];
      const W = layer?.W;
      const b = layer?.b;
      if (!Array.isArray(W) || W.length !== fanOut) {
        throw new Error(`weights[${l}].W: expected ${fanOut} rows of ${fanIn} numbers (W[out][in])`);
      }
      W.forEach((row, o) => {
        if (!isNumberArray(row) || row.length !== fanIn) {
          throw new Error(`weights[${l}].W[${o}]: expected ${fanIn} numbers`);
        }
        flat.push(...row);
      });
      if (!isNumberArray(b) || b.length !== fanOut) throw new Error(`weights[${l}].b: expected ${fanOut} numbers`);
      flat.push(...b);
    });
    ok(this._h.setParams(numbers(flat, 'weights')));
  }

  dispose() { release(this); }
}
