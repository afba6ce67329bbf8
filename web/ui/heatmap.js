// The decision plot: the network's output over the data square as a coloured background, the
// data points on top, integer ticks along the bottom and left edges. Click adds a point (blue /
// +1), shift-click the other class (orange / -1), ctrl- or cmd-click removes the nearest shown
// point; the app does the actual adding and removing through the callbacks.
//
//   const plot = new DecisionPlot(root, { onAdd(x1, x2, label) {...}, onRemove(x1, x2, index) {...} });
//   plot.setGrid(grid, n, domain, [lo, hi]);      // n*n outputs, row 0 at the top, cell centres
//   plot.setPoints({ x1, x2, label, test, user }, 'classification' | 'regression');
//   plot.setOptions({ showTest, discretize });
//   plot.draw();                                  // every animation frame; cheap when nothing changed
//
// The canvas is square, fills its root's width up to 480 CSS px and is backed by device pixels
// (crisp on HiDPI). The data square sits inside margins that hold the tick labels; the margins
// are equal horizontally and vertically so the data square stays square.
//
// A new grid arrives many times a second while training; the points and the axes change only
// when the data, the options or the size do. So they are drawn once into an overlay canvas, and
// a frame with a new grid is two image draws: the grid scaled up, then the overlay on top.

import { CLASS0, CLASS1, colorOf, fillImage, lookupTable } from './colors.js';

const MARGIN = { left: 24, right: 6, top: 8, bottom: 22 };  // left + right === top + bottom
const REMOVE_RADIUS = 0.4;          // data units (at least REMOVE_RADIUS_PX on screen)
const REMOVE_RADIUS_PX = 8;
export const BACKGROUND_STRENGTH = 0.6;  // how saturated the output colours are behind the points
const TICK_LABEL_MIN_PX = 22;       // at least this much room between tick labels
const GRID_SMOOTHING = 'high';      // how the n*n grid is scaled up to the data square
let uid = 0;

const fmt = (v) => (v < 0 ? `\u2212${-v}` : `${v}`);  // a real minus sign

export class DecisionPlot {
  constructor(root, { onAdd = () => {}, onRemove = () => {} } = {}) {
    this.root = root;
    this.onAdd = onAdd;
    this.onRemove = onRemove;

    this.grid = null;
    this.n = 0;
    this.domain = 6;
    this.range = [-1, 1];
    this.points = null;
    this.problem = 'classification';
    this.options = { showTest: false, discretize: false };
    this.removeOnClick = false;  // a plain click removes, as ctrl-click does (the page's click mode)

    const id = `plot-decision-${++uid}`;
    this.el = document.createElement('div');
    this.el.className = 'plot-decision';
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'plot-decision-canvas';
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-describedby', `${id}-summary ${id}-help`);
    this.summary = document.createElement('p');
    this.summary.id = `${id}-summary`;
    this.summary.className = 'plot-visually-hidden';
    this.help = document.createElement('p');
    this.help.id = `${id}-help`;
    this.help.className = 'plot-visually-hidden';
    this.help.textContent = 'Click the plot to add a blue point, shift-click to add an orange one, '
      + 'ctrl-click or command-click to remove the nearest point.';
    this.readout = document.createElement('div');
    this.readout.className = 'plot-decision-readout';
    this.readout.setAttribute('aria-hidden', 'true');
    this.readout.hidden = true;
    this.el.append(this.canvas, this.readout, this.summary, this.help);
    root.append(this.el);

    this._image = document.createElement('canvas');  // the n*n grid, scaled up on draw
    this._imageData = null;
    this._gridDirty = false;
    this._overlay = document.createElement('canvas');  // points and axes, device pixels, transparent
    this._overlayDirty = true;
    this._dirty = true;
    this._css = 0;    // CSS px side of the canvas
    this._dpr = 1;    // device px per CSS px actually in use
    this._suppressClickUntil = 0;
    this._updateLabel();
    this._updateSummary();

    this._resizeObserver = new ResizeObserver((entries) => this._onResize(entries[entries.length - 1]));
    try {
      this._resizeObserver.observe(this.canvas, { box: 'device-pixel-content-box' });
    } catch {
      this._resizeObserver.observe(this.canvas);
    }

    this.canvas.addEventListener('click', (e) => this._onClick(e));
    this.canvas.addEventListener('contextmenu', (e) => this._onContextMenu(e));
    this.canvas.addEventListener('pointermove', (e) => this._onPointerMove(e));
    this.canvas.addEventListener('pointerleave', () => { this.readout.hidden = true; });
  }

