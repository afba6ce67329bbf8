// The network diagram, laid out like TensorFlow Playground's: a column of input features (each
// a small heatmap of that feature over the data square, computed here), one column of neuron
// heatmaps per hidden layer, then the output neuron; curves between them coloured by the
// weight's sign (blue positive, orange negative), as wide and as opaque as the weight is large.
// Hovering or focusing a neuron shows an enlarged heatmap of it next to it; the tooltip is
// placed in the diagram's own coordinates, so it scrolls with its neuron instead of staying put
// on screen over other controls.
//
//   const net = new NetworkDiagram(root, { onHover(neuron) {...} });  // neuron or null
//   net.setStructure({ features: ['x1', 'x2'], layers: [2, 4, 2, 1], domain: 6 });
//   net.setNeuronGrids(grids, m, range);  // every non-input neuron's m*m grid, layer by layer
//   net.setWeights(weights);              // [{W: [[...] x out], b: [...]}, ...] (PyTorch layout)
//   net.draw();                           // every animation frame; cheap when nothing changed
//
// range: the output's [lo, hi] ([-1, 1] for tanh, [0, 1] for sigmoid; hidden layers are then
// scaled symmetrically by their largest |value|, at least 1), or one [lo, hi] per non-input
// layer, or null (every layer scaled like the hidden ones).
//
// Big layers shrink (and past a point wrap into several sub-columns) so that a column stays
// within MAX_COLUMN_HEIGHT; layer pairs with too many links get a faint band instead. The
// diagram scrolls sideways when it is wider than its root.

import { NEGATIVE, POSITIVE, fillImage, lookupTable } from './colors.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const NODE = 36;                 // neuron heatmap size, CSS px
const NODE_GAP = 10;
const MIN_NODE = 12;             // below this, a layer wraps into sub-columns
const MAX_COLUMN_HEIGHT = 360;
const MAX_LINKS = 2000;          // links drawn in all; the biggest layer pairs become bands
const HEADER = 34;               // room for the column headings
const LABEL_WIDTH = 44;          // room for the feature names left of the inputs
const PAD = 8;
const MIN_LINK_GAP = 44;
const MAX_LINK_GAP = 130;
const TOOLTIP_PX = 160;
const FEATURE_GRID = 32;         // resolution of the locally computed feature heatmaps
const NODE_STRENGTH = 0.9;

/** Feature names (the engine's, plus a few spellings) -> label and function. */
const FEATURES = {
  x1: { label: 'x\u2081', f: (a) => a, range: (d) => [-d, d] },
  x2: { label: 'x\u2082', f: (a, b) => b, range: (d) => [-d, d] },
  x1sq: { label: 'x\u2081\u00b2', f: (a) => a * a, range: (d) => [0, d * d] },
  x2sq: { label: 'x\u2082\u00b2', f: (a, b) => b * b, range: (d) => [0, d * d] },
  x1x2: { label: 'x\u2081x\u2082', f: (a, b) => a * b, range: (d) => [-d * d, d * d] },
  sinx1: { label: 'sin x\u2081', f: (a) => Math.sin(a), range: () => [-1, 1] },
  sinx2: { label: 'sin x\u2082', f: (a, b) => Math.sin(b), range: () => [-1, 1] },
};
const ALIASES = {
  'x1^2': 'x1sq', 'x1\u00b2': 'x1sq', x1_sq: 'x1sq', 'x2^2': 'x2sq', 'x2\u00b2': 'x2sq', x2_sq: 'x2sq',
  'x1*x2': 'x1x2', x1_x2: 'x1x2', 'sin(x1)': 'sinx1', 'sin x1': 'sinx1', sin_x1: 'sinx1',
  'sin(x2)': 'sinx2', 'sin x2': 'sinx2', sin_x2: 'sinx2',
};
const featureInfo = (name) => FEATURES[name] ?? FEATURES[ALIASES[name]] ?? null;

const fmt = (v, digits = 3) => {
  const s = Number(v).toFixed(digits);
  return s.startsWith('-') ? `\u2212${s.slice(1)}` : s;
};

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Neuron size, gap and sub-columns for a layer of k neurons. */
function fitColumn(k) {
  if (k * NODE + (k - 1) * NODE_GAP <= MAX_COLUMN_HEIGHT) return { size: NODE, gap: NODE_GAP, sub: 1, rows: k };
  for (let sub = 1; ; sub++) {
    const rows = Math.ceil(k / sub);
    const slot = MAX_COLUMN_HEIGHT / rows;
    const size = Math.min(NODE, Math.floor(slot * 0.8));
    if (size >= MIN_NODE || rows === 1) {
      return { size, gap: Math.min(NODE_GAP, Math.max(2, Math.floor(slot - size))), sub, rows };
    }
  }
}

