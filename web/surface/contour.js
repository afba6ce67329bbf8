// The loss-surface plot: filled contour bands with log-spaced levels (viridis, lightened so the
// paths on top stand out), contour lines (marching squares), axes with ticks, the minima, a
// colour key; on top of that, every frame, the runs' paths, their current points, the gradient
// arrow and RMSProp's per-coordinate scaled step arrow, the start point and a hover readout.
//
//   const plot = new ContourPlot(root, { onStart(x, y, final) {...} });
//   plot.setSurface({ name, a, b, info, evaluate });   // recomputes the grid (200 x 200, ~20 ms)
//   plot.setStart([x, y]);
//   plot.setRuns([{ color, xs, ys, n, gx, gy, scaled: [sx, sy] | null }]);  // then plot.invalidate()
//   plot.draw();                                        // every frame; cheap when nothing changed
//
// Click or drag (mouse, pen) sets the start point: onStart(x, y, false) while dragging and
// onStart(x, y, true) on release; a tap (touch) sets it on release, so a finger can still scroll
// the page. The plot is focusable: the arrow keys move the start (shift: in bigger steps).
// The canvas is backed by device pixels (crisp on HiDPI); the bands, lines and axes are drawn
// once into a cached canvas and copied each frame.

const GRID = 200;  // samples per side
const MARGIN = { left: 44, right: 12, top: 10, bottom: 60 };  // bottom: x ticks, then the colour key
const KEY_HEIGHT = 9;
const LIGHTEN = 0.3;        // how far the colour map is mixed towards white
const ARROW_PX = 34;        // length of the direction arrows, CSS px
const INK = '#1f2933';
const MUTED = '#52606d';

// viridis (matplotlib), 16 stops.
const VIRIDIS = ['#440154', '#481a6c', '#472f7d', '#414487', '#39568c', '#31688e', '#2a788e', '#23888e',
  '#1f988b', '#22a884', '#35b779', '#54c568', '#7ad151', '#a5db36', '#d2e21b', '#fde725']
  .map((h) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)]);

/** viridis at t in [0, 1], mixed towards white by `lighten`: [r, g, b]. */
export function viridis(t, lighten = LIGHTEN) {
  const x = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  return VIRIDIS[i].map((c, k) => {
    const v = c + (VIRIDIS[i + 1][k] - c) * f;
    return Math.round(v + (255 - v) * lighten);
  });
}

/** Round tick values covering [lo, hi], about `count` of them. */
export function niceTicks(lo, hi, count) {
  const span = hi - lo;
  if (!(span > 0) || !(count > 0)) return [];
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
  return out;
}

const minus = (s) => s.replace(/^-/, '\u2212');
function tickLabel(v) {
  return minus(String(Number(v.toPrecision(6))));
}
/** A level value for the colour key: 1e-4, 0.001, 0.01, ..., 1000, 1e4. */
export function levelLabel(v) {
  const a = Math.abs(v);
  let s;
  if (a !== 0 && (a < 1e-3 || a >= 1e4)) {
    const [m, e] = a.toExponential().split('e');
    s = `${Number(Number(m).toPrecision(2))}e${e.replace('+', '')}`;
  } else s = String(Number(a.toPrecision(3)));
  return (v < 0 ? '\u2212' : '') + s;
}

/**
 * Log-spaced levels for values g >= 0 (f - f*): 1-2-5, 1-3 or 1 per decade (fewer for more
 * decades), from a low quantile of the grid up to its maximum.
 */
export function logLevels(values) {
  const pos = [];
  let max = 0;
  for (const v of values) {
    if (v > 0 && Number.isFinite(v)) { pos.push(v); if (v > max) max = v; }
  }
  if (!pos.length) return [1];
  pos.sort((p, q) => p - q);
  const low = Math.max(pos[Math.floor(pos.length * 0.002)], max * 1e-9);
  const lo10 = Math.floor(Math.log10(low));
  const hi10 = Math.ceil(Math.log10(max));
  const decades = hi10 - lo10;
  const mult = decades <= 4 ? [1, 2, 5] : decades <= 8 ? [1, 3] : [1];
  const levels = [];
  for (let k = lo10; k <= hi10; k++) {
    for (const m of mult) {
      const v = m * 10 ** k;
      if (v >= low * 0.999 && v < max) levels.push(Number(v.toPrecision(6)));
    }
  }
  return levels.length ? levels : [low];
}