  /** grid: n*n outputs (row 0 at the top); domain: the square is [-domain, domain]^2; range: [lo, hi]. */
  setGrid(grid, n, domain = this.domain, range = this.range) {
    this.grid = grid;
    this.n = grid ? n : 0;
    if (domain !== this.domain) {
      this.domain = domain;
      this._updateLabel();
      this._overlayDirty = true;
    }
    if (range) this.range = [range[0], range[1]];
    this._gridDirty = true;
    this._dirty = true;
  }

  /** points: {x1, x2, label, test, user} (typed) arrays; problem: 'classification' or 'regression'. */
  setPoints(points, problem = this.problem) {
    this.points = points;
    this.problem = problem;
    this._updateSummary();
    this._updateLabel();
    this._overlayDirty = true;
    this._dirty = true;
  }

  setOptions({ showTest = this.options.showTest, discretize = this.options.discretize } = {}) {
    if (discretize !== this.options.discretize) this._gridDirty = true;
    if (!!showTest !== this.options.showTest) this._overlayDirty = true;
    this.options = { showTest: !!showTest, discretize: !!discretize };
    this._updateSummary();
    this._dirty = true;
  }

  /** Redraws if anything changed since the last draw. */
  draw() {
    const dpr = window.devicePixelRatio || 1;
    // Zooming changes devicePixelRatio; where the observer does not report device pixels, follow it here.
    if (!this._hasDevicePixelBox && this._css > 0 && dpr !== this._ratioSeen) this._setSize(this._css, Math.round(this._css * dpr));
    if (!this._dirty || this._css <= 0) return;
    this._dirty = false;
    if (this._gridDirty) this._renderGrid();
    if (this._overlayDirty) this._renderOverlay();

    const ctx = this.canvas.getContext('2d');
    const { x0, y0, side } = this._geometry();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    ctx.setTransform(this._dpr, 0, 0, this._dpr, 0, 0);

    if (this.grid && this.n > 0) {
      ctx.imageSmoothingEnabled = true;
      ctx.imageSmoothingQuality = GRID_SMOOTHING;
      ctx.drawImage(this._image, x0, y0, side, side);
    } else {
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(x0, y0, side, side);
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(this._overlay, 0, 0);
  }

  /** Client (viewport) coordinates of the data point (x1, x2): for tests and overlays. */
  dataToClient(x1, x2) {
    const rect = this.canvas.getBoundingClientRect();
    const k = rect.width / (this._css || rect.width || 1);
    const { x, y } = this._dataToCss(x1, x2);
    return { x: rect.left + x * k, y: rect.top + y * k };
  }

  /** Data coordinates under a client (viewport) position; inside: within the data square. */
  clientToData(clientX, clientY) {
    const rect = this.canvas.getBoundingClientRect();
    const css = this._css || rect.width;
    const k = css / (rect.width || 1);
    const cx = (clientX - rect.left) * k;
    const cy = (clientY - rect.top) * k;
    const { x0, y0, side } = this._geometry(css);
    const d = this.domain;
    const x1 = -d + ((cx - x0) / side) * 2 * d;
    const x2 = d - ((cy - y0) / side) * 2 * d;
    return { x1, x2, inside: Math.abs(x1) <= d && Math.abs(x2) <= d };
  }

  destroy() {
    this._resizeObserver.disconnect();
    this.el.remove();
  }

  // ------------------------------------------------------------------ internals

  _geometry(css = this._css) {
    return { x0: MARGIN.left, y0: MARGIN.top, side: Math.max(1, css - MARGIN.left - MARGIN.right) };
  }

  _dataToCss(x1, x2) {
    const { x0, y0, side } = this._geometry();
    const d = this.domain;
    return { x: x0 + ((x1 + d) / (2 * d)) * side, y: y0 + ((d - x2) / (2 * d)) * side };
  }

  _onResize(entry) {
    const box = entry.contentBoxSize?.[0];
    const css = box ? box.inlineSize : entry.contentRect.width;
    // The exact device-pixel size where the browser reports it (crisp at fractional ratios),
    // unless it disagrees with devicePixelRatio (device emulation does not scale it).
    const dpr = window.devicePixelRatio || 1;
    const dev = entry.devicePixelContentBoxSize?.[0]?.inlineSize;
    this._hasDevicePixelBox = dev !== undefined && Math.abs(dev - css * dpr) <= 1.5;
    this._setSize(css, this._hasDevicePixelBox ? dev : Math.round(css * dpr));
    this.draw();  // now, before the browser paints the cleared canvas
  }

  _setSize(css, device) {
    if (!(css > 0)) return;
    const px = Math.max(1, Math.round(device));
    this._css = css;
    this._dpr = px / css;
    this._ratioSeen = window.devicePixelRatio || 1;
    if (this.canvas.width !== px) this.canvas.width = px;
    if (this.canvas.height !== px) this.canvas.height = px;
    this._overlayDirty = true;
    this._dirty = true;
  }

  /** The points (clipped to the data square) and the axes, into the overlay canvas. */
  _renderOverlay() {
    this._overlayDirty = false;
    const o = this._overlay;
    if (o.width !== this.canvas.width) o.width = this.canvas.width;
    if (o.height !== this.canvas.height) o.height = this.canvas.height;
    const ctx = o.getContext('2d');
    const { x0, y0, side } = this._geometry();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, o.width, o.height);
    ctx.setTransform(this._dpr, 0, 0, this._dpr, 0, 0);
    ctx.save();
    ctx.beginPath();
    ctx.rect(x0, y0, side, side);
    ctx.clip();
    this._drawPoints(ctx);
    ctx.restore();
    this._drawAxes(ctx);
  }

