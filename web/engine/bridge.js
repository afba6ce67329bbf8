// The page's side of the training worker: a small message bridge (after squoosh).
//
//   const bridge = new EngineBridge();
//   bridge.on('metrics', (m) => charts.append(m.history));
//   bridge.on('error', (e) => show(e.message));
//   bridge.init(config);  bridge.start();  bridge.set({ lr: 0.001 });  bridge.pause();
//
// In: init, options, hyperparams, optimizer, batchSize, start, pause, step, reset, addPoint,
// removePoint, setPoints, regenerate, weights. Out (events): ready, metrics, points, optimizer,
// batchSize, dataset, weights ({weights, steps}), run (what an export needs to recreate the
// run: web/export/runlog.js), error, restarted.
//
// The bridge remembers the settings and the latest point set the worker *accepted* (it
// reports them back after every change, refused or not), so a refused value is never
// replayed; when the worker dies or stops answering, a new one starts with those settings and
// points, and the changes that were still on their way are sent again (once).

const DEFAULT_WORKER_URL = new URL('./worker.js', import.meta.url);

// Messages that change the trainer's settings or points: numbered, remembered until the worker
// answers them, and sent again to a replacement worker if it never did.
const TRACKED = new Set(['init', 'hyperparams', 'optimizer', 'batchSize', 'regenerate', 'addPoint', 'removePoint', 'setPoints']);

export class EngineBridge {
  /**
   * @param {{workerUrl?: URL|string, watchdogMs?: number}} [opts] watchdogMs: how long a busy
   *   worker (running, or working through a step request) may stay silent before it is
   *   considered stuck and restarted.
   */
  constructor({ workerUrl = DEFAULT_WORKER_URL, watchdogMs = 4000 } = {}) {
    this.workerUrl = workerUrl;
    this.watchdogMs = watchdogMs;
    this.listeners = new Map();
    this.config = null;     // the trainer config the worker accepted, with its later accepted changes
    this.points = null;     // the latest complete point set the worker reported
    this.options = {};
    this.running = false;
    this.stepping = false;  // a step request is being worked through
    this.restarts = 0;
    this.lastHeard = 0;
    this.worker = null;
    this.watchdog = null;
    this.seq = 0;
    this.pending = [];      // tracked messages sent and not answered yet, in order
  }