/** Symmetric levels for a function with negative values (the saddle): 0 and ±1-2-5 steps. */
export function signedLevels(values) {
  let max = 0;
  for (const v of values) if (Number.isFinite(v)) max = Math.max(max, Math.abs(v));
  if (!(max > 0)) return [0];
  const hi10 = Math.ceil(Math.log10(max));
  const mags = [];
  for (let k = hi10 - 2; k <= hi10; k++) for (const m of [1, 2, 5]) { const v = m * 10 ** k; if (v < max) mags.push(Number(v.toPrecision(6))); }
  return [...mags.slice().reverse().map((v) => -v), 0, ...mags];
}

// Marching squares: for every level, the segments where the bilinear interpolant of T crosses
// it, in grid coordinates (column, row), as a flat Float32Array x0 y0 x1 y1 ...
function isolines(T, n, levelsT) {
  const out = [];
  for (const L of levelsT) {
    const seg = [];
    for (let r = 0; r + 1 < n; r++) {
      for (let c = 0; c + 1 < n; c++) {
        const a = T[r * n + c], b = T[r * n + c + 1], d = T[(r + 1) * n + c], e = T[(r + 1) * n + c + 1];
        const idx = (a > L ? 8 : 0) | (b > L ? 4 : 0) | (e > L ? 2 : 0) | (d > L ? 1 : 0);
        if (idx === 0 || idx === 15) continue;
        // Edge crossings: top (a-b), right (b-e), bottom (d-e), left (a-d).
        const top = () => [c + (L - a) / (b - a), r];
        const right = () => [c + 1, r + (L - b) / (e - b)];
        const bottom = () => [c + (L - d) / (e - d), r + 1];
        const left = () => [c, r + (L - a) / (d - a)];
        const add = (p, q) => seg.push(p[0], p[1], q[0], q[1]);
        switch (idx) {
          case 1: case 14: add(left(), bottom()); break;
          case 2: case 13: add(bottom(), right()); break;
          case 3: case 12: add(left(), right()); break;
          case 4: case 11: add(top(), right()); break;
          case 6: case 9: add(top(), bottom()); break;
          case 7: case 8: add(left(), top()); break;
          case 5: case 10: {
            const centre = (a + b + d + e) / 4 > L;
            if ((idx === 5) === centre) { add(left(), top()); add(bottom(), right()); }
            else { add(left(), bottom()); add(top(), right()); }
            break;
          }
          default: break;
        }
      }
    }
    out.push(new Float32Array(seg));
  }
  return out;
}

let uid = 0;

export class ContourPlot {
  constructor(root, { onStart = () => {} } = {}) {
    this.root = root;
    this.onStart = onStart;
    const id = `surface-plot-${++uid}`;
    this.el = document.createElement('div');
    this.el.className = 'contour';
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'contour-canvas';
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute('role', 'application');
    this.canvas.setAttribute('aria-roledescription', 'loss surface plot');
    this.canvas.setAttribute('aria-label', 'Loss surface: click, drag or use the arrow keys to move the start point');
    this.canvas.setAttribute('aria-describedby', `${id}-summary`);
    this.summary = document.createElement('p');
    this.summary.id = `${id}-summary`;
    this.summary.className = 'visually-hidden';
    this.el.append(this.canvas, this.summary);
    root.append(this.el);
    this.ctx = this.canvas.getContext('2d');
    this.cache = document.createElement('canvas');

    this.surface = null;
    this.start = [0, 0];
    this.runs = [];
    this.options = { arrows: true };
    this.hover = null;
    this._cssW = 0;
    this._cssH = 0;
    this._dpr = 1;
    this._bgDirty = true;
    this._dirty = true;
    this._drag = null;

    this._observer = new ResizeObserver(() => this._resize());
    this._observer.observe(this.el);
    this._bindPointer();
    this._bindKeys();
  }

