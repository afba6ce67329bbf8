// One optimizer run on a 2-D surface, stepped by the engine inside the surface worker
// (worker.js): engine.optimizer for the update (one parameter group per coordinate, so its stats
// are per coordinate: step_median is that coordinate's effective step, e.g. lr/(√v+ε) for
// RMSProp, accum_rms is √v) and engine.surface for f and the exact gradient. The rows produced
// since the last take() wait in a growable Float64Array (layout: protocol.js); the page keeps
// the whole path (run-view.js).
//
// A run stops when it diverges: a coordinate, f or the gradient is NaN or infinite, or |x| or
// |y| exceeds COORD_LIMIT. It records the first step at which it reached a minimum (within 1e-3
// of it with f − f* ≤ 1e-6, see functions.js) and keeps going after that.
import { formatNumber as fmt } from './format.js';
import { reached } from './functions.js';
import { COL, STRIDE } from './protocol.js';

export const MAX_STEPS = 10000;
export const COORD_LIMIT = 1e6;

export class Run {
  /**
   * @param engine   the Engine (web/engine/engine.js)
   * @param spec     the engine's optimizer spec {name, ...hyperparameters} (state.js optimizerSpec)
   * @param surface  {spec, info}: the engine's surface spec and functions.js's info
   * @param start    [x, y]
   */
  constructor(engine, spec, surface, start) {
    this.engine = engine;
    this.spec = surface.spec;
    this.info = surface.info;
    this.optimizer = engine.optimizer(spec);
    this.optimizer.setGroups([1, 1]);
    this.p = Float64Array.of(start[0], start[1]);
    this.g = new Float64Array(2);
    this.rows = new Float64Array(64 * STRIDE);
    this.count = 0;      // rows waiting for take()
    this.steps = 0;
    this.status = 'running';
    this.why = '';
    this.reachedAt = -1;
    const e = engine.surface(this.spec, start[0], start[1]);
    this.gx = e.gx;
    this.gy = e.gy;
    this._push(start[0], start[1], e.f, null);
    if (!(Number.isFinite(e.f) && Number.isFinite(e.gx) && Number.isFinite(e.gy))) this._stop('f or its gradient is not finite at the start');
    else if (reached(this.info, start[0], start[1], e.f)) this.reachedAt = 0;
  }

  get running() { return this.status === 'running'; }

  /** One optimizer step; false if the run had already stopped. */
  step() {
    if (this.status !== 'running') return false;
    if (this.steps >= MAX_STEPS) {
      this.status = 'limit';
      return false;
    }
    const p = this.p;
    this.g[0] = this.gx;
    this.g[1] = this.gy;
    const stats = this.optimizer.step(p, this.g);
    this.steps += 1;
    const [x, y] = p;
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      this._push(x, y, NaN, stats);
      return this._stop(`${Number.isFinite(x) ? 'y' : 'x'} became ${fmt(Number.isFinite(x) ? y : x)}`);
    }
    const e = this.engine.surface(this.spec, x, y);
    if (Math.abs(x) > COORD_LIMIT || Math.abs(y) > COORD_LIMIT) {
      this._push(x, y, e.f, stats);
      const which = Math.abs(x) > COORD_LIMIT ? `|x| = ${fmt(Math.abs(x))}` : `|y| = ${fmt(Math.abs(y))}`;
      return this._stop(`${which} is beyond ${fmt(COORD_LIMIT)}`);
    }
    this.gx = e.gx;
    this.gy = e.gy;
    this._push(x, y, e.f, stats);
    if (!Number.isFinite(e.f)) return this._stop(`f became ${fmt(e.f)}`);
    if (!Number.isFinite(e.gx) || !Number.isFinite(e.gy)) return this._stop('the gradient became infinite');
    if (this.reachedAt < 0 && reached(this.info, x, y, e.f)) this.reachedAt = this.steps;
    return true;
  }

  /** The rows since the last take() and the run's status (protocol.js: RunRows). */
  take() {
    const data = this.rows.slice(0, this.count * STRIDE);
    this.count = 0;
    return { status: this.status, why: this.why, reachedAt: this.reachedAt, data };
  }

  _stop(why) {
    this.status = 'diverged';
    this.why = why;
    return false;
  }

  _push(x, y, f, stats) {
    if ((this.count + 1) * STRIDE > this.rows.length) {
      const grown = new Float64Array(this.rows.length * 2);
      grown.set(this.rows);
      this.rows = grown;
    }
    const row = this.rows.subarray(this.count * STRIDE, (this.count + 1) * STRIDE);
    row[COL.x] = x;
    row[COL.y] = y;
    row[COL.f] = f;
    row[COL.gx] = this.gx;
    row[COL.gy] = this.gy;
    row[COL.sx] = stats ? stats[0].step_median : NaN;
    row[COL.sy] = stats ? stats[1].step_median : NaN;
    row[COL.ax] = stats ? stats[0].accum_rms : NaN;
    row[COL.ay] = stats ? stats[1].accum_rms : NaN;
    this.count += 1;
  }

  dispose() {
    this.optimizer.dispose();
  }
}
