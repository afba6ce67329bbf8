// The run cards: one per run, with its colour, name, status (steps, loss, accuracy, or why it
// stopped), a small decision-boundary view and every hyperparameter of its optimizer.
//
//   const cards = new RunCards(root, { onChange(i, run, key), onRemove(i), onAdd() });
//   cards.render(runs, colors);            // rebuilds the cards (run count or names changed)
//   cards.update(i, run);                  // new values in place (keeps focus)
//   cards.setStatus(i, {...}); cards.setGrid(...); cards.setPoints(...); cards.draw();
//
// Controls report raw input; the app checks it (web/compare/state.js) and calls update().
// All text goes through textContent.
import { el } from '../ui/form.js';
import { DecisionPlot } from '../ui/heatmap.js';
import { MAX_RUNS, OPTIMIZERS, OPTIMIZER_NAMES, PRESET_TITLES, RMSPROP_PRESETS, matchPreset, runSummary, runTitle } from './state.js';

let uid = 0;
const pct = (v) => (Number.isFinite(v) ? `${(100 * v).toFixed(1)} %` : '–');
const fix = (v) => (Number.isFinite(v) ? (Math.abs(v) < 1e-3 && v !== 0 ? v.toExponential(2) : v.toFixed(4)) : '–');

export class RunCards {
  constructor(root, { onChange, onRemove, onAdd } = {}) {
    this.root = root;
    this.onChange = onChange ?? (() => {});
    this.onRemove = onRemove ?? (() => {});
    this.onAdd = onAdd ?? (() => {});
    this.cards = [];
    this.options = { showTest: false, discretize: false };
  }

  /** Rebuilds every card (and the "Add a run" button in head, if given). */
  render(runs, colors) {
    for (const c of this.cards) c.plot.destroy();
    this.cards = runs.map((run, i) => this._card(run, i, colors[i], runs.length));
    this.root.replaceChildren(...this.cards.map((c) => c.node));
    if (this.addButton) {
      const full = runs.length >= MAX_RUNS;
      this.addButton.disabled = full;
      this.addButton.textContent = full ? `${MAX_RUNS} runs (the most)` : '+ Add a run';
      this.addButton.title = full ? `At most ${MAX_RUNS} runs` : `A copy of run ${runs.length}: then change one setting`;
      this.addButton.setAttribute('aria-label', full ? `Add a run (at most ${MAX_RUNS})` : `Add a run (a copy of run ${runs.length})`);
    }
  }

  /** Uses this button for "Add a run". */
  setAddButton(button) {
    this.addButton = button;
    button.addEventListener('click', () => this.onAdd());
  }

  _card(run, i, color, count) {
    const n = i + 1;
    const id = `run-${++uid}`;
    const title = el('h3', { class: 'cmp-run-title', id: `${id}-title` });
    const swatch = el('span', { class: 'cmp-swatch', 'aria-hidden': 'true' });
    const remove = el('button', { type: 'button', class: 'cmp-remove', text: '×', 'aria-label': `Remove run ${n}`, disabled: count <= 1 });
    remove.title = count <= 1 ? 'The last run cannot be removed' : `Remove run ${n}`;
    remove.addEventListener('click', () => this.onRemove(i));
    const summary = el('p', { class: 'cmp-run-summary' });
    const status = el('dl', { class: 'cmp-run-status' });
    const problem = el('p', { class: 'cmp-run-problem', role: 'alert' });
    problem.hidden = true;
    const plotBox = el('div', { class: 'cmp-run-plot' });
    const node = el('section', { class: 'cmp-run panel', 'aria-labelledby': `${id}-title` }, [
      el('header', { class: 'cmp-run-head' }, [swatch, title, remove]),
      summary,
      el('div', { class: 'cmp-run-body' }, [plotBox, status]),
      problem,
    ]);
    node.style.setProperty('--run-color', color);
    node.dataset.run = String(i);

    const plot = new DecisionPlot(plotBox, {});
    plot.setOptions(this.options);

    // The editor: optimizer, RMSProp preset, every hyperparameter.
    const editor = el('div', { class: 'cmp-run-editor' });
    // Open where there is room; on a phone the four runs' results come first.
    const roomy = typeof matchMedia !== 'function' || !matchMedia('(max-width: 720px)').matches;
    const details = el('details', { class: 'cmp-run-details', open: roomy }, [
      el('summary', {}, [el('span', { class: 'visually-hidden', text: `Run ${i + 1} ` }), document.createTextNode('Optimizer settings')]),
      editor,
    ]);
    node.append(details);
    const card = { node, title, summary, status, problem, plot, editor, name: null, inputs: new Map(), index: i, details };
    this._buildEditor(card, run);
    this._fill(card, run);
    this.setStatus(i, null, card);
    return card;
  }

