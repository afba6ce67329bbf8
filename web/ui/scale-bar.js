// The output plot's colour legend: the same lookup table as the plot's background (orange for
// the low end of the output range, white in the middle, blue for the high end; two flat colours
// when the output is discretized), with the range's ends and middle labelled.
//
//   const bar = new ScaleBar(root);
//   bar.set({ range: [-1, 1], problem: 'classification', discretize: false });
import { lookupTable } from './colors.js';
import { el } from './form.js';
import { BACKGROUND_STRENGTH } from './heatmap.js';

// A real minus sign; a plus sign only on a range around 0 (−1 … +1, but 0 … 1).
const label = (v, signed) => (v < 0 ? `−${-v}` : signed && v > 0 ? `+${v}` : String(v));

export class ScaleBar {
  constructor(root) {
    this.canvas = el('canvas', { width: 256, height: 1, class: 'scale-bar-canvas' });
    this.labels = [el('span'), el('span'), el('span')];
    this.el = el('div', { class: 'scale-bar', role: 'img' }, [this.canvas, el('div', { class: 'scale-bar-labels' }, this.labels)]);
    root.append(this.el);
    this.key = '';
  }

  set({ range = [-1, 1], problem = 'classification', discretize = false } = {}) {
    const [lo, hi] = range;
    const key = `${lo}:${hi}:${problem}:${discretize}`;
    if (key === this.key) return;
    this.key = key;
    const ctx = this.canvas.getContext('2d');
    const image = ctx.createImageData(256, 1);
    image.data.set(lookupTable({ discretize, strength: BACKGROUND_STRENGTH }));
    ctx.putImageData(image, 0, 0);
    const mid = (lo + hi) / 2;
    const num = (v) => label(v, lo < 0);
    const classes = problem === 'classification';
    const texts = [
      classes ? `${num(lo)} · class 0` : num(lo),
      discretize && classes ? `boundary ${num(mid)}` : num(mid),
      classes ? `class 1 · ${num(hi)}` : num(hi),
    ];
    this.labels.forEach((s, i) => { s.textContent = texts[i]; });
    this.el.setAttribute('aria-label', classes
      ? `Colour scale of the network's output: orange for ${num(lo)} (class 0), white for ${num(mid)}, blue for ${num(hi)} (class 1)`
      : `Colour scale of the network's output: orange for ${num(lo)}, white for ${num(mid)}, blue for ${num(hi)}`);
  }
}
