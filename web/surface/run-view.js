// The page's copy of one run (the worker steps the real one, runner.js): its name and colour,
// the whole path in growable Float64Arrays (xs, ys, fs) and the latest gradient and
// per-coordinate step diagnostics, all filled from the worker's rows (protocol.js). The contour
// plot, the loss chart and the readout read these fields directly.
//
// Until the worker has answered the reset, the run is `pending`: its path is just the start
// point, with f and the gradient unknown (NaN).
import { formatNumber as fmt } from './format.js';
import { COL, STRIDE } from './protocol.js';
import { OPTIMIZER_LABELS, runLabel } from './state.js';

export class RunView {
  /**
   * @param run    the run's settings {name, label, hp} (web/surface/state.js)
   * @param info   functions.js's info for the surface
   * @param start  [x, y]
   * @param color  CSS colour
   */
  constructor(run, info, start, color) {
    this.settings = run;
    this.label = runLabel(run);
    this.kind = OPTIMIZER_LABELS[run.name];
    this.color = color;
    this.info = info;
    this.capacity = 256;
    this.xs = new Float64Array(this.capacity);
    this.ys = new Float64Array(this.capacity);
    this.fs = new Float64Array(this.capacity);
    this.xs[0] = start[0];
    this.ys[0] = start[1];
    this.fs[0] = NaN;
    this.n = 1;
    this.gx = NaN;
    this.gy = NaN;
    this.stats = null;     // [x, y]: {step_median, accum_rms} of the last step
    this.lastStep = null;  // [dx, dy]
    this.status = 'running';
    this.stopMessage = '';
    this.reachedAt = -1;
    this.pending = true;
  }

  /** Steps taken. */
  get steps() { return this.n - 1; }
  get x() { return this.xs[this.n - 1]; }
  get y() { return this.ys[this.n - 1]; }
  get f() { return this.fs[this.n - 1]; }
  get running() { return this.status === 'running'; }
  /** Short description for notices: "SGD + momentum 0.9 (lr 0.05)". */
  get title() { return `${this.label} (lr ${fmt(this.settings.hp.lr)})`; }

  /** RMSProp's per-coordinate effective steps [x, y] after the last step, else null. */
  get scaled() {
    if (this.settings.name !== 'rmsprop' || !this.stats) return null;
    return [this.stats[0].step_median, this.stats[1].step_median];
  }

  /** The worker's answer to a reset: the start row replaces the provisional one. */
  start(rows) {
    this.n = 0;
    this.pending = false;
    this.append(rows);
  }

  /** New rows from the worker (RunRows). Returns true if the run has just diverged. */
  append({ status, why, reachedAt, data }) {
    const k = data.length / STRIDE;
    if (this.n + k > this.capacity) {
      while (this.n + k > this.capacity) this.capacity *= 2;
      for (const key of ['xs', 'ys', 'fs']) {
        const a = new Float64Array(this.capacity);
        a.set(this[key].subarray(0, this.n));
        this[key] = a;
      }
    }
    for (let i = 0, o = 0; i < k; i++, o += STRIDE) {
      this.xs[this.n] = data[o + COL.x];
      this.ys[this.n] = data[o + COL.y];
      this.fs[this.n] = data[o + COL.f];
      this.n += 1;
    }
    if (k > 0) {
      const o = (k - 1) * STRIDE;
      this.gx = data[o + COL.gx];
      this.gy = data[o + COL.gy];
      if (this.n > 1) {
        this.stats = [
          { step_median: data[o + COL.sx], accum_rms: data[o + COL.ax] },
          { step_median: data[o + COL.sy], accum_rms: data[o + COL.ay] },
        ];
        const m = this.n - 1;
        this.lastStep = [this.xs[m] - this.xs[m - 1], this.ys[m] - this.ys[m - 1]];
      }
    }
    const diverged = status === 'diverged' && this.status !== 'diverged';
    this.status = status;
    this.reachedAt = reachedAt;
    if (diverged) {
      const saddle = this.info.kind === 'saddle';
      this.stopMessage = `${this.title} stopped at step ${this.steps}: ${why}. `
        + (saddle ? 'The saddle has no minimum: an escaping run goes on forever.' : 'It diverged; a smaller lr keeps it stable.');
    }
    return diverged;
  }
}
