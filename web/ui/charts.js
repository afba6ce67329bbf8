// Training charts: loss, per-layer gradient RMS, per-layer effective step size (median with a
// p10–p90 band) and per-layer update/parameter ratio, drawn with uPlot.
//
//   const charts = new MetricCharts(root, { layers: 3, logLoss: true });
//   bridge.on('metrics', (m) => charts.append(m.history));
//   requestAnimationFrame(function frame() { charts.render(); requestAnimationFrame(frame); });
//
// The history is kept in growable Float64Arrays and never truncated: past MAX_ROWS rows it keeps
// every other row and from then on every other incoming row (the stride doubles each time), so
// a run of millions of steps keeps its whole span in bounded memory. Drawing is decimated to
// at most MAX_POINTS points per series with min/max buckets, so spikes survive. The buckets are
// maintained incrementally as rows arrive (a bucket's width is a power of two; when the buckets
// run out, neighbours are merged pairwise), so a render costs O(MAX_POINTS · series) however long
// the history is. The legend shows exact values from the full history at the hovered step (or the
// latest step when the cursor is elsewhere).
//
// Drawing is the expensive part (uPlot's paths, then the canvas raster at commit), so a chart
// is drawn only when rows arrived since it was last drawn and it is on screen (or near it): a
// chart scrolled out of view keeps its data and is drawn when it comes back, or whenever
// someone reads it (`plots`, `charts`, `pointCount()`). A log axis has no place for 0: zeros
// (e.g. a gradient RMS of exactly 0) are drawn as a bar along the bottom edge, with a note.
import uPlot from '../vendor/uPlot.esm.js';

/**
 * At most this many drawn points per series: the first row, 2 per bucket, the last row. 512
 * buckets are about one per pixel column of a chart on a 1280 px screen (two charts a row), so
 * each column's min and max are kept; more points only make uPlot's path building and the
 * raster slower without changing what is seen.
 */
export const MAX_POINTS = 1026;
const MAX_BUCKETS = (MAX_POINTS - 2) / 2; // 512
const INITIAL_CAPACITY = 1024;
/** Rows kept before the history halves its resolution (about 38 MB for a 3-layer network). */
export const MAX_ROWS = 1 << 18;
const CHART_HEIGHT = 180;
const FALLBACK_WIDTH = 320;
/** Charts this close to the viewport (CSS px) count as on screen, so they are drawn before they show. */
const VISIBLE_MARGIN = '48px 0px';
// Lines are 1 CSS px: at one device pixel per CSS pixel the rasteriser takes its fast hairline
// path, several times cheaper than a 1.5 px stroke of the same min/max-decimated zigzag.
const LINE_WIDTH = 1;
const ZERO_BAR = 3;  // CSS px: the height of the bar that marks zeros on a log axis
/**
 * While rows stream in, the legend's "latest step" values move on at most this often (ms): text
 * that changes every frame costs a layout and a repaint every frame, and nobody reads it faster.
 * A hovered step shows at once, and the last row of a run always ends up on show.
 */
const LEGEND_MS = 100;

/**
 * Layer colours, the same in every chart: the Okabe–Ito colour-blind-safe palette plus grey.
 * Okabe–Ito's yellow (#F0E442) is darkened to #C9B800 so a thin line stays visible on white,
 * and comes last (only a 9-layer network uses it).
 */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000', '#999999', '#C9B800'];
const LOSS_COLORS = { train: '#0072B2', test: '#D55E00' };

/** "layer 1", "layer 2", ..., and "output" for the last one. */
export function layerLabel(l, layers) {
  return l === layers - 1 ? 'output' : `layer ${l + 1}`;
}

/** A legend/tooltip number: 5 significant digits, exponent form for very small or large values. */
export function formatValue(v) {
  if (v == null || Number.isNaN(v)) return '–';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e5) {
    const [m, e] = v.toExponential(4).split('e');
    return `${trimZeros(m)}e${e.replace('+', '')}`;
  }
  return trimZeros(v.toPrecision(5));
}

function trimZeros(s) {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** A step number with thousands separators: 1,234,567 (toLocaleString is slow per call). */
function formatStep(v) {
  if (!Number.isFinite(v)) return formatValue(v);
  const s = String(Math.abs(v));
  if (!/^\d+$/.test(s) || s.length <= 3) return String(v);
  let out = s.slice(0, ((s.length - 1) % 3) + 1);
  for (let i = out.length; i < s.length; i += 3) out += `,${s.slice(i, i + 3)}`;
  return v < 0 ? `-${out}` : out;
}

/** Compact step numbers for the x axis: 950, 12k, 1.5M. */
export function formatStepTick(v) {
  if (v == null) return '';
  const a = Math.abs(v);
  if (a >= 1e6) return `${+(v / 1e6).toPrecision(3)}M`;
  if (a >= 1e4) return `${+(v / 1e3).toPrecision(3)}k`;
  return String(+v.toPrecision(6));
}

/** Axis labels on a value axis (log or linear): short, exponent form outside [1e-3, 1e4). */
export function formatTick(v) {
  if (v == null) return '';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e4) {
    const [m, e] = v.toExponential().split('e');
    return `${+(+m).toPrecision(2)}e${e.replace('+', '')}`;
  }
  return String(+v.toPrecision(3));
}