export class NetworkDiagram {
  constructor(root, { onHover = () => {} } = {}) {
    this.root = root;
    this.onHover = onHover;
    this.features = ['x1', 'x2'];
    this.layers = [];
    this.domain = 6;
    this.grids = null;
    this.m = 0;
    this.range = null;
    this.weights = null;

    this.el = el('div', 'plot-network');
    this.el.setAttribute('role', 'group');
    this.el.setAttribute('aria-label', 'Network diagram');
    this.scroller = el('div', 'plot-network-scroll');
    this.inner = el('div', 'plot-network-inner');
    this.svg = document.createElementNS(SVG_NS, 'svg');
    this.svg.setAttribute('class', 'plot-network-links');
    this.svg.setAttribute('aria-hidden', 'true');
    this.inner.append(this.svg);
    this.scroller.append(this.inner);
    this.summary = el('p', 'plot-visually-hidden');
    this.tooltip = el('div', 'plot-network-tooltip');
    this.tooltip.setAttribute('role', 'tooltip');
    this.tooltip.hidden = true;
    this.tipCanvas = el('canvas', 'plot-network-tooltip-canvas');
    this.tipLabel = el('div', 'plot-network-tooltip-label');
    this.tipDetail = el('div', 'plot-network-tooltip-detail');
    this.tooltip.append(this.tipCanvas, this.tipLabel, this.tipDetail);
    this.el.append(this.scroller, this.summary, this.tooltip);
    root.append(this.el);

    this.nodes = [];      // nodes[column][i] = {column, index, kind, label, canvas, x, y, size}
    this.pairs = [];      // pairs[column] = {band: path} or {paths: [path per W[out][in]], last: [...]}
    this.heads = [];
    this.active = null;   // the neuron whose tooltip is shown
    this._nodeOf = new WeakMap();  // canvas -> node
    this._width = 0;
    this._structureDirty = false;
    this._layoutDirty = false;
    this._featuresDirty = false;
    this._gridsDirty = false;
    this._weightsDirty = false;

    this._resizeObserver = new ResizeObserver(() => {
      const w = this.scroller.clientWidth;
      if (w !== this._width) {
        this._width = w;
        this._layoutDirty = true;
        // Outside the observer callback, so the height change it causes is not a resize loop.
        requestAnimationFrame(() => this.draw());
      }
    });
    this._resizeObserver.observe(this.scroller);
    // The page scrolling moves the tooltip with the diagram; the diagram scrolling sideways
    // moves the neuron under it.
    this._onScroll = () => { if (this.active) this._placeTooltip(); };
    this.scroller.addEventListener('scroll', this._onScroll, { passive: true });
    window.addEventListener('resize', this._onScroll, { passive: true });
  }

  /** features: input names (x1 x2 x1sq x2sq x1x2 sinx1 sinx2); layers: sizes, input first, output last. */
  setStructure({ features = this.features, layers, domain = this.domain } = {}) {
    const sizes = (layers ?? [features.length, 1]).map((k) => Math.max(1, Math.floor(k)));
    const same = sizes.length === this.layers.length && sizes.every((k, i) => k === this.layers[i])
      && features.length === this.features.length && features.every((f, i) => f === this.features[i]);
    if (domain !== this.domain) {
      this.domain = domain;
      this._featuresDirty = true;
    }
    if (same) return;
    this.features = [...features];
    this.layers = sizes;
    this.grids = null;
    this.weights = null;
    this._structureDirty = true;
  }

  /** grids: every non-input neuron's m*m grid (row 0 at the top), concatenated layer by layer. */
  setNeuronGrids(grids, m, range = this.range, domain = this.domain) {
    this.grids = grids;
    this.m = m;
    this.range = range;
    if (domain !== this.domain) {
      this.domain = domain;
      this._featuresDirty = true;
    }
    this._gridsDirty = true;
  }

  /** weights: [{W: [[...] x out], b: [...]}, ...], one per layer pair. */
  setWeights(weights) {
    this.weights = weights;
    this._weightsDirty = true;
  }

