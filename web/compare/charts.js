// Comparison charts: the runs overlaid, one colour per run, drawn with uPlot.
//
//   const charts = new CompareCharts(root, { runs: [{title, color}], layers: 3, logLoss: true });
//   bridge.on('metrics', (m) => charts.append(m.runs));   // every run's new rows, in lock-step
//   requestAnimationFrame(function frame() { charts.render(); requestAnimationFrame(frame); });
//
// Three figures: the loss (train solid, test dashed), the gradient RMS (mean over layers or one
// layer, chosen with a select) and the median effective step size of a chosen layer. Each has a
// readout under it with every run's exact value at the hovered step (the latest step otherwise).
//
// The whole history is kept (Float64Arrays, one column per run and quantity, all layers, so a
// layer can be chosen afterwards); past MAX_ROWS rows it keeps every other row, and from then on
// every other incoming one. Drawing is decimated to at most MAX_POINTS points per series with
// min/max buckets maintained as rows arrive (the scheme of web/ui/charts.js), so a render costs the
// same however long the history is.
import uPlot from '../vendor/uPlot.esm.js';
import { MAX_POINTS, PALETTE, formatValue, nearestRow } from '../ui/charts.js';
import { el } from '../ui/form.js';

export { PALETTE };
export const MAX_ROWS = 1 << 16;
const MAX_BUCKETS = (MAX_POINTS - 2) / 2;
const CHART_HEIGHT = 190;
const FALLBACK_WIDTH = 320;
const DRAW_MIN_LOG = 1e-20;
const DRAW_MAX = 1e30;

const pinLog = (v) => (v < DRAW_MIN_LOG ? DRAW_MIN_LOG : v > DRAW_MAX ? DRAW_MAX : v);
const pinLin = (v) => (v < -DRAW_MAX ? -DRAW_MAX : v > DRAW_MAX ? DRAW_MAX : v);

/** "layer 1", "layer 2", ..., "output". */
export const layerName = (l, layers) => (l === layers - 1 ? 'output layer' : `layer ${l + 1}`);

function formatStep(v) {
  return Number.isFinite(v) ? Math.round(v).toLocaleString('en') : '–';
}
function formatStepTick(v) {
  if (v == null) return '';
  const a = Math.abs(v);
  if (a >= 1e6) return `${+(v / 1e6).toPrecision(3)}M`;
  if (a >= 1e4) return `${+(v / 1e3).toPrecision(3)}k`;
  return String(+v.toPrecision(6));
}
function formatTick(v) {
  if (v == null) return '';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e4) {
    const [m, e] = v.toExponential().split('e');
    return `${+(+m).toPrecision(2)}e${e.replace('+', '')}`;
  }
  return String(+v.toPrecision(3));
}

const isDecade = (v) => v > 0 && Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-6;
const mantissa = (v) => Math.round(v / 10 ** Math.floor(Math.log10(v) + 1e-9));
/**
 * Which ticks of a log axis get a label, by the room a decade has: 1-2-5 when there is plenty,
 * every decade, or every k-th decade on a span of many decades (so labels never overlap).
 */
function logLabelFilter(u, splits, axisIdx) {
  const MIN_SPACE = 22;
  const key = u.axes[axisIdx].scale;
  const mag = Math.abs(u.valToPos(1, key) - u.valToPos(10, key));
  if (!(mag > 0)) return splits;
  if (mag >= 2.5 * MIN_SPACE) return splits.map((v) => (v > 0 && [1, 2, 5].includes(mantissa(v)) ? v : null));
  const k = Math.ceil(MIN_SPACE / mag);
  return splits.map((v) => (isDecade(v) && Math.round(Math.log10(v)) % k === 0 ? v : null));
}

/**
 * Columns of equal length (one is 'step'), thinned past MAX_ROWS, with min/max buckets per column
 * for drawing. Bucket b of width 2^k holds rows 1 + b·2^k .. (rows 0 and n−1 are drawn as is).
 */
export class DecimatedHistory {
  constructor(keys = []) { this.define(keys); }