function withAlpha(hex, alpha) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}

/** The page's text colour as [r, g, b] (axes follow the theme). */
function inkOf(el) {
  const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(getComputedStyle(el).color || '');
  return m ? [+m[1], +m[2], +m[3]] : [31, 41, 51];
}

/** Index of the row whose step is nearest to x (steps ascending), or -1 with no rows. */
export function nearestRow(steps, n, x) {
  if (n <= 0) return -1;
  let lo = 0;
  let hi = n - 1;
  if (!(x > steps[0])) return 0;
  if (x >= steps[hi]) return hi;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (steps[mid] <= x) lo = mid;
    else hi = mid;
  }
  return x - steps[lo] <= steps[hi] - x ? lo : hi;
}

/** Whether uPlot series si has exactly one value to draw (so no line). */
function fewValues(u, si) {
  const d = u.data[si];
  let n = 0;
  for (let i = 0; i < d.length && n < 2; i++) if (d[i] != null) n++;
  return n === 1;
}

/** Memoised formatter: axis labels are recomputed on every redraw, mostly for the same values. */
function memo(format) {
  const cache = new Map();
  return (v) => {
    let text = cache.get(v);
    if (text === undefined) {
      if (cache.size > 512) cache.clear();
      cache.set(v, (text = format(v)));
    }
    return text;
  };
}
const tickLabel = memo(formatTick);
const stepTickLabel = memo(formatStepTick);

/** A log axis with decades under MINOR_GRID_PX apart: grid lines and ticks at the decades only. */
const MINOR_GRID_PX = 50;
function decadesWhenDense(u, splits, axisIdx) {
  const scale = u.axes[axisIdx].scale;
  if (u.scales[scale].distr !== 3) return splits;
  if (Math.abs(u.valToPos(1, scale) - u.valToPos(10, scale)) >= MINOR_GRID_PX) return splits;
  return splits.map((v) => {
    if (v == null) return null;
    const e = Math.log10(v);
    return Math.abs(e - Math.round(e)) < 1e-9 ? v : null;
  });
}

const isValidLog = (v) => v > 0 && v < Infinity;
const isValidLin = (v) => v > -Infinity && v < Infinity;
// uPlot's log-axis splitter runs away (RangeError) when a scale reaches below ~1e-22, and its
// tick steps end at 5e31, so drawn values are pinned into [1e-20, 1e30] (log) or ±1e30 (linear);
// the legend still shows the exact value.
const DRAW_MIN_LOG = 1e-20;
const DRAW_MAX = 1e30;
const pinLog = (v) => (v < DRAW_MIN_LOG ? DRAW_MIN_LOG : v > DRAW_MAX ? DRAW_MAX : v);
const pinLin = (v) => (v < -DRAW_MAX ? -DRAW_MAX : v > DRAW_MAX ? DRAW_MAX : v);

// Columns live in resizable ArrayBuffers where the browser has them: growing one then commits
// more memory in place, where copying every column into a buffer twice the size would stall a
// frame for tens of milliseconds once a history reaches 10^5 rows.
const MAX_CAPACITY = 2 * MAX_ROWS;  // rows a column grows to in place (past it: copied)
const RESIZABLE = (() => {
  try {
    return new ArrayBuffer(8, { maxByteLength: 16 }).resizable === true;
  } catch {
    return false;
  }
})();

function column(rows) {
  if (RESIZABLE) {
    try {
      return new Float64Array(new ArrayBuffer(rows * 8, { maxByteLength: MAX_CAPACITY * 8 }));
    } catch {
      // no room for the reservation: a plain buffer
    }
  }
  return new Float64Array(rows);
}

/** The whole history: one growable Float64Array per column, all with the same row count. */
class HistoryStore {
  constructor() {
    this.cols = new Map();
    this.n = 0;
    this.capacity = INITIAL_CAPACITY;
  }

  define(keys) {
    this.cols.clear();
    this.n = 0;
    this.capacity = INITIAL_CAPACITY;
    for (const k of keys) this.cols.set(k, column(this.capacity));
  }

  col(key) {
    return this.cols.get(key);
  }

  /** Keeps rows 0, 2, 4, ... (the first step stays; the span stays whole). */
  halve() {
    let w = 0;
    for (const a of this.cols.values()) {
      w = 0;
      for (let r = 0; r < this.n; r += 2) a[w++] = a[r];
    }
    this.n = w;
  }