  /** Applies whatever changed since the last draw. */
  draw() {
    if (this._structureDirty) this._build();
    if (this._layoutDirty) this._layout();
    if (this._featuresDirty) this._drawFeatures();
    if (this._gridsDirty) this._drawGrids();
    if (this._weightsDirty) this._drawWeights();
  }

  destroy() {
    this._resizeObserver.disconnect();
    this.scroller.removeEventListener('scroll', this._onScroll);
    window.removeEventListener('resize', this._onScroll);
    this.el.remove();
  }

  // ------------------------------------------------------------------ structure and layout

  _build() {
    this._structureDirty = false;
    this._hideTooltip();
    for (const column of this.nodes) for (const node of column) node.canvas.remove();
    for (const head of this.heads) head.remove();
    for (const label of this._featureLabels ?? []) label.remove();
    this.svg.replaceChildren();
    this.nodes = [];
    this.heads = [];
    this._featureLabels = [];

    const L = this.layers.length;
    for (let c = 0; c < L; c++) {
      const kind = c === 0 ? 'input' : c === L - 1 ? 'output' : 'hidden';
      const column = [];
      for (let i = 0; i < this.layers[c]; i++) {
        const name = c === 0 ? this.features[i] : null;
        const info = c === 0 ? featureInfo(name) : null;
        const label = kind === 'input' ? `input ${info?.label ?? name ?? i + 1}`
          : kind === 'output' ? (this.layers[c] === 1 ? 'output' : `output ${i + 1}`)
            : `layer ${c}, neuron ${i + 1}`;
        const canvas = el('canvas', `plot-neuron plot-neuron-${kind}`);
        canvas.width = canvas.height = 1;
        canvas.tabIndex = -1;
        canvas.setAttribute('role', 'img');
        canvas.setAttribute('aria-label', label);
        const node = { column: c, index: i, kind, label, name, canvas, x: 0, y: 0, size: NODE };
        this._nodeOf.set(canvas, node);
        canvas.addEventListener('pointerenter', () => this._showTooltip(node));
        canvas.addEventListener('pointerleave', () => {
          // Back to the focused neuron's tooltip, if one has focus (a click or tap pins it).
          const focused = this._nodeOf.get(document.activeElement);
          if (focused) this._showTooltip(focused);
          else this._hideTooltip();
        });
        canvas.addEventListener('focus', () => this._onFocus(node));
        canvas.addEventListener('blur', () => this._hideTooltip());
        canvas.addEventListener('keydown', (e) => this._onKey(e, node));
        this.inner.append(canvas);
        column.push(node);
        if (kind === 'input') {
          const text = el('div', 'plot-network-feature', info?.label ?? name ?? `in ${i + 1}`);
          text.setAttribute('aria-hidden', 'true');
          this.inner.append(text);
          this._featureLabels.push(text);
          node.text = text;
        }
      }
      this.nodes.push(column);

      const head = el('div', 'plot-network-head');
      const k = this.layers[c];
      head.append(el('span', 'plot-network-head-title', kind === 'input' ? 'Input' : kind === 'output' ? 'Output' : `Layer ${c}`));
      if (kind === 'hidden') head.append(el('span', 'plot-network-head-sub', `${k} neuron${k === 1 ? '' : 's'}`));
      head.setAttribute('aria-hidden', 'true');
      this.inner.append(head);
      this.heads.push(head);
    }
    // Roving focus: one neuron is in the tab order, the arrow keys move between them.
    if (this.nodes[0]?.[0]) this.nodes[0][0].canvas.tabIndex = 0;

    // Links: the biggest layer pairs become bands until what is left fits MAX_LINKS.
    const counts = [];
    for (let c = 0; c + 1 < L; c++) counts.push({ c, n: this.layers[c] * this.layers[c + 1] });
    let total = counts.reduce((s, p) => s + p.n, 0);
    const band = new Set();
    for (const p of [...counts].sort((a, b) => b.n - a.n)) {
      if (total <= MAX_LINKS) break;
      band.add(p.c);
      total -= p.n;
    }
    this.pairs = counts.map(({ c, n }) => {
      if (band.has(c)) {
        const path = document.createElementNS(SVG_NS, 'path');
        path.setAttribute('class', 'plot-network-band');
        const title = document.createElementNS(SVG_NS, 'title');
        title.textContent = `${n} connections (too many to draw one by one)`;
        path.append(title);
        this.svg.append(path);
        return { band: path };
      }
      const paths = new Array(n);
      for (let k = 0; k < n; k++) {
        const path = document.createElementNS(SVG_NS, 'path');
        path.setAttribute('class', 'plot-network-link');
        this.svg.append(path);
        paths[k] = path;
      }
      return { paths, last: new Array(n).fill('') };
    });

    const hidden = this.layers.slice(1, -1);
    this.summary.textContent = `Network: ${this.features.length} input feature${this.features.length === 1 ? '' : 's'} `
      + `(${this.features.map((f) => featureInfo(f)?.label ?? f).join(', ')}), `
      + `${hidden.length} hidden layer${hidden.length === 1 ? '' : 's'} of ${hidden.join(', ')} neurons, `
      + `${this.layers[L - 1]} output${this.layers[L - 1] === 1 ? '' : 's'}. `
      + 'Focus a neuron and use the arrow keys to see each one\u2019s output over the plane.';

    this._layoutDirty = true;
    this._featuresDirty = true;
    this._gridsDirty = true;
    this._weightsDirty = true;
  }

