// figure.html: one tutorial figure, chosen and set up by the link (web/figures/state.js), computed
// by the engine in a worker (client.js, jobs.js) and drawn with uPlot (plot.js). Embedded (an
// iframe, e.g. from <rmsprop-figure>), it reports its height to the embedding page so the frame
// can fit it.
//
// For tests: <main> carries data-status="computing" | "ready" | "error" and data-runs (how many
// results were drawn); window.figure exposes the state and the plots.
import { reportHeight } from '../embed/frame-height.js';
import { el } from '../ui/form.js';
import { LinePlot } from './plot.js';
import { Notices } from '../ui/notices.js';
import { FigureClient } from './client.js';
import { FIGURES } from './registry.js';
import { parseFigureHash, toFigureHash } from './state.js';

const $ = (id) => document.getElementById(id);
const notices = new Notices($('notices'));
const client = new FigureClient();
const root = $('figure');
let state = null;
let plots = {};
let runs = 0;

/**
 * Charts with the same `shareY` key get one y range (the span of all their finite values; on a
 * log axis the positive ones), so their lines can be compared by eye.
 */
function sharedRanges(specs, charts) {
  const groups = {};
  for (const spec of specs) {
    if (!spec.shareY) continue;
    const g = (groups[spec.shareY] ??= { lo: Infinity, hi: -Infinity, ids: [] });
    g.ids.push(spec.id);
    for (const s of charts[spec.id]) {
      for (const v of s.values) {
        if (!Number.isFinite(v) || (spec.log && v <= 0)) continue;
        if (v < g.lo) g.lo = v;
        if (v > g.hi) g.hi = v;
      }
    }
  }
  const out = {};
  for (const g of Object.values(groups)) if (g.lo <= g.hi) for (const id of g.ids) out[id] = [g.lo, g.hi];
  return out;
}

function setStatus(status) {
  root.dataset.status = status;
  root.setAttribute('aria-busy', status === 'computing' ? 'true' : 'false');
}

function controls(def) {
  const box = el('div', { class: 'fg-controls', role: 'group', 'aria-label': 'Figure settings' });
  box.dataset.section = 'controls';
  for (const [key, spec] of Object.entries(def.params)) {
    const id = `fg-${key}`;
    const select = el('select', { id, name: key });
    spec.values.forEach((v, i) => {
      const option = el('option', { value: String(i), text: spec.names?.[v] ?? String(v) });
      select.append(option);
    });
    select.value = String(spec.values.indexOf(state.params[key]));
    select.addEventListener('change', () => {
      state.params[key] = spec.values[Number(select.value)];
      history.replaceState(null, '', toFigureHash(state));
      compute();
    });
    box.append(el('label', { class: 'field', for: id }, [el('span', { text: spec.label }), select]));
  }
  return box;
}

function build() {
  for (const p of Object.values(plots)) p.destroy();
  plots = {};
  root.replaceChildren();
  const def = FIGURES[state.fig];
  document.title = `${def.title} – RMSProp playground`;
  document.body.classList.toggle('embed', state.embed);
  const header = el('div', { class: 'fg-head' }, [
    el('h2', { class: 'fg-title', text: def.title }),
    el('p', { class: 'fg-lead', text: def.lead }),
  ]);
  const charts = el('div', { class: 'fg-charts' });
  for (const spec of def.charts) plots[spec.id] = new LinePlot(charts, spec);
  const readout = el('div', { class: 'fg-readout', 'aria-live': 'polite' });
  readout.dataset.section = 'readout';
  const explain = el('details', { class: 'fg-explain' }, [el('summary', { text: 'What am I looking at?' }), el('p', { text: def.explain })]);
  explain.dataset.section = 'explain';
  explain.open = !state.embed;
  root.append(header, controls(def), charts, readout, explain);
  if (state.embed) {
    const own = new URL(location.href);
    own.hash = toFigureHash({ ...state, embed: false, hide: [] });
    root.append(el('p', { class: 'fg-open' }, [el('a', { href: own.href, target: '_blank', rel: 'noopener', text: 'Open this figure on its own ↗' })]));
  }
  for (const section of ['controls', 'readout', 'explain']) {
    const node = root.querySelector(`[data-section="${section}"]`);
    if (node) node.hidden = state.hide.includes(section);
  }
}

async function compute() {
  const def = FIGURES[state.fig];
  const params = { ...state.params };
  setStatus('computing');
  try {
    const job = def.job(params);
    const result = await client.run(job);
    if (result === null) return;  // a newer request is on its way
    const out = def.draw(params, result, job);
    const ranges = sharedRanges(def.charts, out.charts);
    for (const spec of def.charts) plots[spec.id].setData(out.x, out.charts[spec.id], { range: ranges[spec.id] });
    root.querySelector('.fg-readout').replaceChildren(...out.readout.map((text) => el('p', { text })));
    runs += 1;
    root.dataset.runs = String(runs);
    notices.dismiss('engine');
    setStatus('ready');
  } catch (err) {
    notices.show(`The figure could not be computed: ${err.message}`, { kind: 'error', key: 'engine' });
    setStatus('error');
  }
}

function load() {
  const parsed = parseFigureHash(location.hash);
  state = { fig: parsed.fig, params: parsed.params, embed: parsed.embed, hide: parsed.hide };
  for (const text of parsed.notices) notices.show(text);
  build();
  compute();
}

reportHeight();  // embedded: the element fits its frame to us (web/embed/frame-height.js)

window.addEventListener('hashchange', () => {
  notices.byKey.forEach((_, key) => notices.dismiss(key));
  load();
});
window.figure = { get state() { return state; }, get plots() { return plots; } };
load();