  // ------------------------------------------------------------------------------ data

  /** New function (or a, b): samples it on the grid, picks levels, traces the contour lines. */
  setSurface({ name, a, b, info, evaluate, label }) {
    const { xmin, xmax, ymin, ymax } = info.view;
    const n = GRID;
    const F = new Float64Array(n * n);
    for (let r = 0; r < n; r++) {
      const y = ymax - (r / (n - 1)) * (ymax - ymin);
      for (let c = 0; c < n; c++) F[r * n + c] = evaluate(name, a, b, xmin + (c / (n - 1)) * (xmax - xmin), y);
    }
    const signed = info.kind === 'saddle';
    let levels, transform;
    if (signed) {
      levels = signedLevels(F);
      const c0 = Math.max(1e-3, Math.abs(levels[levels.length - 1]) * 1e-3);
      transform = (v) => Math.sign(v) * Math.log10(1 + Math.abs(v) / c0);
    } else {
      const G = F.map((v) => v - info.fmin);
      levels = logLevels(G);
      const floor = levels[0] / 10;
      transform = (v) => Math.log10(Math.max(v - info.fmin, floor));
    }
    const T = new Float32Array(n * n);
    for (let i = 0; i < T.length; i++) T[i] = Number.isFinite(F[i]) ? transform(F[i]) : 1e30;
    const levelsT = levels.map((v) => transform(signed ? v : v + info.fmin));
    this.surface = {
      name, a, b, info, label, n, T, levels, levelsT, signed, lines: isolines(T, n, levelsT),
      evaluateAt: (x, y) => evaluate(name, a, b, x, y),
    };
    this._bgDirty = true;
    this._dirty = true;
    this._resize();
    this._describe();
  }

  setStart(p) {
    this.start = [p[0], p[1]];
    this._dirty = true;
    this._describe();
  }

  /** [{color, label, xs, ys, n, gx, gy, scaled: [sx, sy] | null}] (arrays are read, not copied). */
  setRuns(runs) {
    this.runs = runs;
    this._dirty = true;
  }

  setOptions(options) {
    Object.assign(this.options, options);
    this._dirty = true;
  }

  invalidate() { this._dirty = true; }

  /** The grid levels (for tests and the colour key): {levels, signed}. */
  get levels() { return this.surface ? { levels: [...this.surface.levels], signed: this.surface.signed } : null; }

  // ------------------------------------------------------------------------------ geometry

  _resize() {
    if (!this.surface) return;
    const width = Math.floor(this.el.clientWidth);
    if (!(width > 0)) return;
    const { xmin, xmax, ymin, ymax } = this.surface.info.view;
    const pw = width - MARGIN.left - MARGIN.right;
    const ph = Math.round(pw * (ymax - ymin) / (xmax - xmin));
    const height = ph + MARGIN.top + MARGIN.bottom;
    const dpr = Math.min(3, window.devicePixelRatio || 1);
    if (width === this._cssW && height === this._cssH && dpr === this._dpr && !this._bgDirty) return;
    this._cssW = width;
    this._cssH = height;
    this._dpr = dpr;
    this.canvas.style.height = `${height}px`;
    this.canvas.width = Math.round(width * dpr);
    this.canvas.height = Math.round(height * dpr);
    this.cache.width = this.canvas.width;
    this.cache.height = this.canvas.height;
    this._bgDirty = true;
    this._dirty = true;
    this.draw();
  }

  get _plot() {
    return { left: MARGIN.left, top: MARGIN.top, width: this._cssW - MARGIN.left - MARGIN.right, height: this._cssH - MARGIN.top - MARGIN.bottom };
  }

  /** CSS px of a data point. */
  toPx(x, y) {
    const { xmin, xmax, ymin, ymax } = this.surface.info.view;
    const p = this._plot;
    return [p.left + ((x - xmin) / (xmax - xmin)) * p.width, p.top + ((ymax - y) / (ymax - ymin)) * p.height];
  }