  _layout() {
    this._layoutDirty = false;
    const L = this.layers.length;
    if (!L) return;
    const avail = this.scroller.clientWidth || 600;
    const fits = this.layers.map(fitColumn);
    const widths = fits.map((f) => f.sub * f.size + (f.sub - 1) * f.gap);
    const heights = fits.map((f) => f.rows * f.size + (f.rows - 1) * f.gap);
    const H = Math.max(...heights);
    const sumW = widths.reduce((s, w) => s + w, 0);
    const gaps = Math.max(1, L - 1);
    const linkGap = Math.min(MAX_LINK_GAP, Math.max(MIN_LINK_GAP, (avail - LABEL_WIDTH - sumW - PAD) / gaps));
    const width = LABEL_WIDTH + sumW + (L - 1) * linkGap + PAD;
    const offset = Math.max(0, Math.floor((avail - width) / 2));
    const height = HEADER + H + 2 * PAD;
    this.inner.style.width = `${Math.ceil(offset + width)}px`;
    this.inner.style.height = `${Math.ceil(height)}px`;
    this.svg.setAttribute('width', `${Math.ceil(offset + width)}`);
    this.svg.setAttribute('height', `${Math.ceil(height)}`);

    this.columns = [];
    let x = offset + LABEL_WIDTH;
    for (let c = 0; c < L; c++) {
      const { size, gap, rows } = fits[c];
      const top = HEADER + PAD + (H - heights[c]) / 2;
      this.columns.push({ left: x, right: x + widths[c], top, bottom: top + heights[c] });
      this.nodes[c].forEach((node, i) => {
        const s = Math.floor(i / rows);
        const r = i % rows;
        node.x = x + s * (size + gap);
        node.y = top + r * (size + gap);
        node.size = size;
        node.row = r;
        node.sub = s;
        const st = node.canvas.style;
        st.left = `${node.x}px`;
        st.top = `${node.y}px`;
        st.width = st.height = `${size}px`;
        if (node.text) {
          node.text.style.right = `${Math.ceil(offset + width) - x + 6}px`;
          node.text.style.top = `${node.y + size / 2}px`;
        }
      });
      const head = this.heads[c];
      head.style.left = `${x + widths[c] / 2}px`;
      head.style.maxWidth = `${Math.floor(widths[c] + linkGap - 2)}px`;
      x += widths[c] + linkGap;
    }

    // Link geometry: from the right edge of a column to the left edge of the next.
    this.pairs.forEach((pair, c) => {
      const a = this.columns[c];
      const b = this.columns[c + 1];
      const sx = a.right;
      const tx = b.left;
      const mx = (sx + tx) / 2;
      if (pair.band) {
        pair.band.setAttribute('d', `M${sx} ${a.top}C${mx} ${a.top} ${mx} ${b.top} ${tx} ${b.top}`
          + `L${tx} ${b.bottom}C${mx} ${b.bottom} ${mx} ${a.bottom} ${sx} ${a.bottom}Z`);
        return;
      }
      const from = this.nodes[c];
      const to = this.nodes[c + 1];
      for (let j = 0; j < to.length; j++) {
        const ty = to[j].y + to[j].size / 2;
        for (let i = 0; i < from.length; i++) {
          const sy = from[i].y + from[i].size / 2;
          pair.paths[j * from.length + i].setAttribute('d', `M${sx} ${sy}C${mx} ${sy} ${mx} ${ty} ${tx} ${ty}`);
        }
      }
    });
    if (this.active) this._placeTooltip();
  }

  // ------------------------------------------------------------------ heatmaps and links