  define(keys) {
    this.keys = [...keys];
    this.cols = new Map();
    this.buckets = new Map();
    this.n = 0;
    this.capacity = 1024;
    for (const k of keys) {
      this.cols.set(k, new Float64Array(this.capacity));
      this.buckets.set(k, { mn: new Float64Array(MAX_BUCKETS), mx: new Float64Array(MAX_BUCKETS), mni: new Int32Array(MAX_BUCKETS), mxi: new Int32Array(MAX_BUCKETS) });
    }
    this.stride = 1;
    this.seen = 0;
    this._resetBuckets();
  }

  col(key) { return this.cols.get(key); }

  _resetBuckets() {
    this.k = 0;
    this.nb = 0;
    this.done = 1;
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

  /**
   * Appends `rows` rows: get(key) returns that column's new values (length >= rows), or null
   * (NaN rows). With a stride s > 1 only every s-th incoming row is kept.
   */
  append(rows, get) {
    if (!(rows > 0)) return;
    const keep = [];
    for (let r = 0; r < rows; r++) if (this.seen++ % this.stride === 0) keep.push(r);
    if (!keep.length) return;
    const n0 = this.n;
    const added = keep.length;
    this._reserve(n0 + added);
    for (const key of this.keys) {
      const dst = this.cols.get(key);
      const src = get(key);
      if (!src) dst.fill(NaN, n0, n0 + added);
      else if (added === rows) dst.set(src.subarray ? src.subarray(0, rows) : src.slice(0, rows), n0);
      else for (let j = 0; j < added; j++) dst[n0 + j] = src[keep[j]];
    }
    this.n = n0 + added;
    if (this.n > MAX_ROWS) {
      for (const a of this.cols.values()) {
        let w = 0;
        for (let r = 0; r < this.n; r += 2) a[w++] = a[r];
      }
      this.n = Math.ceil(this.n / 2);
      this.stride *= 2;
      this.seen = 0;
      this._resetBuckets();
    }
    this._fold(this.n - 1);
  }

  _init(from, to) {
    for (const b of this.buckets.values()) {
      b.mn.fill(Infinity, from, to);
      b.mx.fill(-Infinity, from, to);
      b.mni.fill(-1, from, to);
      b.mxi.fill(-1, from, to);
    }
  }

  _fold(end) {
    if (end <= this.done) return;
    while (Math.ceil((end - 1) / 2 ** this.k) > MAX_BUCKETS) this._double();
    const k = this.k;
    const nb = Math.ceil((end - 1) / 2 ** k);
    if (nb > this.nb) this._init(this.nb, nb);
    for (const key of this.keys) {
      const y = this.cols.get(key);
      const { mn, mx, mni, mxi } = this.buckets.get(key);
      for (let i = this.done; i < end; i++) {
        const v = y[i];
        if (!(v > -Infinity && v < Infinity)) continue;
        const b = (i - 1) >> k;
        if (v < mn[b]) { mn[b] = v; mni[b] = i; }
        if (v > mx[b]) { mx[b] = v; mxi[b] = i; }
      }
    }
    this.nb = nb;
    this.done = end;
  }

  _double() {
    const nb = this.nb;
    const half = Math.ceil(nb / 2);
    for (const { mn, mx, mni, mxi } of this.buckets.values()) {
      for (let j = 0; j < half; j++) {
        const a = 2 * j;
        const b = a + 1;
        let lo = mn[a], loI = mni[a], hi = mx[a], hiI = mxi[a];
        if (b < nb) {
          if (mn[b] < lo) { lo = mn[b]; loI = mni[b]; }
          if (mx[b] > hi) { hi = mx[b]; hiI = mxi[b]; }
        }
        mn[j] = lo; mni[j] = loI; mx[j] = hi; mxi[j] = hiI;
      }
    }
    this._init(half, nb);
    this.nb = half;
    this.k += 1;
  }

  /** Fills X (steps) with the drawn x positions; returns their count. */
  emitX(X) {
    const n = this.n;
    const steps = this.cols.get('step');
    if (n <= MAX_POINTS) {
      X.length = n;
      for (let i = 0; i < n; i++) X[i] = steps[i];
      return n;
    }
    const w = 2 ** this.k;
    const last = n - 1;
    let m = 0;
    X[m++] = steps[0];
    for (let b = 0; b < this.nb; b++) {
      const s = 1 + b * w;
      const t = Math.min(s + w, last) - 1;
      X[m++] = steps[s];
      if (t > s) X[m++] = steps[t];
    }
    X[m++] = steps[last];
    X.length = m;
    return m;
  }

  /** Fills D with the drawn values of one column (null where not drawable), matching emitX. */
  emitY(key, D, log) {
    const n = this.n;
    const y = this.cols.get(key);
    const valid = log ? (v) => v > 0 && v < Infinity : (v) => v > -Infinity && v < Infinity;
    const pin = log ? pinLog : pinLin;
    const put = (v) => (valid(v) ? pin(v) : null);
    if (n <= MAX_POINTS) {
      D.length = n;
      for (let i = 0; i < n; i++) D[i] = put(y[i]);
      return;
    }
    const w = 2 ** this.k;
    const last = n - 1;
    const { mn, mx, mni, mxi } = this.buckets.get(key);
    let j = 0;
    D[j++] = put(y[0]);
    for (let b = 0; b < this.nb; b++) {
      const s = 1 + b * w;
      const t = Math.min(s + w, last) - 1;
      const i0 = mni[b];
      if (t > s) {
        if (i0 < 0) { D[j++] = null; D[j++] = null; }
        else if (i0 <= mxi[b]) { D[j++] = put(mn[b]); D[j++] = put(mx[b]); }
        else { D[j++] = put(mx[b]); D[j++] = put(mn[b]); }
      } else {
        D[j++] = i0 < 0 ? null : put(mn[b]);
      }
    }
    D[j++] = put(y[last]);
    D.length = j;
  }
}

// ------------------------------------------------------------------------------------------------

const FIELDS = ['train_loss', 'test_loss', 'train_acc', 'test_acc', 'grad_mean'];
const NOTES = {
  loss: 'Each colour is one run. Solid: the loss on the training points, the number each optimizer '
    + 'is minimizing; dashed: the loss on the held-out test points. Every run starts from the same '
    + 'weights, so every curve starts at the same value: whatever happens after step 1 is the '
    + 'optimizer\'s doing. A run that blows up stops, and its curve ends there.',
  grad: 'How large the gradients are: the square root of the mean of g² over a layer\'s weights and '
    + 'biases (or the mean of that over the layers). The runs see different gradients only because '
    + 'their optimizers have moved the weights to different places. Plain SGD\'s step is lr × g, so '
    + 'where gradients are small, SGD crawls; the adaptive optimizers divide the small gradients away.',
  step: 'The step size each weight actually gets, per unit of its (momentum-averaged) gradient, median '
    + 'over the chosen layer: lr/(√v+ε) for RMSProp (lr/√(v+ε) with eps inside the root), the same '
    + 'with bias-corrected moments for Adam, lr/(√(Σg²)+ε) for Adagrad, which only ever shrinks, and '
    + 'simply lr for SGD. A flat line means a fixed step; RMSProp\'s line rises where gradients shrink.',
};

/**
 * @param {HTMLElement} root
 * @param {{runs: {title: string, color: string}[], layers: number, logLoss?: boolean,
 *          onLogScale?: (on: boolean) => void}} options
 */
export class CompareCharts {
  constructor(root, { runs = [], layers = 1, logLoss = true, onLogScale = null } = {}) {
    this.root = root;
    this.logLoss = !!logLoss;
    this.onLogScale = onLogScale;
    this.gradLayer = -1;   // -1: mean over layers
    this.stepLayer = 0;
    this.showTest = true;
    this.store = new DecimatedHistory();
    this.charts = [];
    this.drawX = [];
    this._syncKey = `cmp-${Math.random().toString(36).slice(2)}`;
    this._resizeFrame = 0;
    root.classList.add('cmp-charts');
    this.reset(runs, layers);
    if (typeof ResizeObserver === 'function') {
      this._observer = new ResizeObserver(() => {
        if (this._resizeFrame) return;
        this._resizeFrame = requestAnimationFrame(() => {
          this._resizeFrame = 0;
          this.resize();
        });
      });
      this._observer.observe(root);
    }
  }