  reserve(rows) {
    if (rows <= this.capacity) return;
    let cap = this.capacity;
    while (cap < rows) cap *= 2;
    for (const [k, a] of this.cols) {
      const buffer = a.buffer;
      if (buffer.resizable && cap * 8 <= buffer.maxByteLength) {
        buffer.resize(cap * 8);  // the view tracks the buffer's length
        continue;
      }
      const b = column(cap);
      b.set(a.subarray(0, this.n));
      this.cols.set(k, b);
    }
    this.capacity = cap;
  }
}

/** A series' min/max buckets (see MetricCharts._fold). */
function makeBuckets() {
  return {
    mn: new Float64Array(MAX_BUCKETS),
    mx: new Float64Array(MAX_BUCKETS),
    mni: new Float64Array(MAX_BUCKETS),
    mxi: new Float64Array(MAX_BUCKETS),
    z: new Uint8Array(MAX_BUCKETS),  // the bucket holds a 0 (drawn on a log axis's bottom edge)
  };
}

export class MetricCharts {
  /**
   * @param {HTMLElement} root   container; the four figures are appended to it
   * @param {{layers: number, logLoss?: boolean, onLogScale?: (on: boolean) => void}} options
   */
  constructor(root, { layers, logLoss = true, onLogScale } = {}) {
    if (!(root instanceof HTMLElement)) throw new Error('MetricCharts: root must be an HTMLElement');
    this.root = root;
    this.logLoss = !!logLoss;
    this.onLogScale = typeof onLogScale === 'function' ? onLogScale : null;
    this.store = new HistoryStore();
    this._list = [];
    this._syncKey = `mc-${Math.random().toString(36).slice(2)}`;
    this._resizeFrame = 0;
    this._disposed = false;
    root.classList.add('mc-charts');
    if (typeof IntersectionObserver === 'function') {
      this._visibility = new IntersectionObserver((changes) => {
        for (const change of changes) {
          const c = this._list.find((chart) => chart.figure === change.target);
          if (!c) continue;
          c.visible = change.isIntersecting;
          if (c.visible && (c.stale || !c.u)) this._dirty = true;
        }
      }, { rootMargin: VISIBLE_MARGIN });
    }
    this._build(layers);
    if (typeof ResizeObserver === 'function') {
      this._observer = new ResizeObserver(() => {
        // Deferred to the next frame: resizing inside the observer callback can re-trigger it.
        if (this._resizeFrame || this._disposed) return;
        this._resizeFrame = requestAnimationFrame(() => {
          this._resizeFrame = 0;
          this.resize();
        });
      });
      this._observer.observe(root);
    }
  }

  /** The uPlot instances (loss, gradient RMS, step size, update ratio), up to date, e.g. for tests. */
  get plots() {
    this._flush();
    return this._list.map((c) => this._plot(c));
  }

  /** The charts ({spec, figure, u, entries, ...}), up to date, e.g. for exports. */
  get charts() {
    this._flush();
    return this._list;
  }

  /** Rows of history held. */
  get rows() {
    return this.store.n;
  }

  // ---------------------------------------------------------------------------------------------
  // Layout

  _specs(layers) {
    const layerSeries = (field) => Array.from({ length: layers }, (_, l) => ({
      key: `${field}.${l}`, label: layerLabel(l, layers), color: PALETTE[l % PALETTE.length],
    }));
    // Band edges first so every band is drawn under every median line.
    const stepSeries = [];
    for (let l = 0; l < layers; l++) {
      const color = PALETTE[l % PALETTE.length];
      stepSeries.push({ key: `step_p90.${l}`, label: `${layerLabel(l, layers)} p90`, color, edge: true, layer: l });
      stepSeries.push({ key: `step_p10.${l}`, label: `${layerLabel(l, layers)} p10`, color, edge: true, layer: l });
    }
    for (let l = 0; l < layers; l++) {
      stepSeries.push({ key: `step_median.${l}`, label: layerLabel(l, layers), color: PALETTE[l % PALETTE.length], median: true, layer: l });
    }
    return [
      {
        id: 'loss', title: 'Loss', log: this.logLoss, toggle: true,
        series: [
          { key: 'train_loss', label: 'train', color: LOSS_COLORS.train },
          // The test loss may be missing (NaN) on some rows or all: span its gaps.
          { key: 'test_loss', label: 'test', color: LOSS_COLORS.test, dash: [6, 3], spanGaps: true },
        ],
      },
      { id: 'grad', title: 'Gradient RMS per layer', log: true, series: layerSeries('grad_rms') },
      { id: 'step', title: 'Step size per layer', note: 'lr/(√v+ε): median, band p10–p90', log: true, series: stepSeries },
      { id: 'ratio', title: 'Update / parameter ratio per layer', log: true, series: layerSeries('update_ratio') },
    ];
  }

