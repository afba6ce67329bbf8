// The page's record of the current run, for exports: every metrics row the worker sends (all
// columns, not only the charted ones), the run's step-0 state and live changes ('run'
// messages, web/export/runlog.js), the latest points and weights.
//
//   const recorder = new RunRecorder();
//   recorder.attach(bridge);              // listens to run, metrics, points and weights
//   recorder.history();                   // {rows, stride, step, epoch, train_loss, ..., layers: [...]}
//   await recorder.experiment();          // web/export/experiment.js: what code exports are made of
//
// Rows are kept in growable Float64Arrays (7 + 11 per layer columns: 0.32 MB per 1000 rows of a
// 3-layer network). Past maxRows (32768) rows the record keeps every other row
// and from then on every other incoming row (the stride doubles each time), as the charts do, so
// a run of millions of steps keeps its whole span in bounded memory; `step` says which step each
// row is.

export const SCALARS = ['step', 'epoch', 'train_loss', 'test_loss', 'train_acc', 'test_acc', 'lr'];
export const LAYER_FIELDS = ['grad_rms', 'update_rms', 'param_rms', 'update_ratio', 'accum_rms',
  'step_min', 'step_p10', 'step_median', 'step_p90', 'step_max', 'nonfinite'];

const INITIAL_CAPACITY = 1024;

export class RunRecorder {
  /** @param {{maxRows?: number}} [options] rows kept before the record halves its resolution */
  constructor({ maxRows = 1 << 15 } = {}) {
    this.maxRows = Math.max(16, maxRows);
    this.run = null;
    this.points = null;
    this.weights = null;       // the latest {weights, steps} the worker sent
    this.steps = 0;
    this.epoch = 0;
    this._layers = 0;
    this._clear(0);
  }

  /** Subscribes to a bridge's (web/engine/bridge.js) events; returns an unsubscribe function. */
  attach(bridge) {
    const off = [
      bridge.on('run', (m) => this.onRun(m)),
      bridge.on('metrics', (m) => this.onMetrics(m)),
      bridge.on('points', (m) => this.onPoints(m)),
      bridge.on('weights', (m) => this.onWeights(m)),
    ];
    return () => off.forEach((f) => f());
  }

  _clear(layers) {
    this._layers = layers;
    this.n = 0;
    this.stride = 1;
    this._seen = 0;
    this.capacity = INITIAL_CAPACITY;
    this.cols = new Map();
    for (const k of this._keys()) this.cols.set(k, new Float64Array(this.capacity));
  }

  _keys() {
    const keys = [...SCALARS];
    for (let l = 0; l < this._layers; l++) for (const f of LAYER_FIELDS) keys.push(`${f}.${l}`);
    return keys;
  }

  /** A 'run' message: a new run (with its step-0 weights) or an update of the current one. */
  onRun(msg) {
    if (msg.weights || !this.run || msg.serial !== this.run.serial) {
      // A run starts: the history starts over (metrics of the new run follow this message).
      this.run = { ...msg, weights: msg.weights ?? null };
      const layers = msg.config ? msg.config.hidden.length + 1 : this._layers;
      this._clear(layers);
      this.steps = msg.steps ?? 0;
      this.epoch = 0;
    } else {
      this.run = { ...msg, weights: this.run.weights };
    }
  }

  onPoints(msg) { this.points = msg.points; }

  onWeights(msg) { this.weights = { weights: msg.weights, steps: msg.steps }; }

  /** A 'metrics' message: {steps, epoch, history} with only the rows new since the last one. */
  onMetrics(msg) {
    if (Number.isFinite(msg.steps)) this.steps = msg.steps;
    if (Number.isFinite(msg.epoch)) this.epoch = msg.epoch;
    const h = msg.history;
    if (!h || !h.step) return;
    const rows = Math.min(h.step.length, h.rows ?? h.step.length);
    if (!(rows > 0)) return;
    const layers = Array.isArray(h.layers) ? h.layers.length : 0;
    // A new network, or a run restarted without a 'run' message (steps going back): start over.
    if (layers !== this._layers || (this.n > 0 && !(h.step[0] > this.cols.get('step')[this.n - 1]))) this._clear(layers);
    const keep = [];
    for (let r = 0; r < rows; r++) if (this._seen++ % this.stride === 0) keep.push(r);
    if (!keep.length) return;
    this._reserve(this.n + keep.length);
    const put = (key, src) => {
      const dst = this.cols.get(key);
      keep.forEach((r, j) => { dst[this.n + j] = src && r < src.length ? src[r] : NaN; });
    };
    for (const k of SCALARS) put(k, h[k]);
    for (let l = 0; l < layers; l++) for (const f of LAYER_FIELDS) put(`${f}.${l}`, h.layers[l][f]);
    this.n += keep.length;
    if (this.n > this.maxRows) this._halve();
  }

  _reserve(rows) {
    if (rows <= this.capacity) return;
    let cap = this.capacity;
    while (cap < rows) cap *= 2;
    for (const [k, a] of this.cols) {
      const b = new Float64Array(cap);
      b.set(a.subarray(0, this.n));
      this.cols.set(k, b);
    }
    this.capacity = cap;
  }

  /** Keeps rows 0, 2, 4, ... and from now on every other incoming row. */
  _halve() {
    let w = 0;
    for (const a of this.cols.values()) {
      w = 0;
      for (let r = 0; r < this.n; r += 2) a[w++] = a[r];
    }
    this.n = w;
    this.stride *= 2;
    this._seen = 0;
  }

  get rows() { return this.n; }
  get layers() { return this._layers; }

  /**
   * The record in engine.history()'s layout (web/engine/engine.js): {rows, stride, step, epoch,
   * train_loss, test_loss, train_acc, test_acc, lr, layers: [{grad_rms, ...}]}, as copies.
   */
  history() {
    const col = (k) => this.cols.get(k).slice(0, this.n);
    const out = { rows: this.n, stride: this.stride };
    for (const k of SCALARS) out[k] = col(k);
    out.layers = [];
    for (let l = 0; l < this._layers; l++) {
      const layer = {};
      for (const f of LAYER_FIELDS) layer[f] = col(`${f}.${l}`);
      out.layers.push(layer);
    }
    return out;
  }

  /** Whether an experiment can be exported (a run has started and its points are known). */
  get ready() { return !!(this.run?.weights && this.run.config && this.points); }

  /**
   * The current run as an experiment (web/export/experiment.js) for the code exports. Async: the
   * export code is loaded on first use, not with the page.
   */
  async experiment({ source = '' } = {}) {
    if (!this.ready) throw new Error('export: the run has not started yet');
    const snapshot = { run: this.run, points: this.points, steps: this.steps, history: this.history(), source };
    const { buildExperiment } = await import('./experiment.js');
    return buildExperiment(snapshot);
  }
}
