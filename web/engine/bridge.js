// The page's side of the training worker: a small message bridge (after squoosh).
//
//   const bridge = new EngineBridge();
//   bridge.on('metrics', (m) => charts.append(m.history));
//   bridge.on('error', (e) => show(e.message));
//   bridge.init(config);  bridge.start();  bridge.set({ lr: 0.001 });  bridge.pause();
//
// In: init, options, hyperparams, optimizer, batchSize, start, pause, step, reset, addPoint,
// removePoint, setPoints, regenerate, weights. Out (events): ready, metrics, points, optimizer,
// weights ({weights, steps}), run (what an export needs to recreate the run: web/export/runlog.js),
// error, restarted.
//
// The bridge remembers the settings and the latest point set, so when the worker dies or
// stops answering it starts a new one with the user's settings and points intact.

const DEFAULT_WORKER_URL = new URL('./worker.js', import.meta.url);

export class EngineBridge {
  /**
   * @param {{workerUrl?: URL|string, watchdogMs?: number}} [opts] watchdogMs: how long a running
   *   worker may stay silent before it is considered stuck and restarted.
   */
  constructor({ workerUrl = DEFAULT_WORKER_URL, watchdogMs = 4000 } = {}) {
    this.workerUrl = workerUrl;
    this.watchdogMs = watchdogMs;
    this.listeners = new Map();
    this.config = null;
    this.points = null;     // the latest complete point set the worker reported
    this.options = {};
    this.running = false;
    this.restarts = 0;
    this.lastHeard = 0;
    this.worker = null;
    this.watchdog = null;
  }

  on(type, fn) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type).add(fn);
    return () => this.listeners.get(type).delete(fn);
  }

  emit(type, payload) {
    for (const fn of this.listeners.get(type) ?? []) fn(payload);
  }

  spawn() {
    this.worker = new Worker(this.workerUrl, { type: 'module' });
    this.worker.onmessage = ({ data }) => this.receive(data);
    this.worker.onerror = (ev) => {
      ev.preventDefault?.();
      this.restart(`the training worker crashed${ev.message ? `: ${ev.message}` : ''}`, { hung: true });
    };
    this.lastHeard = performance.now();
  }

  receive(msg) {
    this.lastHeard = performance.now();
    if (msg.type === 'points') this.points = msg.points;
    if (msg.type === 'metrics') this.running = msg.running;
    if (msg.type === 'optimizer' && this.config) this.config = { ...this.config, optimizer: msg.optimizer };
    this.emit(msg.type, msg);
  }

  send(msg) {
    if (!this.worker) this.spawn();
    this.worker.postMessage(msg);
  }

  /**
   * Creates the trainer. points ({x1, x2, label, test, user} arrays) replace the generated data
   * entirely; userPoints ([{x1, x2, label}]) are added to freshly generated data instead.
   */
  init(config, { points = null, userPoints = null } = {}) {
    this.config = structuredClone(config);
    this.points = points;
    this.running = false;
    if (Object.keys(this.options).length) this.send({ type: 'options', options: this.options });
    this.send({ type: 'init', config, points, userPoints });
  }

  /** Asks for the points of several datasets (answered by a 'thumbnails' event). */
  thumbnails(names, { n = 200, noise = 0, seed = 1 } = {}) { this.send({ type: 'thumbnails', names, n, noise, seed }); }

  /** speed: steps per frame (0 = as fast as possible); grid / neuronGrid: heatmap resolutions. */
  setOptions(options) {
    this.options = { ...this.options, ...options };
    this.send({ type: 'options', options });
  }

  /** Live optimizer change, state kept: set({lr: 0.001}). */
  set(values) {
    this.config.optimizer = { ...this.config.optimizer, ...values };
    this.send({ type: 'hyperparams', values });
  }

  setOptimizer(spec) {
    this.config.optimizer = structuredClone(spec);
    this.send({ type: 'optimizer', spec });
  }

  setBatchSize(value) {
    this.config.batch_size = value;
    this.send({ type: 'batchSize', value });
  }

  start() {
    this.running = true;
    this.lastHeard = performance.now();
    this.send({ type: 'start' });
    this.armWatchdog();
  }

  pause() {
    this.running = false;
    this.send({ type: 'pause' });
  }

  step(k = 1) { this.send({ type: 'step', k }); }
  reset() { this.send({ type: 'reset' }); }
  addPoint(point) { this.send({ type: 'addPoint', point }); }
  removePoint(index) { this.send({ type: 'removePoint', index }); }
  setPoints(points) { this.send({ type: 'setPoints', points }); }
  regenerate(dataset) {
    this.config.dataset = { ...this.config.dataset, ...dataset };
    this.send({ type: 'regenerate', dataset: this.config.dataset });
  }
  requestWeights() { this.send({ type: 'weights' }); }

  armWatchdog() {
    clearInterval(this.watchdog);
    this.watchdog = setInterval(() => {
      if (this.running && performance.now() - this.lastHeard > this.watchdogMs) {
        this.restart(`the training worker stopped answering for ${this.watchdogMs} ms`, { hung: true });
      }
    }, Math.max(250, this.watchdogMs / 4));
  }

  /**
   * Replaces the worker with a fresh one holding the same settings and points. After a hang,
   * a fixed speed (steps per frame) goes back to adaptive: it may be what hung the worker.
   */
  restart(reason = 'restart requested', { hung = false } = {}) {
    this.worker?.terminate();
    this.worker = null;
    this.restarts += 1;
    const wasRunning = this.running;
    this.running = false;
    const speedReset = hung && this.options.speed > 0;
    if (speedReset) this.options = { ...this.options, speed: 0 };
    this.emit('restarted', { reason, restarts: this.restarts, speedReset });
    if (!this.config) return;
    this.send({ type: 'options', options: this.options });
    this.send({ type: 'init', config: this.config, points: this.points });
    if (wasRunning) this.start();
  }

  terminate() {
    clearInterval(this.watchdog);
    this.worker?.terminate();
    this.worker = null;
    this.running = false;
  }
}
