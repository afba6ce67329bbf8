// "At the current point": for every run its step, position, f − f*, gradient, last step and,
// as two bars (x and y), each coordinate's step size as the engine reports it (step_median of
// the coordinate's parameter group): lr/(√v+ε) for RMSProp, lr for SGD. All bars share one
// linear scale (the largest value shown = full width), so "100 times smaller" looks it.
// Text goes through textContent only.
import { el } from '../ui/form.js';
import { formatNumber as fmt } from './format.js';

/** What the engine's per-coordinate step size means for each optimizer. */
export function stepSizeFormula(run) {
  const hp = run.settings.hp;
  switch (run.settings.name) {
    case 'rmsprop': {
      const v = hp.centered ? 'v − ḡ²' : 'v';
      return hp.eps_in_sqrt ? `lr/√(${v}+ε)` : `lr/(√${hp.centered ? `(${v})` : v}+ε)`;
    }
    case 'sgd': return hp.momentum > 0 ? 'lr (on the momentum buffer)' : 'lr';
    case 'adam': return 'lr/(√v̂+ε)/(1−β₁ᵗ), on m';
    case 'adagrad': return 'lr/(√Σg²+ε)';
    default: return 'step size';
  }
}

const ACCUM = { rmsprop: '√v', adam: '√v', adagrad: '√Σg²' };

export class Readout {
  constructor(root) {
    this.root = root;
    this.list = el('div', { class: 'run-cards' });
    this.note = el('p', {
      class: 'hint',
      text: 'Bars: the step size each coordinate gets, i.e. what its gradient is multiplied by, on one linear scale for all runs. '
        + 'SGD uses the same lr for x and y; RMSProp divides lr by √v, the running RMS of that coordinate\'s gradient.',
    });
    root.append(this.list, this.note);
    this.cards = [];
    this.fmin = 0;
    this.log = true;
  }

  setRuns(runs, { fmin, log }) {
    this.fmin = fmin;
    this.log = log;
    this.cards = runs.map((run, i) => this._card(run, i));
    this.list.replaceChildren(...this.cards.map((c) => c.node));
    this.update(runs);
  }

  _card(run, i) {
    const dd = () => el('dd');
    const fields = { step: dd(), pos: dd(), f: dd(), grad: dd(), delta: dd(), accum: dd() };
    const status = el('span', { class: 'run-status' });
    const rows = [
      ['step', fields.step], ['(x, y)', fields.pos], [this.log ? 'f − f*' : 'f', fields.f],
      ['∇f', fields.grad], ['last step', fields.delta],
    ];
    if (ACCUM[run.settings.name]) rows.push([ACCUM[run.settings.name], fields.accum]);
    const bar = (axis) => {
      const fill = el('span', { class: 'bar-fill' });
      const value = el('span', { class: 'bar-value' });
      const track = el('span', { class: 'bar-track', 'aria-hidden': 'true' }, [fill]);
      return { node: el('div', { class: 'bar-row' }, [el('span', { class: 'bar-axis', text: axis }), track, value]), fill, value };
    };
    const bx = bar('x');
    const by = bar('y');
    const node = el('article', { class: 'run-card', 'aria-label': `Run ${i + 1}: ${run.label}` }, [
      el('h3', {}, [el('span', { class: 'swatch', 'aria-hidden': 'true' }), el('span', { class: 'run-name', text: run.label }), status]),
      el('dl', { class: 'run-numbers' }, rows.flatMap(([k, v]) => [el('dt', { text: k }), v])),
      el('div', { class: 'bars' }, [el('p', { class: 'bars-title', text: `step size ${stepSizeFormula(run)}` }), bx.node, by.node]),
    ]);
    node.style.setProperty('--run-color', run.color);
    return { node, fields, status, bx, by };
  }

  update(runs) {
    let max = 0;
    for (const r of runs) if (r.stats) for (const s of r.stats) if (Number.isFinite(s.step_median)) max = Math.max(max, s.step_median);
    runs.forEach((r, i) => {
      const c = this.cards[i];
      if (!c) return;
      const f = c.fields;
      f.step.textContent = String(r.steps);
      f.pos.textContent = `(${fmt(r.x)}, ${fmt(r.y)})`;
      // A pending run's f and gradient are on their way from the worker.
      f.f.textContent = r.pending ? '–' : fmt(this.log ? r.f - this.fmin : r.f);
      f.grad.textContent = r.pending ? '–' : `(${fmt(r.gx)}, ${fmt(r.gy)})`;
      f.delta.textContent = r.lastStep ? `(${fmt(r.lastStep[0])}, ${fmt(r.lastStep[1])})` : '–';
      if (r.stats) f.accum.textContent = `(${fmt(r.stats[0].accum_rms)}, ${fmt(r.stats[1].accum_rms)})`;
      else f.accum.textContent = '–';
      let status = '';
      if (r.status === 'diverged') status = `diverged at step ${r.steps}`;
      else if (r.reachedAt >= 0) status = `first reached the minimum at step ${r.reachedAt}`;
      else if (r.status === 'limit') status = 'step limit';
      c.status.textContent = status;
      c.node.classList.toggle('diverged', r.status === 'diverged');
      for (const [bar, k] of [[c.bx, 0], [c.by, 1]]) {
        const v = r.stats ? r.stats[k].step_median : NaN;
        bar.value.textContent = Number.isFinite(v) ? fmt(v) : '–';
        bar.fill.style.width = Number.isFinite(v) && max > 0 ? `${Math.max(0.5, (100 * v) / max)}%` : '0';
      }
    });
  }
}