  _paint(node, values, m, lo, hi) {
    const canvas = node.canvas;
    if (canvas.width !== m || canvas.height !== m) {
      canvas.width = m;
      canvas.height = m;
    }
    const ctx = canvas.getContext('2d');
    if (node.image?.width !== m) node.image = ctx.createImageData(m, m);
    fillImage(node.image, values, lo, hi, lookupTable({ strength: NODE_STRENGTH }));
    ctx.putImageData(node.image, 0, 0);
  }

  _drawFeatures() {
    this._featuresDirty = false;
    const column = this.nodes[0];
    if (!column) return;
    const m = FEATURE_GRID;
    const d = this.domain;
    const cell = (2 * d) / m;
    const values = new Float64Array(m * m);
    for (const node of column) {
      const info = featureInfo(node.name);
      if (!info) {
        values.fill(0);
        this._paint(node, values, m, -1, 1);
        continue;
      }
      for (let r = 0; r < m; r++) {
        const x2 = d - (r + 0.5) * cell;
        for (let k = 0; k < m; k++) values[r * m + k] = info.f(-d + (k + 0.5) * cell, x2);
      }
      const [lo, hi] = info.range(d);
      this._paint(node, values, m, lo, hi);
      node.values = values.slice();
      node.m = m;
      node.lo = lo;
      node.hi = hi;
    }
    if (this.active?.kind === 'input') this._drawTooltip();
  }

  // A single [lo, hi] is the output layer's range (the output activation's); hidden layers are
  // scaled symmetrically to their largest |value|, at least 1 (so tanh stays on [-1, 1], relu
  // layers fit, and near-zero activations early in training stay pale).
  _rangeFor(c, values) {
    const r = this.range;
    const output = c === this.layers.length - 1;
    if (Array.isArray(r) && Array.isArray(r[c - 1])) return r[c - 1];
    if (output && Array.isArray(r) && r.length === 2 && typeof r[0] === 'number') return r;
    let max = 1;
    for (let k = 0; k < values.length; k++) {
      const a = Math.abs(values[k]);
      if (a > max && Number.isFinite(a)) max = a;
    }
    return [-max, max];
  }

  _drawGrids() {
    this._gridsDirty = false;
    const { grids, m } = this;
    const cells = m * m;
    const neurons = this.layers.slice(1).reduce((s, k) => s + k, 0);
    if (!grids || !(m > 0) || grids.length !== neurons * cells) {
      // No grids yet, or stale ones for another structure: plain white neurons.
      for (let c = 1; c < this.nodes.length; c++) {
        for (const node of this.nodes[c]) {
          node.values = null;
          const ctx = node.canvas.getContext('2d');
          ctx.fillStyle = '#ffffff';
          ctx.fillRect(0, 0, node.canvas.width, node.canvas.height);
        }
      }
      return;
    }
    let base = 0;
    for (let c = 1; c < this.nodes.length; c++) {
      const k = this.layers[c];
      const layerValues = grids.subarray(base * cells, (base + k) * cells);
      const [lo, hi] = this._rangeFor(c, layerValues);
      this.nodes[c].forEach((node, i) => {
        const values = layerValues.subarray(i * cells, (i + 1) * cells);
        this._paint(node, values, m, lo, hi);
        node.values = values;
        node.m = m;
        node.lo = lo;
        node.hi = hi;
      });
      base += k;
    }
    if (this.active && this.active.kind !== 'input') this._drawTooltip();
  }

  _weightsValid() {
    const w = this.weights;
    if (!Array.isArray(w) || w.length !== this.layers.length - 1) return false;
    return w.every((layer, c) => layer?.W?.length === this.layers[c + 1] && layer.W[0]?.length === this.layers[c]);
  }

  _drawWeights() {
    this._weightsDirty = false;
    const valid = this._weightsValid();
    this.pairs.forEach((pair, c) => {
      if (pair.band) return;
      const W = valid ? this.weights[c].W : null;
      const fanIn = this.layers[c];
      // Thinner, fainter links where many share the space, so dense pairs stay readable.
      const dense = Math.max(1, Math.sqrt((fanIn * this.layers[c + 1]) / 32));
      for (let j = 0; j < this.layers[c + 1]; j++) {
        for (let i = 0; i < fanIn; i++) {
          const k = j * fanIn + i;
          let style;
          if (W) {
            const w = Number(W[j][i]);
            const a = Math.abs(w);
            const width = Math.max(0.4, Math.min(6, 0.5 + 2 * a) / dense).toFixed(1);
            const opacity = ((0.15 + 0.85 * Math.min(1, a / 1.5)) / Math.sqrt(dense)).toFixed(2);
            style = `${w >= 0 ? POSITIVE : NEGATIVE}|${width}|${opacity}`;
          } else {
            style = '#9aa1a9|1|0.35';
          }
          if (pair.last[k] === style) continue;
          pair.last[k] = style;
          const [stroke, width, opacity] = style.split('|');
          const path = pair.paths[k];
          path.setAttribute('stroke', stroke);
          path.setAttribute('stroke-width', width);
          path.setAttribute('stroke-opacity', opacity);
        }
      }
    });
    if (this.active) this._drawTooltip();
  }