  _build(layers) {
    const L = Math.max(0, Math.floor(Number(layers) || 0));
    this.layers = L;
    const specs = this._specs(L);
    const keys = ['step'];
    for (const spec of specs) for (const s of spec.series) keys.push(s.key);
    this.store.define(keys);
    this._stride = 1;
    this._seen = 0;
    this._resetBuckets();
    const [r, g, b] = inkOf(this.root);
    this._ink = `rgb(${r},${g},${b})`;
    this._grid = `rgba(${r},${g},${b},0.1)`;
    this._list = specs.map((spec) => this._makeChart(spec));
    // Measured once every figure is in place (the grid's columns depend on the figure count).
    // With a visibility observer, a chart's plot is built when it first comes on (or near) the
    // screen, or when someone reads it: charts below the fold cost nothing at start-up.
    for (const c of this._list) {
      if (this._visibility) {
        c.visible = false;  // until the observer's first report
        this._visibility.observe(c.figure);
      } else {
        this._createPlot(c);
      }
    }
    this._dirty = true;
  }

  _makeChart(spec) {
    const figure = document.createElement('figure');
    figure.className = 'mc-figure';
    figure.dataset.chart = spec.id;
    const caption = document.createElement('figcaption');
    caption.className = 'mc-title';
    caption.textContent = spec.title;
    figure.append(caption);
    const chart = {
      spec, figure, u: null, width: 0, hoverRow: null, toggle: null,
      // Drawn until the visibility observer says otherwise; stale: rows arrived since the last draw.
      visible: true, stale: true, x: [],
      latestRow: null, latestAt: -Infinity,  // the row the legend shows when nothing is hovered
      entries: spec.series.map((s) => ({ ...s, log: spec.log, draw: [], zeros: [], ...makeBuckets() })),
    };
    if (spec.toggle) {
      const label = document.createElement('label');
      label.className = 'mc-toggle';
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = spec.log;
      box.addEventListener('change', () => {
        this.setLogScale(box.checked);
        if (this.onLogScale) this.onLogScale(box.checked);
      });
      label.append(box, document.createTextNode(' log scale'));
      figure.append(label);
      chart.toggle = box;
    }
    if (spec.note) {
      const note = document.createElement('span');
      note.className = 'mc-note';
      note.textContent = spec.note;
      figure.append(note);
    }
    const plot = document.createElement('div');
    plot.className = 'mc-plot';
    plot.style.minHeight = `${CHART_HEIGHT}px`;  // the plot's room until it is built (_createPlot)
    figure.append(plot);
    chart.plot = plot;
    // Over the empty plot until the first step arrives (a blank box says nothing to a learner).
    const empty = document.createElement('p');
    empty.className = 'mc-empty';
    empty.style.height = `${CHART_HEIGHT}px`;  // over the plot area, not the legend
    empty.textContent = 'No steps yet: press Play or Step and the curves appear here.';
    plot.append(empty);
    chart.empty = empty;
    // Shown while a line has zeros that a log axis cannot place.
    const zeroNote = document.createElement('p');
    zeroNote.className = 'mc-zero-note';
    zeroNote.hidden = true;
    const bar = document.createElement('span');
    bar.className = 'mc-zero-bar';
    bar.setAttribute('aria-hidden', 'true');
    zeroNote.append(bar, document.createTextNode(' 0: no place on a log axis, so zeros are marked on the bottom edge (the legend shows the exact value).'));
    figure.append(zeroNote);
    chart.zeroNote = zeroNote;
    chart.hasZeros = false;
    this.root.append(figure);
    chart.data = [chart.x, ...chart.entries.map((e) => e.draw)];
    return chart;
  }

  /** The chart's uPlot instance, built now if it was not yet. */
  _plot(chart) {
    if (!chart.u) this._createPlot(chart);
    return chart.u;
  }

  _createPlot(chart) {
    const { spec, entries } = chart;
    chart.plot.style.minHeight = '';
    const width = Math.floor(chart.plot.clientWidth) || FALLBACK_WIDTH;
    chart.width = width;
    const axis = {
      stroke: this._ink,
      font: '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
      grid: { stroke: this._grid, width: 1 },
      ticks: { stroke: this._grid, width: 1, size: 4 },
    };
    const series = [
      { label: 'step', value: () => this._legendStep(chart) },
      ...entries.map((e, i) => ({
        label: e.label,
        class: e.edge ? 'mc-edge' : undefined,
        stroke: e.edge ? withAlpha(e.color, 0.35) : e.color,
        width: LINE_WIDTH,
        dash: e.dash,
        spanGaps: !!e.spanGaps,
        // No line with fewer than two values (e.g. a run stopped at step 1): a marker instead.
        points: e.edge ? { show: false } : { show: fewValues, size: 7, fill: e.color },
        value: () => this._legendValue(chart, i),
      })),
    ];
    const bands = [];
    entries.forEach((e, i) => {
      // series index = entry index + 1; the p90 edge is followed by its p10 edge.
      if (e.edge && e.key.startsWith('step_p90')) bands.push({ series: [i + 1, i + 2], fill: withAlpha(e.color, 0.14) });
    });
    const opts = {
      width,
      height: CHART_HEIGHT,
      // Right padding: the last x tick's label is centred on the plot's right edge.
      padding: [8, 18, 0, 0],
      scales: {
        x: { time: false },
        y: spec.log ? { distr: 3, log: 10 } : { distr: 1 },
      },
      axes: [
        { ...axis, space: 56, size: 30, values: (u, splits) => splits.map(stepTickLabel) },
        // uPlot's log axis has a split at every 1..9 × 10^k (for the grid) and nulls the ones it
        // does not label: those stay null (an empty string would still cost a fillText each).
        {
          ...axis, space: 24, size: 50, values: (u, splits) => splits.map((v) => (v == null ? null : tickLabel(v))),
          grid: { ...axis.grid, filter: decadesWhenDense }, ticks: { ...axis.ticks, filter: decadesWhenDense },
        },
      ],
      series,
      bands,
      legend: { live: true, markers: { width: 0, fill: (u, i) => entries[i - 1].color } },
      cursor: {
        y: false,
        points: { show: false },
        drag: { x: false, y: false, setScale: false },
        sync: { key: this._syncKey, setSeries: false },
      },
      hooks: {
        setCursor: [(u) => this._onCursor(chart, u)],
        setSeries: [(u) => { this._syncBandEdges(chart, u); this._syncPressed(chart, u); }],
        draw: [(u) => this._drawZeros(chart, u)],
      },
    };
    chart.u = new uPlot(opts, chart.data, chart.plot);
    this._legendKeys(chart);
  }

