// One optimizer run on a 2-D surface, stepped by the engine: engine.optimizer for the update
// (one parameter group per coordinate, so its stats are per coordinate: step_median is that
// coordinate's effective step, e.g. lr/(√v+ε) for RMSProp, accum_rms is √v) and engine.surface
// for f and the exact gradient. The path is kept in growable Float64Arrays.
//
// A run stops when it diverges: a coordinate, f or the gradient is NaN or infinite, or |x| or
// |y| exceeds COORD_LIMIT. It records the first step at which it reached a minimum (within 1e-3
// of it with f − f* ≤ 1e-6, see functions.js) and keeps going after that.
import { reached } from './functions.js';
import { OPTIMIZER_LABELS, optimizerSpec, runLabel } from './state.js';

export const MAX_STEPS = 10000;
export const COORD_LIMIT = 1e6;

const fmt = (v) => {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '∞' : '−∞';
  const a = Math.abs(v);
  const s = a !== 0 && (a < 1e-3 || a >= 1e4)
    ? v.toExponential(2).replace(/\.?0+e/, 'e').replace('e+', 'e')
    : String(Number(v.toPrecision(4)));
  return s.replace(/^-/, '−');
};
export { fmt as formatNumber };

export class Run {
  /**
   * @param engine   the Engine (web/engine/engine.js)
   * @param run      the run's settings {name, label, hp} (web/surface/state.js)
   * @param surface  {spec, info}: the engine's surface spec and functions.js's info
   * @param start    [x, y]
   * @param color    CSS colour
   */
  constructor(engine, run, surface, start, color) {
    this.engine = engine;
    this.settings = run;
    this.label = runLabel(run);
    this.kind = OPTIMIZER_LABELS[run.name];
    this.color = color;
    this.spec = surface.spec;
    this.info = surface.info;
    this.optimizer = engine.optimizer(optimizerSpec(run));
    this.optimizer.setGroups([1, 1]);
    this.p = Float64Array.of(start[0], start[1]);
    this.g = new Float64Array(2);
    this.capacity = 256;
    this.xs = new Float64Array(this.capacity);
    this.ys = new Float64Array(this.capacity);
    this.fs = new Float64Array(this.capacity);
    this.n = 0;
    this.stats = null;
    this.lastStep = null;
    this.status = 'running';
    this.stopMessage = '';
    this.reachedAt = -1;
    const e = engine.surface(this.spec, start[0], start[1]);
    this.gx = e.gx;
    this.gy = e.gy;
    this._push(start[0], start[1], e.f);
    if (!(Number.isFinite(e.f) && Number.isFinite(e.gx) && Number.isFinite(e.gy))) this._stop('f or its gradient is not finite at the start');
    else if (reached(this.info, start[0], start[1], e.f)) this.reachedAt = 0;
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

  /** One optimizer step; false if the run had already stopped. */
  step() {
    if (this.status !== 'running') return false;
    if (this.steps >= MAX_STEPS) {
      this.status = 'limit';
      return false;
    }
    const p = this.p;
    const x0 = p[0], y0 = p[1];
    this.g[0] = this.gx;
    this.g[1] = this.gy;
    this.stats = this.optimizer.step(p, this.g);
    this.lastStep = [p[0] - x0, p[1] - y0];
    const [x, y] = p;
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      this._push(x, y, NaN);
      return this._stop(`${Number.isFinite(x) ? 'y' : 'x'} became ${fmt(Number.isFinite(x) ? y : x)}`);
    }
    if (Math.abs(x) > COORD_LIMIT || Math.abs(y) > COORD_LIMIT) {
      const e = this.engine.surface(this.spec, x, y);
      this._push(x, y, e.f);
      const which = Math.abs(x) > COORD_LIMIT ? `|x| = ${fmt(Math.abs(x))}` : `|y| = ${fmt(Math.abs(y))}`;
      return this._stop(`${which} is beyond ${fmt(COORD_LIMIT)}`);
    }
    const e = this.engine.surface(this.spec, x, y);
    this._push(x, y, e.f);
    this.gx = e.gx;
    this.gy = e.gy;
    if (!Number.isFinite(e.f)) return this._stop(`f became ${fmt(e.f)}`);
    if (!Number.isFinite(e.gx) || !Number.isFinite(e.gy)) return this._stop('the gradient became infinite');
    if (this.reachedAt < 0 && reached(this.info, x, y, e.f)) this.reachedAt = this.steps;
    return true;
  }

  _stop(why) {
    this.status = 'diverged';
    const saddle = this.info.kind === 'saddle';
    this.stopMessage = `${this.title} stopped at step ${this.steps}: ${why}. `
      + (saddle ? 'The saddle has no minimum: an escaping run goes on forever.' : 'It diverged; a smaller lr keeps it stable.');
    return false;
  }

  _push(x, y, f) {
    if (this.n === this.capacity) {
      this.capacity *= 2;
      for (const k of ['xs', 'ys', 'fs']) {
        const a = new Float64Array(this.capacity);
        a.set(this[k]);
        this[k] = a;
      }
    }
    this.xs[this.n] = x;
    this.ys[this.n] = y;
    this.fs[this.n] = f;
    this.n += 1;
  }

  dispose() {
    this.optimizer.dispose();
  }
}