  /** The data point under CSS px (px, py) relative to the canvas, or null outside the plot area. */
  fromPx(px, py, clamp = false) {
    if (!this.surface) return null;
    const { xmin, xmax, ymin, ymax } = this.surface.info.view;
    const p = this._plot;
    let u = (px - p.left) / p.width;
    let v = (py - p.top) / p.height;
    if (!clamp && (u < 0 || u > 1 || v < 0 || v > 1)) return null;
    u = Math.min(1, Math.max(0, u));
    v = Math.min(1, Math.max(0, v));
    return [xmin + u * (xmax - xmin), ymax - v * (ymax - ymin)];
  }

  /** Rounds a data coordinate to what a pixel can resolve (so links stay short). */
  roundCoord(v) {
    const { xmin, xmax } = this.surface.info.view;
    const step = (xmax - xmin) / 2000;
    const digits = Math.max(0, -Math.floor(Math.log10(step)));
    const r = Number(v.toFixed(digits));
    return r === 0 ? 0 : r;
  }

  // ------------------------------------------------------------------------------ drawing

  draw() {
    if (!this.surface || !this._cssW) return false;
    if (this._bgDirty) this._drawBackground();
    if (!this._dirty) return false;
    this._dirty = false;
    const ctx = this.ctx;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(this.cache, 0, 0);
    ctx.setTransform(this._dpr, 0, 0, this._dpr, 0, 0);
    this._drawOverlay(ctx);
    return true;
  }

  _drawBackground() {
    this._bgDirty = false;
    const s = this.surface;
    const ctx = this.cache.getContext('2d');
    const dpr = this._dpr;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.cache.width, this.cache.height);
    const p = this._plot;

    // Bands: every device pixel of the plot area, bilinear in the transformed grid.
    const x0 = Math.round(p.left * dpr), y0 = Math.round(p.top * dpr);
    const w = Math.round((p.left + p.width) * dpr) - x0, h = Math.round((p.top + p.height) * dpr) - y0;
    const colours = [];
    const bands = s.levelsT.length + 1;
    for (let k = 0; k < bands; k++) colours.push(viridis(bands === 1 ? 0.5 : k / (bands - 1)));
    const img = ctx.createImageData(w, h);
    const px = img.data;
    const n = s.n, T = s.T, L = s.levelsT;
    const col = new Int32Array(w), colF = new Float32Array(w);
    for (let i = 0; i < w; i++) {
      const g = Math.min(n - 1.000001, Math.max(0, ((i + 0.5) / w) * (n - 1)));
      col[i] = Math.floor(g);
      colF[i] = g - col[i];
    }
    let o = 0;
    for (let j = 0; j < h; j++) {
      const g = Math.min(n - 1.000001, Math.max(0, ((j + 0.5) / h) * (n - 1)));
      const r = Math.floor(g), fr = g - r;
      const row0 = r * n, row1 = row0 + n;
      for (let i = 0; i < w; i++) {
        const c = col[i], fc = colF[i];
        const top = T[row0 + c] + (T[row0 + c + 1] - T[row0 + c]) * fc;
        const bot = T[row1 + c] + (T[row1 + c + 1] - T[row1 + c]) * fc;
        const v = top + (bot - top) * fr;
        let lo = 0, hi = L.length;  // band = number of levels below v
        while (lo < hi) { const mid = (lo + hi) >> 1; if (L[mid] < v) lo = mid + 1; else hi = mid; }
        const rgb = colours[lo];
        px[o] = rgb[0]; px[o + 1] = rgb[1]; px[o + 2] = rgb[2]; px[o + 3] = 255;
        o += 4;
      }
    }
    ctx.putImageData(img, x0, y0);

    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    // Contour lines, in grid coordinates mapped onto the plot area; decades stronger.
    ctx.save();
    ctx.beginPath();
    ctx.rect(p.left, p.top, p.width, p.height);
    ctx.clip();
    const sx = p.width / (n - 1), sy = p.height / (n - 1);
    s.lines.forEach((seg, k) => {
      const level = Math.abs(s.levels[k]);
      const decade = level === 0 || Math.abs(Math.log10(level) - Math.round(Math.log10(level))) < 1e-9;
      ctx.strokeStyle = decade ? 'rgba(20, 24, 40, 0.5)' : 'rgba(20, 24, 40, 0.22)';
      ctx.lineWidth = decade ? 1 : 0.8;
      ctx.beginPath();
      for (let i = 0; i < seg.length; i += 4) {
        ctx.moveTo(p.left + seg[i] * sx, p.top + seg[i + 1] * sy);
        ctx.lineTo(p.left + seg[i + 2] * sx, p.top + seg[i + 3] * sy);
      }
      ctx.stroke();
    });
    ctx.restore();