  _buildEditor(card, run) {
    const n = card.index + 1;
    const i = card.index;
    card.name = run.name;
    card.inputs = new Map();
    const rows = [];
    const optId = `run-opt-${++uid}`;
    const opt = el('select', { id: optId });
    for (const name of OPTIMIZER_NAMES) opt.append(el('option', { value: name, text: OPTIMIZERS[name].title }));
    opt.setAttribute('aria-label', `Run ${n} optimizer`);
    opt.addEventListener('change', () => this.onChange(i, 'optimizer', opt.value));
    rows.push(el('label', { class: 'field', for: optId }, [el('span', { text: 'Optimizer' }), opt]));
    card.inputs.set('optimizer', opt);
    if (run.name === 'rmsprop') {
      const pid = `run-preset-${++uid}`;
      const preset = el('select', { id: pid });
      for (const p of [...RMSPROP_PRESETS, 'custom']) preset.append(el('option', { value: p, text: p === 'custom' ? 'custom' : PRESET_TITLES[p] }));
      preset.setAttribute('aria-label', `Run ${n} preset`);
      preset.addEventListener('change', () => this.onChange(i, 'preset', preset.value));
      rows.push(el('label', { class: 'field', for: pid }, [el('span', { text: 'Preset' }), preset]));
      card.inputs.set('preset', preset);
    }
    const numbers = [];
    const checks = [];
    for (const [key, spec] of Object.entries(OPTIMIZERS[run.name].keys)) {
      const fid = `run-${key}-${++uid}`;
      if (spec.kind === 'bool') {
        const box = el('input', { type: 'checkbox', id: fid });
        box.setAttribute('aria-label', `Run ${n} ${spec.label}`);
        box.addEventListener('change', () => this.onChange(i, key, box.checked));
        checks.push(el('label', { class: 'check', for: fid }, [box, el('span', { text: spec.label })]));
        card.inputs.set(key, box);
      } else {
        const box = el('input', { type: 'number', id: fid, min: spec.min, max: spec.max, step: 'any', inputMode: 'decimal' });
        box.setAttribute('aria-label', `Run ${n} ${spec.label}`);
        box.addEventListener('change', () => this.onChange(i, key, box.value));
        numbers.push(el('label', { class: 'field', for: fid }, [el('span', { text: spec.label }), box]));
        card.inputs.set(key, box);
      }
    }
    card.editor.replaceChildren(
      el('div', { class: 'cmp-fields' }, [...rows, ...numbers]),
      el('div', { class: 'cmp-checks' }, checks),
    );
  }

  _fill(card, run) {
    card.title.textContent = `${card.index + 1} · ${runTitle(run)}`;
    card.summary.textContent = runSummary(run);
    for (const [key, input] of card.inputs) {
      if (key === 'optimizer') input.value = run.name;
      else if (key === 'preset') input.value = matchPreset(run);
      else if (input.type === 'checkbox') input.checked = !!run.hp[key];
      else if (document.activeElement !== input || Number(input.value) !== run.hp[key]) input.value = String(run.hp[key]);
    }
  }

  /** Shows new values of run i; rebuilds its editor when the optimizer changed. */
  update(i, run) {
    const card = this.cards[i];
    if (!card) return;
    if (card.name !== run.name) {
      this._buildEditor(card, run);
      card.inputs.get('optimizer').focus();
    }
    this._fill(card, run);
  }

  /**
   * status: {steps, epoch, train_loss, test_loss, train_acc, test_acc, problem, divergence, error}
   * or null (not started).
   */
  setStatus(i, status, card = this.cards[i]) {
    if (!card) return;
    const s = status ?? {};
    const rows = [['Step', Number.isFinite(s.steps) ? s.steps.toLocaleString('en') : '0'], ['Train loss', fix(s.train_loss)], ['Test loss', fix(s.test_loss)]];
    if (s.problem !== 'regression') rows.push(['Test accuracy', pct(s.test_acc)]);
    const key = rows.map((r) => r.join(':')).join('|');
    if (card.statusKey !== key) {
      card.statusKey = key;
      card.status.replaceChildren(...rows.flatMap(([k, v]) => [el('div', {}, [el('dt', { text: k }), el('dd', { text: v })])]));
    }
    const text = s.error ? `This run could not start: ${s.error}` : s.divergence?.stopped ? s.divergence.message : '';
    if (card.problem.textContent !== text) card.problem.textContent = text;
    card.problem.hidden = !text;
    card.node.classList.toggle('stopped', !!text);
  }

  setPoints(points, problem) {
    for (const c of this.cards) {
      c.plot.setPoints(points, problem);
      // Comparison mode's data is shared and not edited by clicking.
      c.plot.help.textContent = 'The data points over this run\'s decision boundary (the data is the same for every run).';
    }
  }

  setGrid(i, grid, n, domain, range) { this.cards[i]?.plot.setGrid(grid, n, domain, range); }

  setOptions(options) {
    this.options = { ...this.options, ...options };
    for (const c of this.cards) c.plot.setOptions(this.options);
  }

  draw() { for (const c of this.cards) c.plot.draw(); }
}