  _renderGrid() {
    this._gridDirty = false;
    const n = this.n;
    if (!this.grid || !(n > 0)) return;
    if (this._image.width !== n || this._image.height !== n) {
      this._image.width = n;
      this._image.height = n;
      this._imageData = null;
    }
    const ctx = this._image.getContext('2d');
    if (!this._imageData) this._imageData = ctx.createImageData(n, n);
    const lut = lookupTable({ discretize: this.options.discretize, strength: BACKGROUND_STRENGTH });
    const [lo, hi] = this.range;
    fillImage(this._imageData, this.grid, lo, hi, lut);
    ctx.putImageData(this._imageData, 0, 0);
  }

  _visible(i) {
    return !this.points.test?.[i] || this.options.showTest;
  }

  _drawPoints(ctx) {
    const p = this.points;
    if (!p || !p.x1) return;
    const regression = this.problem === 'regression';
    const count = p.x1.length;
    const small = this._css < 320;
    const r = small ? 2.8 : 3.6;
    const rUser = small ? 4.2 : 5.2;
    // Train points first, then test points, then the user's points on top.
    const order = [];
    for (let i = 0; i < count; i++) if (!p.user?.[i] && !p.test?.[i]) order.push(i);
    if (this.options.showTest) for (let i = 0; i < count; i++) if (!p.user?.[i] && p.test?.[i]) order.push(i);
    for (let i = 0; i < count; i++) if (p.user?.[i] && this._visible(i)) order.push(i);

    ctx.lineWidth = 1;
    for (const i of order) {
      const { x, y } = this._dataToCss(p.x1[i], p.x2[i]);
      const test = !!p.test?.[i];
      const radius = p.user?.[i] ? rUser : r;
      ctx.beginPath();
      ctx.arc(x, y, radius, 0, 2 * Math.PI);
      ctx.fillStyle = regression ? colorOf(p.label[i], -1, 1) : p.label[i] >= 0.5 ? CLASS1 : CLASS0;
      ctx.fill();
      if (test) {
        ctx.lineWidth = 1.4;
        ctx.strokeStyle = '#1b1f24';
      } else {
        ctx.lineWidth = 1;
        ctx.strokeStyle = '#ffffff';
      }
      ctx.stroke();
      if (!test) {
        // A faint dark ring outside the white one, so points on pale background still show.
        ctx.beginPath();
        ctx.arc(x, y, radius + 1, 0, 2 * Math.PI);
        ctx.lineWidth = 0.6;
        ctx.strokeStyle = 'rgba(0, 0, 0, 0.28)';
        ctx.stroke();
      }
    }
  }

  _drawAxes(ctx) {
    const { x0, y0, side } = this._geometry();
    const d = this.domain;
    const perUnit = side / (2 * d);
    const color = getComputedStyle(this.canvas).color || '#6b7280';

    ctx.strokeStyle = color;
    ctx.globalAlpha = 0.35;
    ctx.lineWidth = 1;
    ctx.strokeRect(x0 - 0.5, y0 - 0.5, side + 1, side + 1);
    ctx.globalAlpha = 1;

    let labelStep = 1;
    for (const s of [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]) {
      labelStep = s;
      if (s * perUnit >= TICK_LABEL_MIN_PX) break;
    }
    const tickStep = perUnit >= 6 ? 1 : labelStep;
    const first = Math.ceil(-d / tickStep) * tickStep;

    ctx.fillStyle = color;
    ctx.font = '10px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
    ctx.beginPath();
    for (let v = first; v <= d + 1e-9; v += tickStep) {
      const major = v % labelStep === 0;
      const len = major ? 4 : 2;
      const x = Math.round(x0 + (v + d) * perUnit) + 0.5;
      const y = Math.round(y0 + (d - v) * perUnit) + 0.5;
      ctx.moveTo(x, y0 + side + 0.5);
      ctx.lineTo(x, y0 + side + 0.5 + len);
      ctx.moveTo(x0 - 0.5, y);
      ctx.lineTo(x0 - 0.5 - len, y);
    }
    ctx.globalAlpha = 0.6;
    ctx.stroke();
    ctx.globalAlpha = 0.9;

    const firstLabel = Math.ceil(-d / labelStep) * labelStep;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (let v = firstLabel; v <= d + 1e-9; v += labelStep) {
      ctx.fillText(fmt(v), x0 + (v + d) * perUnit, y0 + side + 6);
    }
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (let v = firstLabel; v <= d + 1e-9; v += labelStep) {
      ctx.fillText(fmt(v), x0 - 6, y0 + (d - v) * perUnit);
    }
    ctx.globalAlpha = 1;
  }

