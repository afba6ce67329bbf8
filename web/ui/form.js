// Labelled controls bound to the settings schema (web/state/schema.js). Each control shows a
// setting, reports changes through onChange(key, value), and can be set from outside. Text
// always goes through textContent: nothing here parses HTML.
import { SCHEMA } from '../state/schema.js';

const el = (tag, props = {}, children = []) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'text') node.textContent = v;
    else if (k === 'class') node.className = v;
    else if (k.startsWith('aria-') || k === 'for' || k === 'role') node.setAttribute(k, v);
    else node[k] = v;
  }
  for (const c of children) node.append(c);
  return node;
};
export { el };

let uid = 0;
const nextId = (key) => `f-${key}-${++uid}`;

/** Formats a number the way the controls show it: 0.001, 1e-8, 0.99. */
export function formatNumber(v) {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e5) return v.toExponential(a >= 1e5 ? 2 : 0).replace('e+', 'e');
  return String(Number(v.toPrecision(4)));
}

export class Form {
  /** @param {(key: string, value: any) => void} onChange */
  constructor(onChange) {
    this.onChange = onChange;
    this.controls = new Map();
  }

  set(settings) {
    for (const [key, c] of this.controls) if (key in settings) c.set(settings[key]);
  }

  enable(key, on) { this.controls.get(key)?.enable(on); }

  select(key, label, { options = SCHEMA[key].values, names = {} } = {}) {
    const id = nextId(key);
    const select = el('select', { id, name: key });
    for (const v of options) select.append(el('option', { value: v, text: names[v] ?? v }));
    select.addEventListener('change', () => this.onChange(key, select.value));
    const wrap = el('label', { class: 'field', for: id }, [el('span', { text: label }), select]);
    this.controls.set(key, { set: (v) => { select.value = v; }, enable: (on) => { select.disabled = !on; } });
    return wrap;
  }

  check(key, label) {
    const id = nextId(key);
    const box = el('input', { type: 'checkbox', id, name: key });
    box.addEventListener('change', () => this.onChange(key, box.checked));
    this.controls.set(key, { set: (v) => { box.checked = !!v; }, enable: (on) => { box.disabled = !on; } });
    return el('label', { class: 'check', for: id }, [box, el('span', { text: label })]);
  }

  /**
   * A slider with a number box beside it. log: the slider moves in powers of ten. The number
   * box accepts any value in range; out-of-range typing is clamped by the app with a notice.
   */
  range(key, label, { step = 'any', log = SCHEMA[key].log, sliderSteps = 100, format = formatNumber, int = SCHEMA[key].kind === 'int' } = {}) {
    const spec = SCHEMA[key];
    const id = nextId(key);
    const floor = spec.sliderMin ?? spec.min;  // a log slider cannot reach 0
    const toSlider = (v) => (log ? Math.log10(Math.max(v, floor)) : v);
    const fromSlider = (s) => (log ? Number((10 ** s).toPrecision(3)) : int ? Math.round(s) : Number(Number(s).toPrecision(4)));
    const lo = toSlider(floor);
    const hi = toSlider(spec.max);
    const slider = el('input', {
      type: 'range', id, name: key, min: lo, max: hi, step: int && !log ? 1 : (hi - lo) / sliderSteps,
      'aria-label': label,
    });
    const box = el('input', { type: 'number', min: spec.min, max: spec.max, step, 'aria-label': `${label} (exact value)` });
    slider.addEventListener('input', () => {
      const v = fromSlider(Number(slider.value));
      box.value = String(v);
      slider.setAttribute('aria-valuetext', format(v));
    });
    slider.addEventListener('change', () => this.onChange(key, fromSlider(Number(slider.value))));
    box.addEventListener('change', () => {
      const v = Number(box.value);
      this.onChange(key, box.value.trim() === '' || !Number.isFinite(v) ? NaN : v);
    });
    this.controls.set(key, {
      set: (v) => {
        slider.value = String(toSlider(v));
        slider.setAttribute('aria-valuetext', format(v));
        if (document.activeElement !== box) box.value = String(v);
      },
      enable: (on) => { slider.disabled = !on; box.disabled = !on; },
    });
    return el('div', { class: 'field' }, [el('label', { for: id, text: label }), el('div', { class: 'range-row' }, [slider, box])]);
  }
}
