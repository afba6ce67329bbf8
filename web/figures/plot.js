// One line chart of a tutorial figure (uPlot): a title, a y axis (log or linear), lines over a
// shared x, and a legend with the exact values at the hovered x (the last x when the cursor is
// elsewhere). Figures hold a few thousand points at most, so every point is drawn.
//
//   const plot = new LinePlot(root, { title: 'Step size', yLabel: '|Δθ| / lr', log: true });
//   plot.setData(steps, [{ label: 'RMSProp', color: '#0072B2', values }, ...]);
//
// On a log axis zeros and negative values are gaps (null), not errors.
import uPlot from '../vendor/uPlot.esm.js';
import { formatStepTick, formatTick, formatValue } from '../ui/charts.js';
import { el } from '../ui/form.js';

const FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

export class LinePlot {
  /**
   * @param {HTMLElement} root where the chart goes
   * @param {{title: string, yLabel?: string, xLabel?: string, log?: boolean, height?: number,
   *          yRange?: [number, number]}} spec
   */
  constructor(root, { title, yLabel = '', xLabel = 'step', log = false, height = 190, yRange = null }) {
    this.spec = { title, yLabel, xLabel, log, height, yRange };
    this.figure = el('figure', { class: 'fg-chart' });
    this.caption = el('figcaption', { class: 'fg-chart-title', text: title });
    this.plot = el('div', { class: 'fg-plot' });
    this.figure.append(this.caption, this.plot);
    root.append(this.figure);
    this.u = null;
    this.signature = '';
    this.resize = new ResizeObserver(() => this._fit());
    this.resize.observe(this.plot);
  }

  setTitle(text) { this.caption.textContent = text; }

  setLog(log) {
    if (log === this.spec.log) return;
    this.spec.log = log;
    this.signature = '';  // the scale changed: rebuild
  }

  /**
   * @param {ArrayLike<number>} x
   * @param {{label: string, color: string, values: ArrayLike<number>, dash?: number[], width?: number}[]} series
   */
  setData(x, series, { range = null } = {}) {
    const log = this.spec.log;
    this.range = range;  // [lo, hi] for the y axis (e.g. shared with another chart), else automatic
    const column = (values) => {
      const out = new Array(x.length);
      for (let i = 0; i < x.length; i++) {
        const v = values[i];
        out[i] = v == null || !Number.isFinite(v) || (log && v <= 0) ? null : v;
      }
      return out;
    };
    const data = [Array.from(x), ...series.map((s) => column(s.values))];
    const signature = JSON.stringify([log, series.map((s) => [s.label, s.color, s.dash ?? null, s.width ?? null])]);
    if (this.u && signature === this.signature) {
      this.u.setData(data);
      return;
    }
    this.u?.destroy();
    this.signature = signature;
    this.u = new uPlot(this._options(series), data, this.plot);
  }

  _options(series) {
    const ink = getComputedStyle(this.plot).color || '#1f2933';
    const grid = 'rgba(31,41,51,0.09)';
    const axis = { stroke: ink, font: FONT, labelFont: FONT, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1, size: 4 } };
    const { log, yLabel, xLabel, height, yRange } = this.spec;
    const y = log ? { distr: 3, log: 10 } : { distr: 1 };
    y.range = (u, min, max) => {
      const r = this.range ?? yRange;
      if (r && log) return [10 ** Math.floor(Math.log10(r[0])), 10 ** Math.ceil(Math.log10(r[1]))];
      if (r) return r;
      return log ? uPlot.rangeLog(min, max, 10, true) : uPlot.rangeNum(min, max, 0.1, true);
    };
    return {
      width: this._width(),
      height,
      padding: [8, 18, 0, 0],
      scales: { x: { time: false }, y },
      axes: [
        { ...axis, label: xLabel, labelSize: 18, space: 56, size: 28, values: (u, splits) => splits.map(formatStepTick) },
        { ...axis, label: yLabel, labelSize: yLabel ? 18 : 0, space: 24, size: 52, values: (u, splits) => splits.map(formatTick) },
      ],
      series: [
        { label: xLabel, value: (u, v) => (v == null ? '–' : formatValue(v)) },
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: s.width ?? 1.75,
          dash: s.dash,
          points: { show: false },
          value: (u, v) => (v == null ? '–' : formatValue(v)),
        })),
      ],
      legend: { live: true },
      cursor: { y: false, points: { show: true, size: 6 }, drag: { x: false, y: false, setScale: false } },
      hooks: {
        // With no cursor on the chart, the legend shows the last x.
        ready: [(u) => u.setLegend({ idx: u.data[0].length - 1 }, false)],
        setCursor: [(u) => { if (u.cursor.idx == null) u.setLegend({ idx: u.data[0].length - 1 }, false); }],
      },
    };
  }

  _width() { return Math.max(200, Math.floor(this.plot.clientWidth || 320)); }

  _fit() {
    if (!this.u) return;
    const w = this._width();
    if (w !== this.u.width) this.u.setSize({ width: w, height: this.spec.height });
  }

  /** How many values of series i are drawn (non-null): what tests look at. */
  drawnPoints(i = 1) {
    return this.u ? this.u.data[i].filter((v) => v != null).length : 0;
  }

  destroy() {
    this.resize.disconnect();
    this.u?.destroy();
    this.figure.remove();
  }
}