  /** Rows held. */
  get rows() { return this.store.n; }

  /** The uPlot instances [loss, gradient RMS, step size], e.g. for tests. */
  get plots() { return this.charts.map((c) => c.u); }

  /** Drawn points per chart. */
  pointCount() { return this.charts.map((c) => c.u.data[0].length); }

  /** A run's full stored column, e.g. values(0, 'train_loss'), as a plain array (for tests). */
  values(run, field) {
    const c = this.store.col(`${run}:${field}`);
    return c ? Array.from(c.subarray(0, this.store.n)) : null;
  }

  steps() { return Array.from(this.store.col('step').subarray(0, this.store.n)); }

  /** Clears everything and rebuilds the figures for these runs and this many layers. */
  reset(runs = this.runs, layers = this.layers) {
    for (const c of this.charts) {
      c.u.destroy();
      c.figure.remove();
    }
    this.runs = runs.map((r) => ({ ...r }));
    this.layers = Math.max(1, layers | 0);
    if (this.gradLayer >= this.layers) this.gradLayer = -1;
    if (this.stepLayer >= this.layers) this.stepLayer = 0;
    const keys = ['step'];
    this.runs.forEach((_, i) => {
      for (const f of FIELDS) keys.push(`${i}:${f}`);
      for (let l = 0; l < this.layers; l++) keys.push(`${i}:grad.${l}`, `${i}:stepm.${l}`);
    });
    this.store.define(keys);
    this.drawX = [];
    this.hoverRow = null;
    const ink = getComputedStyle(this.root).color || 'rgb(31,41,51)';
    const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(ink);
    const [r, g, b] = m ? [m[1], m[2], m[3]] : [31, 41, 51];
    this._ink = `rgb(${r},${g},${b})`;
    this._grid = `rgba(${r},${g},${b},0.1)`;
    this.charts = [this._figure('loss'), this._figure('grad'), this._figure('step')];
    for (const c of this.charts) this._createPlot(c);
    this._dirty = true;
  }