    // Frame and axes.
    ctx.strokeStyle = MUTED;
    ctx.lineWidth = 1;
    ctx.strokeRect(p.left - 0.5, p.top - 0.5, p.width + 1, p.height + 1);
    ctx.fillStyle = INK;
    ctx.font = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
    const { xmin, xmax, ymin, ymax } = s.info.view;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const t of niceTicks(xmin, xmax, Math.max(3, Math.floor(p.width / 70)))) {
      const [x] = this.toPx(t, ymin);
      ctx.fillRect(Math.round(x * dpr) / dpr - 0.5, p.top + p.height, 1, 4);
      ctx.fillText(tickLabel(t), x, p.top + p.height + 6);
    }
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const t of niceTicks(ymin, ymax, Math.max(3, Math.floor(p.height / 50)))) {
      const [, y] = this.toPx(xmin, t);
      ctx.fillRect(p.left - 4, Math.round(y * dpr) / dpr - 0.5, 4, 1);
      ctx.fillText(tickLabel(t), p.left - 7, y);
    }
    ctx.font = 'italic 12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
    ctx.textAlign = 'right';
    ctx.textBaseline = 'top';
    ctx.fillText('x', p.left + p.width, p.top + p.height + 20);
    ctx.save();
    ctx.translate(12, p.top + 8);
    ctx.textAlign = 'center';
    ctx.fillText('y', 0, 0);
    ctx.restore();

    // Minima (or the saddle point).
    for (const [mx, my] of s.info.minima) {
      const [x, y] = this.toPx(mx, my);
      if (s.info.kind === 'saddle') drawDiamond(ctx, x, y, 6);
      else drawStar(ctx, x, y, 8);
    }

    this._drawKey(ctx, p);
  }

  _drawKey(ctx, p) {
    const s = this.surface;
    const top = p.top + p.height + 36;
    const left = p.left, width = p.width;
    const bands = s.levels.length + 1;
    for (let k = 0; k < bands; k++) {
      const [r, g, b] = viridis(bands === 1 ? 0.5 : k / (bands - 1));
      ctx.fillStyle = `rgb(${r},${g},${b})`;
      const x0 = left + (k / bands) * width;
      ctx.fillRect(x0, top, width / bands + 0.5, KEY_HEIGHT);
    }
    ctx.strokeStyle = MUTED;
    ctx.lineWidth = 1;
    ctx.strokeRect(left - 0.5, top - 0.5, width + 1, KEY_HEIGHT + 1);
    ctx.fillStyle = INK;
    ctx.font = '10px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
    ctx.textBaseline = 'top';
    // Label the decades (and 0 for the saddle), skipping labels that would collide.
    let lastRight = -Infinity;
    s.levels.forEach((v, k) => {
      const a = Math.abs(v);
      const decade = a === 0 || Math.abs(Math.log10(a) - Math.round(Math.log10(a))) < 1e-9;
      if (!decade) return;
      const x = left + ((k + 1) / bands) * width;
      const text = levelLabel(v);
      const tw = ctx.measureText(text).width;
      if (x - tw / 2 < lastRight + 6 || x + tw / 2 > left + width + 8) return;
      ctx.fillRect(x - 0.5, top + KEY_HEIGHT, 1, 3);
      ctx.textAlign = 'center';
      ctx.fillText(text, x, top + KEY_HEIGHT + 3);
      lastRight = x + tw / 2;
    });
    ctx.textAlign = 'left';
    ctx.textBaseline = 'bottom';
    ctx.fillStyle = MUTED;
    ctx.fillText(s.signed ? 'contours of f (symmetric log scale)' : 'contours of f − f* (log scale)', left, top - 2);
  }

  _drawOverlay(ctx) {
    const p = this._plot;
    ctx.save();
    ctx.beginPath();
    ctx.rect(p.left, p.top, p.width, p.height);
    ctx.clip();
    const LIM = 1e5;
    const clampPx = (v) => (v > LIM ? LIM : v < -LIM ? -LIM : v);

    // Paths: a white casing, then the run's colour; a dot at every step that stands apart.
    // The first run is drawn last, on top (it is the one a figure is about, RMSProp by default).
    // Points closer than 0.75 px to the last one drawn are skipped (a long run that has
    // settled costs little), and the screen points of earlier frames are reused.
    const { xmin, xmax, ymin, ymax } = this.surface.info.view;
    const ax = p.width / (xmax - xmin), bx = p.left - xmin * ax;
    const ay = -p.height / (ymax - ymin), by = p.top + ymax * p.height / (ymax - ymin);
    const key = `${ax},${bx},${ay},${by}`;
    const order = [...this.runs].reverse();
    for (const run of order) {
      if (!run.n) continue;
      let cache = run._screen;
      if (!cache || cache.key !== key || cache.n > run.n) cache = run._screen = { key, n: 0, pts: [], lx: NaN, ly: NaN, end: false };
      const pts = cache.pts;
      if (cache.tail) { pts.length -= 2; cache.tail = false; }  // the last point is redone
      for (let i = cache.n; i < run.n && !cache.end; i++) {
        const x = run.xs[i] * ax + bx, y = run.ys[i] * ay + by;
        if (!Number.isFinite(x) || !Number.isFinite(y)) { cache.end = true; break; }
        const cx = clampPx(x), cy = clampPx(y);
        if (i > 0 && Math.abs(cx - cache.lx) < 0.75 && Math.abs(cy - cache.ly) < 0.75) {
          if (i === run.n - 1) { pts.push(cx, cy); cache.tail = true; }  // the current point is always drawn
          continue;
        }
        pts.push(cx, cy);
        cache.lx = cx;
        cache.ly = cy;
      }
      cache.n = run.n;
      ctx.lineJoin = 'round';
      ctx.lineCap = 'round';
      for (const [style, width] of [['rgba(255,255,255,0.85)', 4], [run.color, 2]]) {
        ctx.strokeStyle = style;
        ctx.lineWidth = width;
        ctx.beginPath();
        ctx.moveTo(pts[0], pts[1]);
        for (let i = 2; i < pts.length; i += 2) ctx.lineTo(pts[i], pts[i + 1]);
        ctx.stroke();
      }
      ctx.fillStyle = run.color;
      ctx.beginPath();
      for (let i = 2; i < pts.length; i += 2) {
        if (Math.abs(pts[i] - pts[i - 2]) + Math.abs(pts[i + 1] - pts[i - 1]) > 8) {
          ctx.moveTo(pts[i] + 2.2, pts[i + 1]);
          ctx.arc(pts[i], pts[i + 1], 2.2, 0, 2 * Math.PI);
        }
      }
      ctx.fill();
    }

    // The start point.
    const [sx, sy] = this.toPx(this.start[0], this.start[1]);
    ctx.lineWidth = 4;
    ctx.strokeStyle = 'rgba(255,255,255,0.9)';
    ctx.beginPath();
    ctx.arc(sx, sy, 7, 0, 2 * Math.PI);
    ctx.stroke();
    ctx.lineWidth = 2;
    ctx.strokeStyle = INK;
    ctx.stroke();

    // Current points and arrows.
    for (const run of order) {
      if (!run.n) continue;
      const i = run.n - 1;
      const [x, y] = this.toPx(run.xs[i], run.ys[i]);
      const inside = x >= p.left && x <= p.left + p.width && y >= p.top && y <= p.top + p.height;
      if (!inside) {
        if (Number.isFinite(x) && Number.isFinite(y)) drawEdgeMarker(ctx, p, x, y, run.color);
        continue;
      }
      if (this.options.arrows && Number.isFinite(run.gx) && Number.isFinite(run.gy)) {
        const down = this._direction(-run.gx, -run.gy);
        if (down) drawArrow(ctx, x, y, down, ARROW_PX, INK, 1.5, 6);
        if (run.scaled) {
          const step = this._direction(-run.scaled[0] * run.gx, -run.scaled[1] * run.gy);
          if (step) {
            drawArrow(ctx, x, y, step, ARROW_PX + 8, 'rgba(255,255,255,0.9)', 5.5, 9);
            drawArrow(ctx, x, y, step, ARROW_PX + 8, run.color, 3, 8);
          }
        }
      }
      ctx.beginPath();
      ctx.arc(x, y, 5.5, 0, 2 * Math.PI);
      ctx.fillStyle = run.color;
      ctx.fill();
      ctx.lineWidth = 2;
      ctx.strokeStyle = '#fff';
      ctx.stroke();
    }
    ctx.restore();

    // Hover readout.
    if (this.hover) {
      const [hx, hy] = this.hover;
      const f = this.surface.evaluateAt?.(hx, hy);
      const text = `x ${fmtCoord(hx)}, y ${fmtCoord(hy)}${Number.isFinite(f) ? `, f ${levelLabel(f)}` : ''}`;
      ctx.font = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
      const tw = ctx.measureText(text).width;
      ctx.fillStyle = 'rgba(255,255,255,0.88)';
      ctx.fillRect(p.left + 4, p.top + 4, tw + 10, 18);
      ctx.fillStyle = INK;
      ctx.textAlign = 'left';
      ctx.textBaseline = 'middle';
      ctx.fillText(text, p.left + 9, p.top + 13);
    }
  }

  /** A data-space vector as a unit vector in screen space (y down), or null if zero. */
  _direction(dx, dy) {
    const { xmin, xmax, ymin, ymax } = this.surface.info.view;
    const p = this._plot;
    const u = dx * (p.width / (xmax - xmin));
    const v = -dy * (p.height / (ymax - ymin));
    const len = Math.hypot(u, v);
    if (!(len > 0) || !Number.isFinite(len)) return null;
    return [u / len, v / len];
  }

  _describe() {
    if (!this.surface) return;
    const s = this.surface;
    const mins = s.info.minima.map(([x, y]) => `(${fmtCoord(x)}, ${fmtCoord(y)})`).join(', ');
    this.summary.textContent = `${s.label ?? s.name}; ${s.info.kind === 'saddle' ? 'saddle point' : s.info.minima.length > 1 ? 'minima' : 'minimum'} at ${mins}; `
      + `start at (${fmtCoord(this.start[0])}, ${fmtCoord(this.start[1])}).`;
  }

  // ------------------------------------------------------------------------------ input

  _local(e) {
    const r = this.canvas.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  }

  _bindPointer() {
    const c = this.canvas;
    c.addEventListener('pointerdown', (e) => {
      if (e.button !== 0 || !this.surface) return;
      const [px, py] = this._local(e);
      const pt = this.fromPx(px, py);
      if (!pt) return;
      if (e.pointerType === 'touch') {
        this._drag = { id: e.pointerId, touch: true, x: px, y: py };
        return;
      }
      e.preventDefault();
      c.focus({ preventScroll: true });
      c.setPointerCapture?.(e.pointerId);
      this._drag = { id: e.pointerId, touch: false };
      this._emit(pt, false);
    });
    c.addEventListener('pointermove', (e) => {
      const [px, py] = this._local(e);
      if (this._drag && !this._drag.touch && e.pointerId === this._drag.id) {
        this._emit(this.fromPx(px, py, true), false);
      }
      if (e.pointerType !== 'touch') {
        this.hover = this.fromPx(px, py);
        this._dirty = true;
      }
    });
    const end = (e, cancelled) => {
      const d = this._drag;
      if (!d || e.pointerId !== d.id) return;
      this._drag = null;
      const [px, py] = this._local(e);
      if (d.touch) {
        if (!cancelled && Math.hypot(px - d.x, py - d.y) < 10) {
          const pt = this.fromPx(px, py);
          if (pt) this._emit(pt, true);
        }
        return;
      }
      this._emit(this.fromPx(px, py, true), true);
    };
    c.addEventListener('pointerup', (e) => end(e, false));
    c.addEventListener('pointercancel', (e) => end(e, true));
    c.addEventListener('pointerleave', () => {
      if (this.hover) { this.hover = null; this._dirty = true; }
    });
  }

  _emit(pt, final) {
    if (!pt) return;
    this.onStart(this.roundCoord(pt[0]), this.roundCoord(pt[1]), final);
  }

  _bindKeys() {
    this.canvas.addEventListener('keydown', (e) => {
      const dirs = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
      const d = dirs[e.key];
      if (!d || !this.surface) return;
      e.preventDefault();
      const { xmin, xmax, ymin, ymax } = this.surface.info.view;
      const k = e.shiftKey ? 0.1 : 0.02;
      const x = Math.min(xmax, Math.max(xmin, this.start[0] + d[0] * k * (xmax - xmin)));
      const y = Math.min(ymax, Math.max(ymin, this.start[1] + d[1] * k * (ymax - ymin)));
      this._emit([x, y], true);
    });
  }

  dispose() {
    this._observer.disconnect();
    this.el.remove();
  }
}

