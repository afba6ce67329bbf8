// The optimizers panel: one card per run (up to four) with its name, its optimizer, RMSProp's
// preset and every hyperparameter under PyTorch's name; add and remove runs. Every typed value
// is checked by web/surface/state.js (clamped with a notice, or refused with a notice); the
// editor then reports the whole new list of runs through onChange(runs).
import { el } from '../ui/form.js';
import {
  HYPERPARAMS, LABEL_MAX, MAX_RUNS, OPTIMIZERS, OPTIMIZER_LABELS, PRESET_LABELS, RMSPROP_PRESETS,
  defaultRun, presetOf, presetValues, readHyperparam, readValue, repairRun, runLabel,
} from './state.js';

let uid = 0;
const clone = (runs) => runs.map((r) => ({ name: r.name, label: r.label, hp: { ...r.hp } }));
const show = (v) => String(v);

export class RunsEditor {
  /**
   * @param root      container
   * @param colors    a colour per run index
   * @param onChange  (runs) => void, the complete new list
   * @param notify    (text) => void, a notice for a refused or clamped value
   */
  constructor(root, { colors, onChange, notify }) {
    this.root = root;
    this.colors = colors;
    this.onChange = onChange;
    this.notify = notify;
    this.list = el('div', { class: 'run-editors' });
    this.add = el('button', { type: 'button', class: 'small-button', text: '+ Add an optimizer' });
    this.add.addEventListener('click', () => this._addRun());
    root.append(this.list, el('div', { class: 'row' }, [this.add, el('span', { class: 'hint', text: `Up to ${MAX_RUNS} runs, all from the same start; changing anything starts every run again. `
      + 'An RMSProp preset sets alpha, eps, the eps placement and the starting v as that framework does; the lr stays yours.' })]));
    this.runs = [];
  }

  /** Shows these runs (rebuilds the cards). */
  set(runs) {
    this.runs = clone(runs);
    this._render();
  }

  _commit(runs, focus) {
    this.runs = runs;
    this.onChange(clone(runs));
    if (focus) this._render(focus);
    else this._sync();
  }

  _addRun() {
    if (this.runs.length >= MAX_RUNS) return;
    const used = this.runs.map((r) => r.name);
    const name = OPTIMIZERS.find((o) => !used.includes(o)) ?? 'rmsprop';
    const runs = [...clone(this.runs), defaultRun(name)];
    this._commit(runs, { index: runs.length - 1, key: 'name' });
  }

  _render(focus) {
    this.cards = this.runs.map((run, i) => this._card(run, i));
    this.list.replaceChildren(...this.cards.map((c) => c.node));
    this.add.disabled = this.runs.length >= MAX_RUNS;
    if (focus) this.cards[focus.index]?.controls[focus.key]?.focus();
  }

  /** Refreshes values shown (after a clamp) without rebuilding, so focus stays where it is. */
  _sync() {
    this.runs.forEach((run, i) => {
      const c = this.cards[i];
      if (!c) return;
      for (const [key, input] of Object.entries(c.controls)) {
        if (key in run.hp) {
          if (input.type === 'checkbox') input.checked = !!run.hp[key];
          else if (document.activeElement !== input || input.value !== show(run.hp[key])) input.value = show(run.hp[key]);
        }
      }
      if (c.controls.preset) c.controls.preset.value = presetOf(run.hp);
      c.controls.label.placeholder = runLabel({ ...run, label: '' });
      c.title.textContent = `Run ${i + 1}: ${runLabel(run)}`;
    });
  }

  _card(run, i) {
    const controls = {};
    const id = (k) => `run-${++uid}-${k}`;
    const field = (key, text, input) => {
      input.id = id(key);
      controls[key] = input;
      return el('div', { class: 'field' }, [el('label', { for: input.id, text }), input]);
    };
    const update = (mutate, focusKey) => {
      const runs = clone(this.runs);
      mutate(runs[i]);
      const notices = [];
      repairRun(runs[i], i, notices);
      notices.forEach((t) => this.notify(t));
      this._commit(runs, focusKey ? { index: i, key: focusKey } : null);
    };

    const title = el('h3', { text: `Run ${i + 1}: ${runLabel(run)}` });
    const remove = el('button', { type: 'button', class: 'small-button', text: 'Remove', 'aria-label': `Remove run ${i + 1}` });
    remove.disabled = this.runs.length <= 1;
    remove.addEventListener('click', () => {
      const runs = clone(this.runs);
      runs.splice(i, 1);
      this._commit(runs, { index: Math.max(0, i - 1), key: 'name' });
    });

    const label = el('input', { type: 'text', maxLength: LABEL_MAX, value: run.label, placeholder: runLabel({ ...run, label: '' }), autocomplete: 'off' });
    label.addEventListener('change', () => {
      const notices = [];
      const r = readValue(`run ${i + 1} name`, { kind: 'text' }, label.value, notices);
      notices.forEach((t) => this.notify(t));
      update((x) => { x.label = r.value; });
      label.value = this.runs[i].label;
    });

    const type = el('select');
    for (const o of OPTIMIZERS) type.append(el('option', { value: o, text: OPTIMIZER_LABELS[o] }));
    type.value = run.name;
    type.addEventListener('change', () => update((x) => {
      const next = defaultRun(type.value);
      next.hp.lr = x.hp.lr;  // keep the learning rate when switching optimizer
      x.name = next.name;
      x.hp = next.hp;
    }, 'name'));

    const fields = [field('label', 'Name', label), field('name', 'Optimizer', type)];
    if (run.name === 'rmsprop') {
      const preset = el('select');
      for (const p of [...RMSPROP_PRESETS, 'custom']) preset.append(el('option', { value: p, text: PRESET_LABELS[p] }));
      preset.value = presetOf(run.hp);
      preset.addEventListener('change', () => {
        if (preset.value === 'custom') return;
        update((x) => Object.assign(x.hp, presetValues(preset.value)));
      });
      preset.title = 'Sets alpha, eps, the eps placement and the starting v as that framework does; lr stays as it is';
      fields.push(field('preset', 'Preset', preset));
    }
    const checks = [];
    for (const [key, spec] of Object.entries(HYPERPARAMS[run.name])) {
      if (spec.kind === 'bool') {
        const box = el('input', { type: 'checkbox', checked: !!run.hp[key] });
        box.id = id(key);
        controls[key] = box;
        box.addEventListener('change', () => update((x) => { x.hp[key] = box.checked; }));
        checks.push(el('label', { class: 'check', for: box.id }, [box, el('span', { text: key })]));
        continue;
      }
      const input = el('input', { type: 'number', step: 'any', min: spec.min, max: spec.max, value: show(run.hp[key]), inputMode: 'decimal' });
      input.addEventListener('change', () => {
        const notices = [];
        const { value } = readHyperparam(run.name, key, input.value, notices, `run ${i + 1} ${key}`);
        notices.forEach((t) => this.notify(t));
        if (value === undefined) { input.value = show(this.runs[i].hp[key]); return; }
        update((x) => { x.hp[key] = value; });
      });
      fields.push(field(key, key, input));
    }
    const node = el('section', { class: 'run-editor', 'aria-label': `Run ${i + 1}` }, [
      el('div', { class: 'run-editor-head' }, [el('span', { class: 'swatch', 'aria-hidden': 'true' }), title, remove]),
      el('div', { class: 'fields' }, fields),
      el('div', { class: 'row' }, checks),
    ]);
    node.style.setProperty('--run-color', this.colors[i]);
    return { node, controls, title };
  }
}