  _layerOptions(withMean) {
    const opts = withMean ? [[-1, 'mean over layers']] : [];
    for (let l = 0; l < this.layers; l++) opts.push([l, layerName(l, this.layers)]);
    return opts;
  }

  _figure(id) {
    const titles = { loss: 'Loss', grad: 'Gradient RMS', step: 'Step size (median)' };
    const figure = el('figure', { class: 'cmp-figure' });
    figure.dataset.chart = id;
    const head = el('div', { class: 'cmp-figure-head' }, [el('figcaption', { class: 'cmp-title', text: titles[id] })]);
    figure.append(head);
    const chart = { id, figure, u: null, width: 0, data: null, readout: null };
    if (id === 'loss') {
      const log = el('input', { type: 'checkbox', checked: this.logLoss });
      log.addEventListener('change', () => {
        this.setLogScale(log.checked);
        this.onLogScale?.(log.checked);
      });
      const test = el('input', { type: 'checkbox', checked: this.showTest });
      test.addEventListener('change', () => this.setShowTest(test.checked));
      head.append(el('div', { class: 'cmp-figure-tools' }, [
        el('label', { class: 'check' }, [log, el('span', { text: 'log scale' })]),
        el('label', { class: 'check' }, [test, el('span', { text: 'test (dashed)' })]),
      ]));
      chart.logBox = log;
    } else {
      const withMean = id === 'grad';
      const select = el('select', { 'aria-label': id === 'grad' ? 'Gradient RMS of' : 'Step size of' });
      for (const [v, label] of this._layerOptions(withMean)) select.append(el('option', { value: String(v), text: label }));
      select.value = String(id === 'grad' ? this.gradLayer : this.stepLayer);
      select.addEventListener('change', () => this.setLayer(id, Number(select.value)));
      head.append(el('label', { class: 'field compact cmp-figure-tools' }, [el('span', { text: 'of' }), select]));
      chart.select = select;
    }
    chart.plot = el('div', { class: 'cmp-plot' });
    chart.readout = el('div', { class: 'cmp-readout', role: 'group', 'aria-label': `${titles[id]}: values per run` });
    figure.append(chart.plot, chart.readout);
    figure.append(el('details', { class: 'explain' }, [el('summary', { text: 'What am I looking at?' }), el('p', { text: NOTES[id] })]));
    this._buildReadout(chart);
    this.root.append(figure);
    return chart;
  }

  /** The stored column keys a chart draws, one (or two for the loss) per run. */
  _seriesKeys(chart) {
    const out = [];
    this.runs.forEach((run, i) => {
      if (chart.id === 'loss') {
        out.push({ key: `${i}:train_loss`, run: i, color: run.color, width: 2 });
        out.push({ key: `${i}:test_loss`, run: i, color: run.color, width: 1.4, dash: [5, 4], test: true });
      } else if (chart.id === 'grad') {
        out.push({ key: this.gradLayer < 0 ? `${i}:grad_mean` : `${i}:grad.${this.gradLayer}`, run: i, color: run.color, width: 2 });
      } else {
        out.push({ key: `${i}:stepm.${this.stepLayer}`, run: i, color: run.color, width: 2 });
      }
    });
    return out;
  }