function fmtCoord(v) {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return minus(v.toExponential(2).replace('e+', 'e'));
  return minus(String(Number(v.toPrecision(4))));
}

function drawArrow(ctx, x, y, [ux, uy], len, color, width, head) {
  const ex = x + ux * len, ey = y + uy * len;
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.lineWidth = width;
  ctx.lineCap = 'round';
  ctx.beginPath();
  ctx.moveTo(x, y);
  ctx.lineTo(ex - ux * head * 0.6, ey - uy * head * 0.6);
  ctx.stroke();
  ctx.beginPath();
  ctx.moveTo(ex, ey);
  ctx.lineTo(ex - ux * head - uy * head * 0.55, ey - uy * head + ux * head * 0.55);
  ctx.lineTo(ex - ux * head + uy * head * 0.55, ey - uy * head - ux * head * 0.55);
  ctx.closePath();
  ctx.fill();
}

function drawStar(ctx, x, y, r) {
  ctx.beginPath();
  for (let k = 0; k < 10; k++) {
    const a = -Math.PI / 2 + (k * Math.PI) / 5;
    const rr = k % 2 ? r * 0.45 : r;
    const px = x + rr * Math.cos(a), py = y + rr * Math.sin(a);
    if (k) ctx.lineTo(px, py); else ctx.moveTo(px, py);
  }
  ctx.closePath();
  ctx.fillStyle = '#fff';
  ctx.fill();
  ctx.lineWidth = 1.5;
  ctx.strokeStyle = INK;
  ctx.stroke();
}

