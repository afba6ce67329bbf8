// The loss-surface page's side of its worker (worker.js; messages: protocol.js), after squoosh:
// the page posts a reset or a step request and carries on; the answers come back as events.
//
//   const bridge = new SurfaceBridge({ onStarted, onSteps, onError, onCrash });
//   bridge.reset({ surface, start, runs });        // onStarted(answer) later
//   if (!bridge.busy) bridge.step({ steps, untilReached });   // onSteps(answer) later
//   bridge.check();                                 // every frame: is the worker still answering?
//
// At most one step request is in flight. Answers meant for an older reset are dropped here.
// A worker that crashes (an uncaught error, a message that cannot be read, an engine that
// cannot load) or leaves a request unanswered for too long is terminated and onCrash({reason,
// restarting}) is called; the page then resets the runs with its settings, which starts a new
// worker. After MAX_RESTARTS restarts within a minute it stops restarting by itself (restarting:
// false), so a worker that always fails does not loop; the next reset still tries a new one.

const WORKER_URL = new URL('./worker.js', import.meta.url);
const STEP_TIMEOUT_MS = 5000;    // a batch takes ~12 ms: silence this long means a hung worker
const START_TIMEOUT_MS = 20000;  // the first answer also waits for the engine to load
export const MAX_RESTARTS = 3;     // automatic restarts within CRASH_WINDOW_MS
const CRASH_WINDOW_MS = 60000;

export class SurfaceBridge {
  constructor({ onStarted, onSteps, onError, onCrash, url = WORKER_URL }) {
    Object.assign(this, { onStarted, onSteps, onError, onCrash, url });
    this.worker = null;
    this.gen = 0;          // the latest reset
    this.serial = 0;       // step request ids
    this.busy = false;     // a step request is in flight
    this.pending = 0;      // messages posted and not answered yet
    this.heardAt = 0;      // when the worker last answered (or was first asked)
    this.answered = false; // this worker has answered once (its engine has loaded)
    this.crashes = [];     // when the recent crashes happened
    this.restarts = 0;     // workers replaced so far (for tests and curious people)
  }

  _spawn() {
    const worker = new Worker(this.url, { type: 'module' });
    worker.onmessage = ({ data }) => { if (worker === this.worker) this._receive(data); };
    worker.onerror = (event) => {
      event.preventDefault();  // reported as a notice by the page, not as an uncaught error
      if (worker === this.worker) this._crash(event.message || 'it could not start');
    };
    worker.onmessageerror = () => { if (worker === this.worker) this._crash('an answer could not be read'); };
    this.worker = worker;
    this.answered = false;
  }

  _post(msg) {
    if (!this.worker) this._spawn();
    if (this.pending++ === 0) this.heardAt = performance.now();
    this.worker.postMessage(msg);
  }

  /** Every run starts again (see protocol.js 'reset'); answers to earlier requests are dropped. */
  reset({ surface, start, runs }) {
    this.gen += 1;
    this._post({ type: 'reset', gen: this.gen, surface, start, runs });
  }

  /** Asks for one batch of steps; ignored while one is in flight. */
  step({ steps, untilReached }) {
    if (this.busy) return;
    this.busy = true;
    this._post({ type: 'step', id: ++this.serial, gen: this.gen, steps, untilReached });
  }

  /** Replaces a worker that has left a message unanswered for too long. */
  check(now = performance.now()) {
    const limit = this.answered ? STEP_TIMEOUT_MS : START_TIMEOUT_MS;
    if (this.worker && this.pending > 0 && now - this.heardAt > limit) {
      this._crash(`it did not answer for ${Math.round(limit / 1000)} s`);
    }
  }

  _receive(msg) {
    if (msg.type === 'fatal') return this._crash(msg.message);
    this.pending = Math.max(0, this.pending - 1);
    this.heardAt = performance.now();
    this.answered = true;
    if (msg.type === 'steps' || (msg.type === 'error' && msg.id === this.serial)) this.busy = false;
    if (msg.type === 'error') return this.onError(msg.message);
    if (msg.gen !== this.gen) return;  // meant for runs that have since been reset
    if (msg.type === 'started') this.onStarted(msg);
    else if (msg.type === 'steps') this.onSteps(msg);
  }

  _crash(reason) {
    this.terminate();
    const now = performance.now();
    this.crashes = this.crashes.filter((t) => now - t < CRASH_WINDOW_MS).concat(now);
    const restarting = this.crashes.length <= MAX_RESTARTS;
    if (restarting) this.restarts += 1;
    this.onCrash({ reason, restarting });
  }

  terminate() {
    this.worker?.terminate();
    this.worker = null;
    this.busy = false;
    this.pending = 0;
  }
}