  _onClick(e) {
    if (e.button !== 0) return;
    const p = this.clientToData(e.clientX, e.clientY);
    if (!p.inside) return;
    if (e.ctrlKey || e.metaKey || this.removeOnClick) {
      this._remove(p);
      return;
    }
    if (performance.now() < this._suppressClickUntil) return;
    const regression = this.problem === 'regression';
    const label = e.shiftKey ? (regression ? -1 : 0) : 1;
    this.onAdd(p.x1, p.x2, label);
  }

  // On macOS ctrl-click opens the context menu instead of clicking.
  _onContextMenu(e) {
    if (!e.ctrlKey) return;
    e.preventDefault();
    const p = this.clientToData(e.clientX, e.clientY);
    if (!p.inside) return;
    this._suppressClickUntil = performance.now() + 400;
    this._remove(p);
  }

  _remove({ x1, x2 }) {
    const p = this.points;
    if (!p || !p.x1) return;
    const { side } = this._geometry();
    const radius = Math.max(REMOVE_RADIUS, (REMOVE_RADIUS_PX * 2 * this.domain) / side);
    let best = -1;
    let bestD2 = radius * radius;
    for (let i = 0; i < p.x1.length; i++) {
      if (!this._visible(i)) continue;
      const dx = p.x1[i] - x1;
      const dy = p.x2[i] - x2;
      const d2 = dx * dx + dy * dy;
      if (d2 <= bestD2) {
        bestD2 = d2;
        best = i;
      }
    }
    if (best >= 0) this.onRemove(p.x1[best], p.x2[best], best);
  }

  _onPointerMove(e) {
    const p = this.clientToData(e.clientX, e.clientY);
    if (!p.inside) {
      this.readout.hidden = true;
      return;
    }
    this.readout.hidden = false;
    this.readout.textContent = `x\u2081 ${p.x1.toFixed(2)}, x\u2082 ${p.x2.toFixed(2)}`;
  }

  _updateLabel() {
    const d = fmt(this.domain);
    const regression = this.problem === 'regression';
    this.canvas.setAttribute('aria-label', regression
      ? `Regression plot: the network's output over x\u2081 and x\u2082 from \u2212${d} to ${d}, `
        + 'orange for \u22121 through white to blue for +1, with the data points.'
      : `Decision plot: the network's output over x\u2081 and x\u2082 from \u2212${d} to ${d}, `
        + 'blue for class 1 and orange for class 0, with the data points.');
    this.help.textContent = regression
      ? 'Click the plot to add a point with value +1, shift-click for \u22121, '
        + 'ctrl-click or command-click to remove the nearest point.'
      : 'Click the plot to add a blue point (class 1), shift-click for an orange one (class 0), '
        + 'ctrl-click or command-click to remove the nearest point.';
  }

  _updateSummary() {
    const p = this.points;
    const count = p?.x1?.length ?? 0;
    if (!count) {
      this.summary.textContent = 'No points.';
      return;
    }
    let tests = 0;
    let users = 0;
    let ones = 0;
    for (let i = 0; i < count; i++) {
      if (p.test?.[i]) tests += 1;
      if (p.user?.[i]) users += 1;
      if (p.label[i] >= 0.5) ones += 1;
    }
    const parts = [];
    if (this.problem === 'regression') {
      parts.push(`${count} points, regression targets from \u22121 (orange) to +1 (blue)`);
    } else {
      parts.push(`${count} points, 2 classes: ${count - ones} orange (class 0), ${ones} blue (class 1)`);
    }
    if (tests) parts.push(`${tests} test points ${this.options.showTest ? 'shown with a dark outline' : 'hidden'}`);
    if (users) parts.push(`${users} added by you`);
    this.summary.textContent = `${parts.join('; ')}.`;
  }
}
