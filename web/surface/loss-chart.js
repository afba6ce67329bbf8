// Loss against step for every run, one line each in the run's colour (uPlot). Log y of f − f*
// for functions with a minimum; linear f for the saddle (it has no minimum, f goes negative).
// At most ~2 × MAX_BUCKETS points per line are drawn (min and max of each bucket of steps), so
// a redraw costs the same at step 100 and at step 10 000; the legend shows the exact value at
// the hovered step (or the latest).
import uPlot from '../vendor/uPlot.esm.js';
import { formatNumber } from './format.js';

/** Decades only on the log axis, every k-th one so labels stay apart. */
function decadeSplits(u, axisIdx, min, max) {
  const lo = Math.floor(Math.log10(min) + 1e-9), hi = Math.ceil(Math.log10(max) - 1e-9);
  const every = Math.max(1, Math.ceil((hi - lo) / 6));  // at most ~7 labels in HEIGHT px
  const out = [];
  for (let k = Math.ceil(lo / every) * every; k <= hi; k += every) out.push(10 ** k);
  return out;
}

/** 1e-6, 0.001, 0.01, 0.1, 1, 10, 100, 1000, 1e4 */
function logTick(v) {
  if (v == null) return '';
  const k = Math.round(Math.log10(v));
  return k < -3 || k > 3 ? `1e${k}` : String(Number(v.toPrecision(3)));
}

const MAX_BUCKETS = 600;
const STEP_INCRS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];  // whole steps only
const HEIGHT = 220;
const PIN_MIN = 1e-12;  // smaller f − f* (down to an exact landing, 0) is drawn here on the log scale
const PIN_MAX = 1e30;
const CAP_FACTOR = 1e4;

export class LossChart {
  constructor(root) {
    this.root = root;
    this.el = document.createElement('div');
    this.el.className = 'loss-chart';
    root.append(this.el);
    this.u = null;
    this.runs = [];
    this.log = true;
    this.fmin = 0;
    this.hoverStep = null;
    this._dirty = false;
    this._observer = new ResizeObserver(() => {
      const w = Math.floor(this.el.clientWidth);
      if (this.u && w > 0 && w !== this.u.width) this.u.setSize({ width: w, height: HEIGHT });
    });
    this._observer.observe(this.el);
  }