  on(type, fn) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type).add(fn);
    return () => this.listeners.get(type).delete(fn);
  }

  emit(type, payload) {
    for (const fn of this.listeners.get(type) ?? []) fn(payload);
  }

  /**
   * Starts the worker now, so it loads and compiles the engine while the page builds itself
   * (otherwise it starts with the first message). `worker`: one the page already started for
   * the same script and has not spoken to (index.html starts one before its script loads).
   */
  warm(worker = null) {
    if (!this.worker) this.spawn(worker);
    else worker?.terminate();
  }

  spawn(worker = null) {
    this.worker = worker ?? new Worker(this.workerUrl, { type: 'module' });
    this.worker.onmessage = ({ data }) => this.receive(data);
    this.worker.onerror = (ev) => {
      ev.preventDefault?.();
      this.restart(`the training worker crashed${ev.message ? `: ${ev.message}` : ''}`, { hung: true });
    };
    this.lastHeard = performance.now();
  }

  receive(msg) {
    this.lastHeard = performance.now();
    // The worker handles messages in order: an answer to seq n answers everything before it.
    let init = null;
    if (msg.seq !== undefined) {
      init = this.pending.find((m) => m.seq === msg.seq && m.type === 'init') ?? null;
      this.pending = this.pending.filter((m) => m.seq > msg.seq);
    } else if (msg.type === 'ready') {
      // A worker that does not number its answers (e.g. web/compare/worker.js): 'ready' answers
      // the oldest init.
      const i = this.pending.findIndex((m) => m.type === 'init');
      if (i >= 0) [init] = this.pending.splice(i, 1);
    }
    switch (msg.type) {
      case 'ready':
        if (init) this.config = structuredClone(init.config);
        if (this.config && msg.optimizer) this.config.optimizer = msg.optimizer;
        if (this.config && msg.batchSize !== undefined) this.config.batch_size = msg.batchSize;
        break;
      case 'points': this.points = msg.points; break;
      case 'metrics':
        this.running = msg.running;
        this.stepping = msg.stepsLeft > 0;
        break;
      case 'optimizer': if (this.config) this.config.optimizer = msg.optimizer; break;
      case 'batchSize': if (this.config) this.config.batch_size = msg.value; break;
      case 'dataset': if (this.config) this.config.dataset = msg.dataset; break;
      case 'error': if (msg.request === 'step') this.stepping = false; break;
      default:
    }
    this.emit(msg.type, msg);
  }

  send(msg) {
    if (!this.worker) this.spawn();
    if (TRACKED.has(msg.type)) {
      msg.seq = ++this.seq;
      this.pending.push(msg);
    }
    this.worker.postMessage(msg);
  }

  /** Throws unless a trainer exists or is on its way (init was called). */
  requireTrainer(method) {
    if (!this.config && !this.pending.some((m) => m.type === 'init')) {
      throw new Error(`EngineBridge.${method}(): there is no trainer yet; call init(config) first`);
    }
  }

  /**
   * Creates the trainer. points ({x1, x2, label, test, user} arrays) replace the generated data
   * entirely; userPoints ([{x1, x2, label}]) are added to freshly generated data instead. If the
   * worker refuses the config (an 'error' event), the previous trainer and settings stay.
   */
  init(config, { points = null, userPoints = null } = {}) {
    this.running = false;
    this.stepping = false;
    if (Object.keys(this.options).length) this.send({ type: 'options', options: this.options });
    this.send({ type: 'init', config: structuredClone(config), points, userPoints });
  }

  /** Asks for the points of several datasets (answered by a 'thumbnails' event). */
  thumbnails(names, { n = 200, noise = 0, seed = 1 } = {}) { this.send({ type: 'thumbnails', names, n, noise, seed }); }

  /** speed: steps per frame (0 = as fast as possible); grid / neuronGrid: heatmap resolutions. */
  setOptions(options) {
    this.options = { ...this.options, ...options };
    this.send({ type: 'options', options });
  }

  /** Live optimizer change, state kept: set({lr: 0.001}). All the values or none are applied. */
  set(values) {
    this.requireTrainer('set');
    this.send({ type: 'hyperparams', values: { ...values } });
  }

  setOptimizer(spec) {
    this.requireTrainer('setOptimizer');
    this.send({ type: 'optimizer', spec: structuredClone(spec) });
  }

  setBatchSize(value) {
    this.requireTrainer('setBatchSize');
    this.send({ type: 'batchSize', value });
  }

  start() {
    this.requireTrainer('start');
    this.running = true;
    this.stepping = false;
    this.lastHeard = performance.now();
    this.send({ type: 'start' });
    this.armWatchdog();
  }

  pause() {
    this.running = false;
    this.stepping = false;
    if (this.worker) this.send({ type: 'pause' });
  }

  /**
   * k more steps, then paused. The worker runs them in slices, streaming metrics; pause() or
   * start() ends the request early. The watchdog guards it like a running worker.
   */
  step(k = 1) {
    this.requireTrainer('step');
    this.stepping = true;
    this.lastHeard = performance.now();
    this.send({ type: 'step', k });
    this.armWatchdog();
  }

  reset() {
    this.requireTrainer('reset');
    this.send({ type: 'reset' });
  }

  addPoint(point) {
    this.requireTrainer('addPoint');
    this.send({ type: 'addPoint', point });
  }

  removePoint(index) {
    this.requireTrainer('removePoint');
    this.send({ type: 'removePoint', index });
  }

  setPoints(points) {
    this.requireTrainer('setPoints');
    this.send({ type: 'setPoints', points });
  }

  /** New generated points: the dataset keys to change (the others stay); user points are kept. */
  regenerate(dataset) {
    this.requireTrainer('regenerate');
    this.send({ type: 'regenerate', dataset: { ...dataset } });
  }

  requestWeights() {
    this.requireTrainer('requestWeights');
    this.send({ type: 'weights' });
  }

  armWatchdog() {
    if (this.watchdog) return;
    this.watchdog = setInterval(() => {
      if ((this.running || this.stepping) && performance.now() - this.lastHeard > this.watchdogMs) {
        this.restart(`the training worker stopped answering for ${this.watchdogMs} ms`, { hung: true });
      }
    }, Math.max(250, this.watchdogMs / 4));
  }

  /**
   * Replaces the worker with a fresh one holding the same settings and points, then sends the
   * changes the old one had not answered (each at most once: one that keeps killing workers is
   * dropped). After a hang, a fixed speed (steps per frame) goes back to adaptive: it may be
   * what hung the worker. A step request is not repeated.
   */
  restart(reason = 'restart requested', { hung = false } = {}) {
    this.worker?.terminate();
    this.worker = null;
    this.restarts += 1;
    const wasRunning = this.running;
    this.running = false;
    this.stepping = false;
    const speedReset = hung && this.options.speed > 0;
    if (speedReset) this.options = { ...this.options, speed: 0 };
    const unanswered = this.pending.filter((m) => !m.resent);
    this.pending = [];
    this.emit('restarted', { reason, restarts: this.restarts, speedReset });
    if (!this.config && !unanswered.some((m) => m.type === 'init')) return;
    this.send({ type: 'options', options: this.options });
    if (this.config) this.send({ type: 'init', config: structuredClone(this.config), points: this.points, resent: true });
    for (const { seq, ...msg } of unanswered) this.send({ ...msg, resent: true });
    if (wasRunning) this.start();
  }

  terminate() {
    clearInterval(this.watchdog);
    this.watchdog = null;
    this.worker?.terminate();
    this.worker = null;
    this.running = false;
    this.stepping = false;
  }
}