function drawDiamond(ctx, x, y, r) {
  ctx.beginPath();
  ctx.moveTo(x, y - r);
  ctx.lineTo(x + r, y);
  ctx.lineTo(x, y + r);
  ctx.lineTo(x - r, y);
  ctx.closePath();
  ctx.fillStyle = '#fff';
  ctx.fill();
  ctx.lineWidth = 1.5;
  ctx.strokeStyle = INK;
  ctx.stroke();
}

// A run whose current point is off the plot: a triangle on the edge, pointing towards it.
function drawEdgeMarker(ctx, p, x, y, color) {
  const cx = p.left + p.width / 2, cy = p.top + p.height / 2;
  const dx = x - cx, dy = y - cy;
  const t = Math.min(Math.abs((p.width / 2 - 8) / dx) || Infinity, Math.abs((p.height / 2 - 8) / dy) || Infinity);
  const ex = cx + dx * t, ey = cy + dy * t;
  const len = Math.hypot(dx, dy) || 1;
  const ux = dx / len, uy = dy / len;
  ctx.beginPath();
  ctx.moveTo(ex + ux * 7, ey + uy * 7);
  ctx.lineTo(ex - ux * 5 - uy * 6, ey - uy * 5 + ux * 6);
  ctx.lineTo(ex - ux * 5 + uy * 6, ey - uy * 5 - ux * 6);
  ctx.closePath();
  ctx.fillStyle = color;
  ctx.fill();
  ctx.lineWidth = 1.5;
  ctx.strokeStyle = '#fff';
  ctx.stroke();
}