  _createPlot(chart) {
    chart.series = this._seriesKeys(chart);
    chart.data = [this.drawX, ...chart.series.map(() => [])];
    const width = Math.floor(chart.plot.clientWidth) || FALLBACK_WIDTH;
    chart.width = width;
    const log = chart.id === 'loss' ? this.logLoss : true;
    chart.log = log;
    const axis = {
      stroke: this._ink,
      font: '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
      grid: { stroke: this._grid, width: 1 },
      ticks: { stroke: this._grid, width: 1, size: 4 },
    };
    const opts = {
      width,
      height: CHART_HEIGHT,
      padding: [8, 18, 0, 0],
      scales: { x: { time: false }, y: log ? { distr: 3, log: 10 } : { distr: 1 } },
      axes: [
        { ...axis, space: 56, size: 30, values: (u, splits) => splits.map(formatStepTick) },
        { ...axis, space: 24, size: 50, values: (u, splits) => splits.map(formatTick), ...(log ? { filter: logLabelFilter } : {}) },
      ],
      series: [
        { label: 'step' },
        ...chart.series.map((s) => ({
          label: `${s.run + 1} ${this.runs[s.run].title}${s.test ? ' (test)' : ''}`,
          stroke: s.color, width: s.width, dash: s.dash, spanGaps: !!s.test,
          show: !s.test || this.showTest, points: { show: false },
        })),
      ],
      legend: { show: false },
      cursor: {
        y: false,
        points: { show: false },
        drag: { x: false, y: false, setScale: false },
        sync: { key: this._syncKey, setSeries: false },
      },
      hooks: { setCursor: [(u) => this._onCursor(u)] },
    };
    chart.u = new uPlot(opts, chart.data, chart.plot);
  }

  _onCursor(u) {
    const left = u.cursor.left;
    const n = this.store.n;
    let row = null;
    if (left != null && left >= 0 && n > 0) row = nearestRow(this.store.col('step'), n, u.posToVal(left, 'x'));
    if (row !== this.hoverRow) {
      this.hoverRow = row;
      this._updateReadouts();
    }
  }

  // ------------------------------------------------------------------ readouts

  _buildReadout(chart) {
    chart.stepCell = el('span', { class: 'cmp-readout-step' });
    const rows = this.runs.map((run, i) => {
      const value = el('span', { class: 'cmp-readout-value' });
      const row = el('div', { class: 'cmp-readout-row' }, [
        el('span', { class: 'cmp-swatch', 'aria-hidden': 'true' }),
        el('span', { class: 'cmp-readout-name', text: `${i + 1} ${run.title}` }),
        value,
      ]);
      row.style.setProperty('--run-color', run.color);
      return { row, value };
    });
    chart.readoutRows = rows;
    chart.readout.replaceChildren(chart.stepCell, ...rows.map((r) => r.row));
  }

  _row() {
    const n = this.store.n;
    if (n === 0) return -1;
    return this.hoverRow != null && this.hoverRow < n ? this.hoverRow : n - 1;
  }

  _updateReadouts() {
    const row = this._row();
    const stepText = row < 0 ? 'step –' : `step ${formatStep(this.store.col('step')[row])}${this.hoverRow != null ? '' : ' (latest)'}`;
    for (const chart of this.charts) {
      chart.stepCell.textContent = stepText;
      chart.readoutRows.forEach(({ value }, i) => {
        if (row < 0) { value.textContent = '–'; return; }
        const at = (f) => this.store.col(`${i}:${f}`)[row];
        let text;
        if (chart.id === 'loss') {
          text = `train ${formatValue(at('train_loss'))}`;
          if (this.showTest) text += ` · test ${formatValue(at('test_loss'))}`;
        } else if (chart.id === 'grad') {
          text = formatValue(at(this.gradLayer < 0 ? 'grad_mean' : `grad.${this.gradLayer}`));
        } else {
          text = formatValue(at(`stepm.${this.stepLayer}`));
        }
        if (Number.isNaN(at('train_loss'))) text = this.stopped?.[i] ? 'stopped' : '–';
        value.textContent = text;
      });
    }
  }

