// What a click (or a tap) on the output plot does: add a point of one class or the other (a
// value, for regression) or remove the nearest point. Touch screens have no shift- or ctrl-click;
// this makes every action reachable there and from the keyboard (native radio buttons: Tab, then
// the arrow keys). The default is the plot's plain click (class 1, or +1), and the modifiers
// still work in every mode: shift-click adds the other class (the opposite value), ctrl-click
// removes.
//
//   const mode = new ClickMode(root);
//   mode.setProblem('classification');
//   mode.removes            -> true in "remove" mode
//   mode.labelFor(shift)    -> the label a click adds (shift: the shift-click's)
import { CLASS0, CLASS1 } from './colors.js';
import { el } from './form.js';

let uid = 0;

export class ClickMode {
  constructor(root, { onChange = () => {} } = {}) {
    this.onChange = onChange;
    this.name = `click-mode-${++uid}`;
    this.problem = null;
    this.mode = 'add1';
    this.value = 1;
    this.el = el('fieldset', { class: 'click-mode' });
    root.append(this.el);
    this.setProblem('classification');
  }

  get removes() { return this.mode === 'remove'; }

  /** The label a click adds; shift: a shift-click (the other class, the opposite value). */
  labelFor(shift = false) {
    if (this.problem === 'regression') return shift ? -this.value || 0 : this.value;
    const label = this.mode === 'add0' ? 0 : 1;
    return shift ? 1 - label : label;
  }

  /** Rebuilds the choices for a problem type (back to the default mode when it changes). */
  setProblem(problem) {
    if (problem === this.problem) return;
    this.problem = problem;
    this.mode = problem === 'regression' ? 'add' : 'add1';
    const choices = problem === 'regression'
      ? [this.radio('add', [document.createTextNode('adds the value')]), this.valueBox(), this.radio('remove', 'removes a point')]
      : [
        this.radio('add1', [swatch(CLASS1), document.createTextNode('adds class 1')]),
        this.radio('add0', [swatch(CLASS0), document.createTextNode('adds class 0')]),
        this.radio('remove', 'removes a point'),
      ];
    this.el.replaceChildren(el('legend', { text: 'A click or tap on the plot' }), ...choices);
  }

  radio(value, content) {
    const input = el('input', { type: 'radio', name: this.name, value, checked: value === this.mode });
    input.addEventListener('change', () => {
      if (!input.checked) return;
      this.mode = value;
      this.onChange(value);
    });
    const parts = typeof content === 'string' ? [document.createTextNode(content)] : content;
    return el('label', { class: 'click-choice' }, [input, ...parts]);
  }

  valueBox() {
    const box = el('input', { type: 'number', min: -1, max: 1, step: 0.1, value: String(this.value), 'aria-label': 'Value of an added point (−1 to 1)' });
    box.addEventListener('change', () => {
      const v = Number(box.value);
      this.value = box.value.trim() !== '' && Number.isFinite(v) ? Math.min(1, Math.max(-1, v)) : 1;
      box.value = String(this.value);
      const add = this.el.querySelector('input[value="add"]');
      if (add && !add.checked) {
        add.checked = true;
        add.dispatchEvent(new Event('change'));
      }
    });
    return el('span', { class: 'click-value' }, [box]);
  }
}

function swatch(color) {
  const s = el('span', { class: 'click-swatch' });
  s.style.background = color;
  s.setAttribute('aria-hidden', 'true');
  return s;
}