  // ------------------------------------------------------------------ tooltip and keyboard

  _onFocus(node) {
    for (const column of this.nodes) for (const n of column) if (n !== node) n.canvas.tabIndex = -1;
    node.canvas.tabIndex = 0;
    this._showTooltip(node);
  }

  _onKey(e, node) {
    let target = null;
    const column = this.nodes[node.column];
    if (e.key === 'ArrowDown') target = column[node.index + 1];
    else if (e.key === 'ArrowUp') target = column[node.index - 1];
    else if (e.key === 'Home') target = column[0];
    else if (e.key === 'End') target = column[column.length - 1];
    else if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      const next = this.nodes[node.column + (e.key === 'ArrowRight' ? 1 : -1)];
      if (next) target = next[Math.min(next.length - 1, Math.round((node.index / Math.max(1, column.length - 1)) * (next.length - 1)))];
    } else if (e.key === 'Escape') {
      this._hideTooltip();
      e.preventDefault();
      return;
    }
    if (!target) return;
    e.preventDefault();
    target.canvas.focus();
  }

  _showTooltip(node) {
    if (this.active !== node) {
      this.active = node;
      this.onHover({ layer: node.column, index: node.index, kind: node.kind, label: node.label });
    }
    this.tooltip.hidden = false;
    this._drawTooltip();
    this._placeTooltip();
  }

  _hideTooltip() {
    if (!this.active) return;
    this.active = null;
    this.tooltip.hidden = true;
    this.onHover(null);
  }

  _drawTooltip() {
    const node = this.active;
    if (!node) return;
    const dpr = window.devicePixelRatio || 1;
    const px = Math.round(TOOLTIP_PX * dpr);
    const c = this.tipCanvas;
    if (c.width !== px) c.width = c.height = px;
    const ctx = c.getContext('2d');
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.clearRect(0, 0, px, px);
    if (node.values) ctx.drawImage(node.canvas, 0, 0, px, px);
    else {
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, px, px);
    }
    this.tipLabel.textContent = node.label;
    const parts = [];
    if (node.kind === 'input') {
      const info = featureInfo(node.name);
      if (info) parts.push(`${info.label} over the plane`);
    } else {
      if (node.values) {
        let lo = Infinity;
        let hi = -Infinity;
        for (const v of node.values) {
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
        parts.push(`output ${fmt(lo, 2)} \u2026 ${fmt(hi, 2)}`);
      }
      if (this._weightsValid()) {
        const b = this.weights[node.column - 1].b?.[node.index];
        if (b !== undefined) parts.push(`bias ${fmt(b)}`);
      }
    }
    this.tipDetail.textContent = parts.join(' \u00b7 ');
  }

  /**
   * Next to the neuron: right of it, else left of it, else (a narrow screen) below it, kept
   * within the viewport's width. The position is relative to the diagram (the tooltip is
   * absolutely positioned in it), so when the page scrolls the tooltip goes with its neuron.
   */
  _placeTooltip() {
    const node = this.active;
    if (!node) return;
    const rect = node.canvas.getBoundingClientRect();
    const host = this.el.getBoundingClientRect();
    const tip = this.tooltip;
    const w = tip.offsetWidth;
    const h = tip.offsetHeight;
    const vw = document.documentElement.clientWidth;
    let left = rect.right + 10;
    let top = rect.top + rect.height / 2 - h / 2;
    if (left + w > vw - 4) left = rect.left - 10 - w;
    if (left < 4) {
      left = Math.max(4, Math.min(vw - w - 4, rect.left + rect.width / 2 - w / 2));
      top = rect.bottom + 8;
    }
    tip.style.left = `${Math.round(left - host.left)}px`;
    tip.style.top = `${Math.round(top - host.top)}px`;
  }
}