  /** Marks runs that stopped (diverged or failed), for the readouts. */
  setStopped(flags) {
    this.stopped = [...flags];
    this._dirtyReadout = true;
  }

  // ------------------------------------------------------------------ data

  /**
   * Appends one metrics batch: runs[i] = {history} with the rows new since the last batch
   * (lock-step: every running run has the same rows; a run that stopped has fewer or none).
   */
  append(runs) {
    if (!Array.isArray(runs)) return;
    let lead = null;
    for (const r of runs) {
      const h = r?.history;
      if (h && h.rows > 0 && (!lead || h.rows > lead.rows)) lead = h;
    }
    if (!lead) return;
    const rows = lead.rows;
    const steps = lead.step;
    // A new run (reset without a reset() call here): start over.
    if (this.store.n > 0 && !(steps[0] > this.store.col('step')[this.store.n - 1])) this.store.define(this.store.keys);
    // Each run's rows placed by step (normally offset 0), NaN where it has none.
    const cols = new Map();
    cols.set('step', steps);
    runs.forEach((r, i) => {
      if (i >= this.runs.length) return;
      const h = r?.history;
      if (!h || !(h.rows > 0)) return;
      const offset = Math.round(h.step[0] - steps[0]);
      const place = (src) => {
        if (!src) return null;
        if (offset === 0 && h.rows === rows) return src;
        const out = new Float64Array(rows).fill(NaN);
        for (let j = 0; j < h.rows; j++) if (j + offset >= 0 && j + offset < rows) out[j + offset] = src[j];
        return out;
      };
      for (const f of ['train_loss', 'test_loss', 'train_acc', 'test_acc']) cols.set(`${i}:${f}`, place(h[f]));
      const L = Math.min(this.layers, h.layers?.length ?? 0);
      const mean = new Float64Array(h.rows);
      for (let l = 0; l < L; l++) {
        const g = h.layers[l].grad_rms;
        for (let j = 0; j < h.rows; j++) mean[j] += g[j] / L;
        cols.set(`${i}:grad.${l}`, place(g));
        cols.set(`${i}:stepm.${l}`, place(h.layers[l].step_median));
      }
      cols.set(`${i}:grad_mean`, place(L ? mean : null));
    });
    this.store.append(rows, (key) => cols.get(key) ?? null);
    this._dirty = true;
  }

  /** Redraws if rows arrived (call once per animation frame). */
  render() {
    if (!this._dirty) {
      if (this._dirtyReadout) { this._dirtyReadout = false; this._updateReadouts(); }
      return false;
    }
    this._dirty = false;
    this._dirtyReadout = false;
    this.store.emitX(this.drawX);
    for (const c of this.charts) {
      c.series.forEach((s, j) => this.store.emitY(s.key, c.data[j + 1], c.log));
      c.u.batch(() => c.u.setData(c.data));
    }
    this._updateReadouts();
    return true;
  }

  // ------------------------------------------------------------------ controls

  setLogScale(on) {
    on = !!on;
    const chart = this.charts[0];
    chart.logBox.checked = on;
    if (on === this.logLoss) return;
    this.logLoss = on;
    chart.u.destroy();
    this._createPlot(chart);
    this._dirty = true;
  }

  setShowTest(on) {
    this.showTest = !!on;
    const chart = this.charts[0];
    chart.series.forEach((s, j) => { if (s.test) chart.u.setSeries(j + 1, { show: this.showTest }); });
    this._updateReadouts();
  }

  /** Which layer the gradient chart (-1: mean) or the step chart shows. */
  setLayer(id, layer) {
    if (id === 'grad') this.gradLayer = layer;
    else this.stepLayer = Math.max(0, layer);
    const chart = this.charts.find((c) => c.id === id);
    chart.select.value = String(id === 'grad' ? this.gradLayer : this.stepLayer);
    chart.series = this._seriesKeys(chart);
    this._dirty = true;
  }

  resize() {
    for (const c of this.charts) {
      const w = Math.floor(c.plot.clientWidth);
      if (w > 0 && w !== c.width) {
        c.width = w;
        c.u.setSize({ width: w, height: CHART_HEIGHT });
      }
    }
  }
}