  /**
   * uPlot's legend toggles a line on click only: its entries become buttons in the tab order
   * (Enter or Space toggles, aria-pressed says whether the line is shown).
   */
  _legendKeys(chart) {
    const u = chart.u;
    const rows = chart.plot.querySelectorAll('.u-legend .u-series');
    chart.entries.forEach((e, i) => {
      const th = rows[i + 1]?.querySelector('th');
      if (!th || e.edge) return;
      th.tabIndex = 0;
      th.setAttribute('role', 'button');
      th.setAttribute('aria-pressed', String(u.series[i + 1].show));
      th.title = `Show or hide ${e.label}`;
      th.addEventListener('keydown', (ev) => {
        if (ev.key !== 'Enter' && ev.key !== ' ') return;
        ev.preventDefault();
        u.setSeries(i + 1, { show: !u.series[i + 1].show });
      });
    });
  }

  _syncPressed(chart, u) {
    const rows = chart.plot.querySelectorAll('.u-legend .u-series');
    chart.entries.forEach((e, i) => {
      const th = rows[i + 1]?.querySelector('th[role="button"]');
      if (th) th.setAttribute('aria-pressed', String(u.series[i + 1].show));
    });
  }

  /** Zeros on a log axis: a bar along the plot's bottom edge per line that has them (uPlot's draw hook). */
  _drawZeros(chart, u) {
    if (!chart.spec.log || !chart.hasZeros) return;
    const { ctx } = u;
    const { left, top, width, height } = u.bbox;
    const px = uPlot.pxRatio || 1;
    const h = Math.max(1, Math.round(ZERO_BAR * px));
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, height);
    ctx.clip();
    let row = 0;
    chart.entries.forEach((e, i) => {
      const z = e.zeros;
      if (!z.length || !u.series[i + 1].show) return;
      ctx.fillStyle = e.color;
      const y = top + height - h * (row + 1);
      row += 1;
      for (let k = 0; k < z.length; k += 2) {
        const a = u.valToPos(z[k], 'x', true);
        const b = u.valToPos(z[k + 1], 'x', true);
        const w = Math.max(b - a, 2 * px);
        ctx.fillRect(Math.round(b - a < 2 * px ? a - px : a), y, Math.round(w), h);
      }
    });
    ctx.restore();
  }

  /** Band edges follow their median line's visibility (toggled from the legend). */
  _syncBandEdges(chart, u) {
    if (chart.spec.id !== 'step') return;
    const medians = new Map();
    chart.entries.forEach((e, i) => { if (e.median) medians.set(e.layer, i + 1); });
    chart.entries.forEach((e, i) => {
      if (!e.edge) return;
      const show = u.series[medians.get(e.layer)].show;
      if (u.series[i + 1].show !== show) u.setSeries(i + 1, { show }, false);
    });
  }

  _onCursor(chart, u) {
    const left = u.cursor.left;
    const n = this.store.n;
    let row = null;
    if (left != null && left >= 0 && n > 0) {
      row = nearestRow(this.store.col('step'), n, u.posToVal(left, 'x'));
    }
    if (row !== chart.hoverRow) {
      chart.hoverRow = row;
      u.setLegend(undefined, false);
    }
  }

  _row(chart) {
    const n = this.store.n;
    if (n === 0) return -1;
    const r = chart.hoverRow;
    if (r != null && r < n) return r;
    const latest = chart.latestRow;
    return latest != null && latest < n ? latest : n - 1;
  }

  /** Moves the legend's "latest" row to the last row if LEGEND_MS have passed (or `now` is null). */
  _advanceLegend(chart, now) {
    const last = this.store.n - 1;
    if (chart.latestRow === last) return false;
    if (now != null && now - chart.latestAt < LEGEND_MS) return false;
    chart.latestRow = last;
    chart.latestAt = now ?? performance.now();
    return true;
  }

  _legendStep(chart) {
    const row = this._row(chart);
    return row < 0 ? '–' : formatStep(this.store.col('step')[row]);
  }

  _legendValue(chart, i) {
    const e = chart.entries[i];
    if (e.edge) return '';
    const row = this._row(chart);
    if (row < 0) return '–';
    const v = formatValue(this.store.col(e.key)[row]);
    if (!e.median) return v;
    const lo = formatValue(this.store.col(`step_p10.${e.layer}`)[row]);
    const hi = formatValue(this.store.col(`step_p90.${e.layer}`)[row]);
    return `${v} (${lo}…${hi})`;
  }

  // ---------------------------------------------------------------------------------------------
  // Data

  /**
   * Appends a metrics batch: `{step, train_loss, test_loss, layers: [{grad_rms, update_ratio,
   * step_p10, step_median, step_p90, ...}], ...}` with only the rows new since the last batch.
   */
  append(history) {
    if (this._disposed || !history || !history.step) return;
    const steps = history.step;
    const rows = Math.min(steps.length, history.rows ?? steps.length);
    if (!(rows > 0)) return;
    const layers = Array.isArray(history.layers) ? history.layers : null;
    if (layers && layers.length !== this.layers) this.reset(layers.length);
    const store = this.store;
    // A new run (the engine was reset without telling us): start over.
    if (store.n > 0 && !(steps[0] > store.col('step')[store.n - 1])) this._clear();
    // With a stride s > 1 (a long run), only every s-th incoming row is kept.
    const keep = [];
    for (let r = 0; r < rows; r++) if (this._seen++ % this._stride === 0) keep.push(r);
    if (keep.length === 0) return;
    const n0 = store.n;
    const added = keep.length;
    store.reserve(n0 + added);
    const put = (key, src) => {
      const dst = store.col(key);
      if (!(src && src.length >= rows)) dst.fill(NaN, n0, n0 + added);
      else if (added === rows) dst.set(src.length === rows ? src : src.subarray(0, rows), n0);
      else for (let j = 0; j < added; j++) dst[n0 + j] = src[keep[j]];
    };
    put('step', steps);
    put('train_loss', history.train_loss);
    put('test_loss', history.test_loss);
    for (let l = 0; l < this.layers; l++) {
      const h = layers ? layers[l] : null;
      for (const f of ['grad_rms', 'update_ratio', 'step_p10', 'step_median', 'step_p90']) put(`${f}.${l}`, h && h[f]);
    }
    store.n = n0 + added;
    if (store.n > MAX_ROWS) {
      store.halve();
      this._stride *= 2;
      this._seen = 0;
      this._resetBuckets();
      for (const c of this._list) c.hoverRow = c.latestRow = null;
    }
    this._fold(store.n - 1);
    this._stale();
  }

  /** Rows held, and how many steps one held row stands for (1 until the history is halved). */
  get stride() { return this._stride; }

  _resetBuckets() {
    this._k = 0; // bucket width 2^k rows
    this._nb = 0; // buckets in use
    this._done = 1; // rows 1.._done-1 are folded into buckets (row 0 is always drawn as is)
  }

  /** Empties buckets [from, to) of every series. */
  _initBuckets(from, to, entries) {
    for (const e of entries) {
      e.mn.fill(Infinity, from, to);
      e.mx.fill(-Infinity, from, to);
      e.mni.fill(-1, from, to);
      e.mxi.fill(-1, from, to);
      e.z.fill(0, from, to);
    }
  }

  get _entries() {
    const all = [];
    for (const c of this._list) for (const e of c.entries) all.push(e);
    return all;
  }

  /** Every chart needs drawing again. */
  _stale() {
    for (const c of this._list) c.stale = true;
    this._dirty = true;
  }

  /**
   * Folds rows [_done, end) into the min/max buckets. Interior row i (1 ≤ i ≤ n−2) belongs to
   * bucket (i−1) >> k; when more than MAX_BUCKETS would be needed, k grows and neighbouring
   * buckets merge pairwise.
   */
  _fold(end) {
    if (end <= this._done) return;
    const entries = this._entries;
    while (Math.ceil((end - 1) / 2 ** this._k) > MAX_BUCKETS) this._double(entries);
    const k = this._k;
    const nb = Math.ceil((end - 1) / 2 ** k);
    if (nb > this._nb) this._initBuckets(this._nb, nb, entries);
    for (const e of entries) this._foldEntry(e, this._done, end);
    this._nb = nb;
    this._done = end;
  }

  _foldEntry(e, from, to) {
    const y = this.store.col(e.key);
    const { mn, mx, mni, mxi, z } = e;
    const k = this._k;
    if (e.log) {
      for (let i = from; i < to; i++) {
        const v = y[i];
        if (!(v > 0 && v < Infinity)) {
          if (v === 0) z[(i - 1) >> k] = 1;
          continue;
        }
        const b = (i - 1) >> k;
        if (v < mn[b]) { mn[b] = v; mni[b] = i; }
        if (v > mx[b]) { mx[b] = v; mxi[b] = i; }
      }
    } else {
      for (let i = from; i < to; i++) {
        const v = y[i];
        if (!(v > -Infinity && v < Infinity)) continue;
        const b = (i - 1) >> k;
        if (v < mn[b]) { mn[b] = v; mni[b] = i; }
        if (v > mx[b]) { mx[b] = v; mxi[b] = i; }
      }
    }
  }

  _double(entries) {
    const nb = this._nb;
    const half = Math.ceil(nb / 2);
    for (const { mn, mx, mni, mxi, z } of entries) {
      for (let j = 0; j < half; j++) {
        const a = 2 * j;
        const b = a + 1;
        let lo = mn[a], loI = mni[a], hi = mx[a], hiI = mxi[a], zero = z[a];
        if (b < nb) {
          if (mn[b] < lo) { lo = mn[b]; loI = mni[b]; }
          if (mx[b] > hi) { hi = mx[b]; hiI = mxi[b]; }
          zero |= z[b];
        }
        mn[j] = lo; mni[j] = loI; mx[j] = hi; mxi[j] = hiI; z[j] = zero;
      }
    }
    this._initBuckets(half, nb, entries);
    this._nb = half;
    this._k += 1;
  }

  /** Rebuilds one chart's buckets from the full history (after its validity rule changed). */
  _refold(chart) {
    this._initBuckets(0, this._nb, chart.entries);
    for (const e of chart.entries) this._foldEntry(e, 1, this._done);
  }

  _clear() {
    this.store.define([...this.store.cols.keys()]);
    this._stride = 1;
    this._seen = 0;
    this._resetBuckets();
    for (const c of this._list) c.hoverRow = c.latestRow = null;
    this._stale();
  }

  /** Fills a chart's draw arrays (its x, one y per series) and zero runs from the buckets. */
  _emit(chart) {
    const store = this.store;
    const n = store.n;
    const steps = store.col('step');
    const X = chart.x;
    const entries = chart.entries;
    let zeros = false;
    if (n <= MAX_POINTS) {
      if (X.length !== n) X.length = n;
      for (let i = 0; i < n; i++) X[i] = steps[i];
      for (const e of entries) {
        const y = store.col(e.key);
        const D = e.draw;
        if (D.length !== n) D.length = n;
        const valid = e.log ? isValidLog : isValidLin;
        const pin = e.log ? pinLog : pinLin;
        const Z = e.zeros;
        Z.length = 0;
        for (let i = 0; i < n; i++) {
          const v = y[i];
          D[i] = valid(v) ? pin(v) : null;
          // A run of zeros on a log axis: [first step, last step] pairs.
          if (v === 0 && e.log && !e.edge) {
            if (i > 0 && y[i - 1] === 0) Z[Z.length - 1] = steps[i];
            else Z.push(steps[i], steps[i]);
          }
        }
        zeros ||= Z.length > 0;
      }
      this._syncZeroNote(chart, zeros);
      return n;
    }
    const k = this._k;
    const w = 2 ** k;
    const nb = this._nb;
    const last = n - 1;
    // x: row 0, then each bucket's first and last row (one point if it holds a single row), row n-1.
    let m = 0;
    X[m++] = steps[0];
    for (let b = 0; b < nb; b++) {
      const s = 1 + b * w;
      const t = Math.min(s + w, last) - 1;
      X[m++] = steps[s];
      if (t > s) X[m++] = steps[t];
    }
    X[m++] = steps[last];
    X.length = m;
    for (const e of entries) {
      const y = store.col(e.key);
      const D = e.draw;
      const valid = e.log ? isValidLog : isValidLin;
      const pin = e.log ? pinLog : pinLin;
      const { mn, mx, mni, mxi } = e;
      let j = 0;
      D[j++] = valid(y[0]) ? pin(y[0]) : null;
      for (let b = 0; b < nb; b++) {
        const s = 1 + b * w;
        const t = Math.min(s + w, last) - 1;
        const i0 = mni[b];
        if (t > s) {
          if (i0 < 0) { D[j++] = null; D[j++] = null; }
          else if (i0 <= mxi[b]) { D[j++] = pin(mn[b]); D[j++] = pin(mx[b]); }
          else { D[j++] = pin(mx[b]); D[j++] = pin(mn[b]); }
        } else {
          D[j++] = i0 < 0 ? null : pin(mn[b]);
        }
      }
      D[j++] = valid(y[last]) ? pin(y[last]) : null;
      D.length = j;
      if (e.log && !e.edge) zeros = this._zeroRuns(e, y, steps, nb, w, last) || zeros;
      else e.zeros.length = 0;
    }
    this._syncZeroNote(chart, zeros);
    return m;
  }

  /** A decimated series' zero runs as [first step, last step] pairs, bucket by bucket. */
  _zeroRuns(e, y, steps, nb, w, last) {
    const Z = e.zeros;
    const z = e.z;
    Z.length = 0;
    let end = -2;  // the last row of the previous run
    const mark = (s, t) => {
      if (s === end + 1) Z[Z.length - 1] = steps[t];
      else Z.push(steps[s], steps[t]);
      end = t;
    };
    if (y[0] === 0) mark(0, 0);
    for (let b = 0; b < nb; b++) {
      if (!z[b]) continue;
      const s = 1 + b * w;
      mark(s, Math.min(s + w, last) - 1);
    }
    if (y[last] === 0) mark(last, last);
    return Z.length > 0;
  }

  _syncZeroNote(chart, zeros) {
    zeros &&= chart.spec.log;
    chart.hasZeros = zeros;
    if (chart.zeroNote.hidden === zeros) chart.zeroNote.hidden = !zeros;
  }

  /** Hands a chart its data: uPlot redraws it and refreshes the legend (now: null = legend to the last row). */
  _draw(c, now) {
    c.stale = false;
    this._advanceLegend(c, now);
    this._emit(c);
    const u = this._plot(c);
    u.batch(() => u.setData(c.data));
    const none = c.data[0].length === 0;
    if (c.empty.hidden === none) c.empty.hidden = !none;
  }

  /** Draws every chart that needs it, on screen or not, legends at the last row (before anyone reads them). */
  _flush() {
    if (this._disposed) return;
    for (const c of this._list) {
      if (c.stale) this._draw(c, null);
      else if (this._advanceLegend(c, null)) this._plot(c).setLegend(undefined, false);
    }
  }

  /**
   * Redraws the charts that rows arrived for since they were last drawn and that are on or near
   * the screen (call once per animation frame). Returns whether any was drawn.
   */
  render() {
    if (this._disposed || !this._dirty) return false;
    this._dirty = false;
    const now = performance.now();
    let drew = false;
    let behind = false;
    for (const c of this._list) {
      if (!c.visible) continue;  // stays stale: drawn when it comes into view
      if (!c.u) {
        this._plot(c);
        drew = true;
      }
      if (c.stale) {
        this._draw(c, now);
        drew = true;
      } else if (this._advanceLegend(c, now)) {
        c.u.setLegend(undefined, false);
      }
      behind ||= c.latestRow !== this.store.n - 1;
    }
    // A legend still short of the last row: a later frame brings it up to date.
    if (behind) this._dirty = true;
    return drew;
  }

  /** Drawn points per chart [loss, gradient RMS, step size, update ratio]. */
  pointCount() {
    this._flush();
    return this._list.map((c) => this._plot(c).data[0].length);
  }

  // ---------------------------------------------------------------------------------------------
  // Controls

  /** Log (true) or linear y scale on the loss chart. */
  setLogScale(on) {
    on = !!on;
    const chart = this._list.find((c) => c.spec.id === 'loss');
    if (this._disposed || !chart || on === this.logLoss) {
      if (chart && chart.toggle) chart.toggle.checked = this.logLoss;
      return;
    }
    this.logLoss = on;
    chart.spec.log = on;
    for (const e of chart.entries) e.log = on;
    if (chart.toggle) chart.toggle.checked = on;
    this._refold(chart);
    // A scale's distribution is fixed when uPlot builds it: rebuild this chart (if it was built).
    chart.hoverRow = null;
    if (!chart.u) {
      chart.stale = true;
      return;
    }
    chart.u.destroy();
    this._emit(chart);
    this._createPlot(chart);
    chart.stale = false;
  }

  /** Clears all history and rebuilds the charts for a network with `layers` layers. */
  reset(layers = this.layers) {
    if (this._disposed) return;
    // Nothing to clear and the same layers: the charts stay (building them is most of the
    // page's start-up time).
    if (layers === this.layers && this.store.n === 0 && this._seen === 0) return;
    for (const c of this._list) {
      this._visibility?.unobserve(c.figure);
      c.u?.destroy();
      c.figure.remove();
    }
    this._list = [];
    this._build(layers);
  }

  /** Fits every chart to its container's width. */
  resize() {
    if (this._disposed) return;
    for (const c of this._list) {
      const w = Math.floor(c.plot.clientWidth);
      if (c.u && w > 0 && w !== c.width) {
        c.width = w;
        c.u.setSize({ width: w, height: CHART_HEIGHT });
      }
    }
  }

  dispose() {
    if (this._disposed) return;
    this._disposed = true;
    if (this._observer) this._observer.disconnect();
    this._visibility?.disconnect();
    if (this._resizeFrame) cancelAnimationFrame(this._resizeFrame);
    for (const c of this._list) {
      c.u?.destroy();
      c.figure.remove();
    }
    this._list = [];
    this.store.define([]);
    this.root.classList.remove('mc-charts');
  }
}