  /** New runs (a restart): rebuilds the chart. log: log y of f − fmin; else linear f. */
  setRuns(runs, { log, fmin }) {
    this.runs = runs;
    this.log = log;
    this.fmin = fmin;
    this.hoverStep = null;
    if (this.u) this.u.destroy();
    const ink = getComputedStyle(this.root).color || '#1f2933';
    const grid = 'rgba(31,41,51,0.1)';
    const axis = { stroke: ink, font: '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif', grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1, size: 4 } };
    const yLabel = log ? 'f − f*' : 'f';
    const opts = {
      width: Math.floor(this.el.clientWidth) || 320,
      height: HEIGHT,
      padding: [8, 14, 0, 0],
      scales: { x: { time: false }, y: log ? { distr: 3, log: 10 } : { distr: 1 } },
      axes: [
        { ...axis, space: 50, size: 30, incrs: STEP_INCRS, label: 'step', labelSize: 16, labelFont: axis.font, values: (u, splits) => splits.map((v) => (v == null ? '' : String(v))) },
        log
          ? { ...axis, size: 46, label: yLabel, labelSize: 16, labelFont: axis.font, splits: decadeSplits, filter: (u, splits) => splits, values: (u, splits) => splits.map(logTick) }
          : { ...axis, space: 24, size: 46, label: yLabel, labelSize: 16, labelFont: axis.font, values: (u, splits) => splits.map((v) => (v == null ? '' : formatNumber(v))) },
      ],
      series: [
        { label: 'step', value: () => this._stepText() },
        ...runs.map((r, i) => ({
          label: r.label, stroke: r.color, width: 2, points: { show: false },
          value: () => this._valueText(i),
        })),
      ],
      legend: { live: true, markers: { width: 0, fill: (u, i) => (i > 0 ? runs[i - 1].color : 'transparent') } },
      cursor: {
        y: false, points: { show: false }, drag: { x: false, y: false, setScale: false },
      },
      hooks: {
        setCursor: [(u) => {
          const left = u.cursor.left;
          const step = left != null && left >= 0 ? Math.round(u.posToVal(left, 'x')) : null;
          if (step !== this.hoverStep) {
            this.hoverStep = step;
            u.setLegend(undefined, false);
          }
        }],
      },
    };
    opts.scales.x.range = (u, min, max) => [0, Math.max(max, 5)];  // step 0 alone is not a range
    this.u = new uPlot(opts, this._data(), this.el);
    this._dirty = false;
  }

  /** Marks the data as changed; render() redraws once. */
  invalidate() { this._dirty = true; }

  render() {
    if (!this._dirty || !this.u) return false;
    this._dirty = false;
    this.u.setData(this._data());
    this.u.setLegend(undefined, false);
    return true;
  }

  // Drawn value of run's step i. A diverging run's last values would stretch the axis over
  // dozens of decades: values beyond CAP_FACTOR times the largest start value are drawn at
  // that cap (the legend still shows the exact value).
  _value(run, i) {
    const f = run.fs[i];
    const cap = this._cap;
    if (!this.log) return Number.isFinite(f) ? Math.max(-cap, Math.min(cap, f)) : null;
    const g = f - this.fmin;
    if (!(g >= 0)) return null;
    return Math.min(cap, Math.max(PIN_MIN, g));
  }

  /** x = steps; per run, min and max of each bucket (in step order), null past its end. */
  _data() {
    const runs = this.runs;
    let start = 0;
    for (const r of runs) if (r.n && Number.isFinite(r.fs[0])) start = Math.max(start, Math.abs(this.log ? r.fs[0] - this.fmin : r.fs[0]));
    this._cap = Math.min(PIN_MAX, Math.max(start, this.log ? PIN_MIN : 1) * CAP_FACTOR);
    const n = runs.reduce((m, r) => Math.max(m, r.n), 0);
    const X = [];
    const Y = runs.map(() => []);
    if (n <= 2 * MAX_BUCKETS) {
      for (let i = 0; i < n; i++) {
        X.push(i);
        runs.forEach((r, k) => Y[k].push(i < r.n ? this._value(r, i) : null));
      }
      return [X, ...Y];
    }
    const w = Math.ceil(n / MAX_BUCKETS);
    for (let s = 0; s < n; s += w) {
      const e = Math.min(n, s + w);
      X.push(s, e - 1);
      runs.forEach((r, k) => {
        let lo = null, hi = null, loI = -1, hiI = -1;
        for (let i = s; i < Math.min(e, r.n); i++) {
          const v = this._value(r, i);
          if (v == null) continue;
          if (lo == null || v < lo) { lo = v; loI = i; }
          if (hi == null || v > hi) { hi = v; hiI = i; }
        }
        if (lo == null) Y[k].push(null, null);
        else if (loI <= hiI) Y[k].push(lo, hi);
        else Y[k].push(hi, lo);
      });
    }
    return [X, ...Y];
  }

  _step() {
    const n = this.runs.reduce((m, r) => Math.max(m, r.n), 0);
    if (!n) return -1;
    const s = this.hoverStep;
    return s != null && s >= 0 && s < n ? s : n - 1;
  }

  _stepText() {
    const s = this._step();
    return s < 0 ? '–' : String(s);
  }

  _valueText(k) {
    const r = this.runs[k];
    const s = this._step();
    if (!r || r.pending || s < 0 || s >= r.n) return '–';
    const f = r.fs[s];
    return formatNumber(this.log ? f - this.fmin : f);
  }

  dispose() {
    this._observer.disconnect();
    if (this.u) this.u.destroy();
    this.el.remove();
  }
}
