// Comparison mode (compare.html): up to four runs on the same data from the same initial weights,
// trained in lock-step by one worker (web/compare/worker.js, through web/engine/bridge.js), drawn
// on overlaid charts and a small decision-boundary view per run. Settings come from the URL hash,
// read by web/compare/state.js only. Training never runs on this thread.
import { EngineBridge } from '../engine/bridge.js';
import { PRESET_VALUES, SCHEMA } from '../state/schema.js';
import { el, Form, formatNumber } from '../ui/form.js';
import { Notices } from '../ui/notices.js';
import { CompareCharts, PALETTE } from './charts.js';
import { RunCards } from './runs.js';
import {
  MAX_RUNS, OPTIMIZERS, cloneRun, compareHash, describeRun, makeRun, normalizeRun, parseCompareHash,
  problemOf, readHyper, readShared, runTitle, runTrainerConfig,
} from './state.js';

const $ = (id) => document.getElementById(id);
const notices = new Notices($('notices'));

const parsed = parseCompareHash(location.hash);
const state = {
  shared: parsed.shared,
  runs: parsed.runs,
  running: false,
  pendingStart: false,  // Play was pressed; metrics sent before the worker saw it are stale
  steps: 0,
  points: null,
  last: [],             // per run: the latest row and status
};
for (const text of parsed.notices) notices.show(text, { kind: 'warn' });

const bridge = new EngineBridge({ workerUrl: new URL('./worker.js', import.meta.url) });
const colors = () => state.runs.map((_, i) => PALETTE[i % PALETTE.length]);
const runMeta = () => state.runs.map((r, i) => ({ title: runTitle(r), color: colors()[i] }));
const layerCount = () => state.shared.hidden.length + 1;

const charts = new CompareCharts($('charts'), {
  runs: runMeta(), layers: layerCount(), logLoss: state.shared.logLoss,
  onLogScale: (on) => { state.shared.logLoss = on; settle(); },
});
const cards = new RunCards($('runs'), { onChange: changeRun, onRemove: removeRun, onAdd: addRun });
cards.setAddButton($('add-run'));
const form = new Form(changeShared);
window.compare = { bridge, state, charts, cards, notices };  // for tests and curious people

// ---------------------------------------------------------------- settings changes

function outputRange(s) {
  return s.loss === 'bce' || s.output === 'sigmoid' ? [0, 1] : [-1, 1];
}

/** A shared setting from a control: checked, then view-only or a restart of every run. */
function changeShared(key, raw) {
  const spec = SCHEMA[key];
  const s = state.shared;
  let value = raw;
  if (spec.kind === 'number' || spec.kind === 'int') {
    if (typeof value === 'string') value = value.trim() === '' ? NaN : Number(value);
    if (!Number.isFinite(value)) {
      notices.show(`${key}: please enter a number between ${formatNumber(spec.min)} and ${formatNumber(spec.max)}.`, { key: `input-${key}` });
      form.set(s);
      return;
    }
    if (spec.kind === 'int') value = Math.round(value);
    if (value < spec.min || value > spec.max) {
      const clamped = Math.min(spec.max, Math.max(spec.min, value));
      notices.show(`${key}: ${value} is outside ${formatNumber(spec.min)}–${formatNumber(spec.max)}; using ${formatNumber(clamped)}.`, { key: `input-${key}` });
      value = clamped;
    }
  } else if (spec.kind === 'ints') {
    const r = readShared(key, raw);
    for (const text of r.notices) notices.show(text, { key: `input-${key}` });
    value = r.value;
  }
  if (key === 'loss' && value === 'bce' && s.problem === 'regression') {
    notices.show('loss: binary cross-entropy needs a classification dataset; keeping mse.', { key: 'input-loss' });
    form.set(s);
    return;
  }
  if (JSON.stringify(s[key]) === JSON.stringify(value)) { form.set(s); return; }
  s[key] = value;
  if (key === 'speed') { bridge.setOptions({ speed: value }); return settle(); }
  if (key === 'logLoss') { charts.setLogScale(value); return settle(); }
  if (key === 'showTest' || key === 'discretize') { cards.setOptions({ showTest: s.showTest, discretize: s.discretize }); return settle(); }
  if (key === 'dataset') {
    s.problem = problemOf(value);
    if (s.problem === 'regression' && s.loss === 'bce') {
      s.loss = 'mse';
      notices.show('loss: a regression dataset needs mse; switched from cross-entropy.', { key: 'input-loss', kind: 'info', timeoutMs: 6000 });
    }
  }
  restart(`Changed ${key}: every run starts again from the same new initial weights.`);
}

/** A run's setting from its card. key: 'optimizer', 'preset' or a hyperparameter. */
function changeRun(i, key, raw) {
  const run = state.runs[i];
  if (!run) return;
  const where = `Run ${i + 1} ${key}`;
  const before = JSON.stringify(run);
  if (key === 'optimizer') {
    if (!(raw in OPTIMIZERS) || raw === run.name) return;
    state.runs[i] = makeRun(raw, { lr: run.hp.lr });  // the same lr: a fair first comparison
  } else if (key === 'preset') {
    if (run.name !== 'rmsprop' || !(raw in PRESET_VALUES)) return cards.update(i, run);
    Object.assign(run.hp, PRESET_VALUES[raw]);
  } else {
    const spec = OPTIMIZERS[run.name].keys[key];
    if (!spec) return;
    const texts = [];
    const r = readHyper(where, spec, spec.kind === 'bool' ? (raw ? '1' : '0') : raw, texts);
    if (r.ok) run.hp[key] = r.value;
    normalizeRun(run, `Run ${i + 1}`, texts);
    for (const text of texts) notices.show(text, { key: `input-run-${i}-${key}` });
  }
  cards.update(i, state.runs[i]);
  if (JSON.stringify(state.runs[i]) === before) return;
  restart(`Run ${i + 1} is now ${describeRun(state.runs[i])}: every run starts again from the same initial weights, so the curves stay comparable.`);
}

function addRun() {
  if (state.runs.length >= MAX_RUNS) return;
  state.runs.push(cloneRun(state.runs.at(-1)));
  restart(`Added run ${state.runs.length}, a copy of run ${state.runs.length - 1}: change one of its settings to compare.`);
  cards.cards.at(-1)?.inputs.get('optimizer')?.focus();
}

function removeRun(i) {
  if (state.runs.length <= 1) return;
  state.runs.splice(i, 1);
  restart(`Removed run ${i + 1}; the others start again.`);
  const next = cards.cards[Math.min(i, cards.cards.length - 1)];
  next?.node.querySelector('.cmp-remove:not(:disabled)')?.focus() ?? $('add-run').focus();
}

function settle() {
  form.set(state.shared);
  history.replaceState(null, '', compareHash(state.shared, state.runs) || location.pathname + location.search);
}

let cardsShape = '';
/** New trainers for every run, from step 0. Keeps playing if it was. */
function restart(reason) {
  const wasPlaying = state.running;
  const config = { runs: state.runs.map((r) => runTrainerConfig(state.shared, r)) };
  charts.reset(runMeta(), layerCount());
  const shape = state.runs.map((r) => r.name).join(',');
  if (shape.split(',').length !== cardsShape.split(',').length || !cardsShape) {
    cards.render(state.runs, colors());
    if (state.points) cards.setPoints(state.points, state.shared.problem);
  } else {
    state.runs.forEach((r, i) => cards.update(i, r));
  }
  cardsShape = shape;
  state.last = state.runs.map(() => null);
  state.stoppedShown = state.runs.map(() => false);
  charts.setStopped(state.runs.map(() => false));
  for (let i = 0; i < MAX_RUNS; i++) notices.dismiss(`diverged-${i}`);
  bridge.init(config);
  if (wasPlaying) {
    state.pendingStart = true;
    bridge.start();
  } else {
    setPlaying(false);
  }
  if (reason) notices.show(reason, { key: 'reset', kind: 'info', timeoutMs: 6000 });
  settle();
}

// ---------------------------------------------------------------- controls

function setPlaying(on) {
  state.running = on;
  const b = $('play');
  b.setAttribute('aria-label', on ? 'Pause' : 'Play');
  b.textContent = on ? '❚❚' : '▶';
}

$('play').addEventListener('click', () => {
  if (state.running) {
    state.pendingStart = false;
    bridge.pause();
    setPlaying(false);
  } else {
    state.pendingStart = true;
    bridge.start();
    setPlaying(true);
  }
});
$('step').addEventListener('click', () => {
  state.pendingStart = false;
  setPlaying(false);
  bridge.step(1);
});
$('reset').addEventListener('click', () => {
  state.pendingStart = false;
  setPlaying(false);
  charts.reset(runMeta(), layerCount());
  charts.setStopped(state.runs.map(() => false));
  state.stoppedShown = state.runs.map(() => false);
  for (let i = 0; i < MAX_RUNS; i++) notices.dismiss(`diverged-${i}`);
  bridge.reset();
});
$('share').addEventListener('click', async () => {
  settle();
  try {
    await navigator.clipboard.writeText(location.href);
    notices.show('Link copied: it opens this comparison, runs and settings included.', { key: 'share', kind: 'info', timeoutMs: 4000 });
  } catch {
    notices.show(`Copy this link: ${location.href}`, { key: 'share', kind: 'info' });
  }
});

const speed = $('speed');
const SPEEDS = [[0, 'as fast as possible'], [1, '1 step / frame'], [5, '5 steps / frame'], [20, '20 steps / frame'], [100, '100 steps / frame']];
function fillSpeeds() {
  const list = [...SPEEDS];
  if (!list.some(([v]) => v === state.shared.speed)) list.push([state.shared.speed, `${state.shared.speed} steps / frame`]);
  speed.replaceChildren(...list.map(([v, label]) => el('option', { value: String(v), text: label })));
  speed.value = String(state.shared.speed);
}
speed.addEventListener('change', () => changeShared('speed', Number(speed.value)));

// ---------------------------------------------------------------- the shared panel

function numberField(key, label) {
  const spec = SCHEMA[key];
  const id = `shared-${key}`;
  const box = el('input', { type: 'number', id, min: spec.min, max: spec.max, step: 1, inputMode: 'numeric' });
  box.addEventListener('change', () => changeShared(key, box.value));
  form.controls.set(key, { set: (v) => { box.value = String(v); }, enable: (on) => { box.disabled = !on; } });
  return el('label', { class: 'field', for: id }, [el('span', { text: label }), box]);
}

function buildShared() {
  const root = $('shared-controls');
  const datasetNames = { plane: 'plane (regression)', multigauss: 'multigauss (regression)' };
  const hiddenId = 'shared-hidden';
  const hidden = el('input', { type: 'text', id: hiddenId, inputMode: 'numeric', spellcheck: false, autocomplete: 'off' });
  hidden.addEventListener('change', () => changeShared('hidden', hidden.value));
  form.controls.set('hidden', { set: (v) => { hidden.value = v.join(','); }, enable: () => {} });
  root.append(el('div', { class: 'fields cmp-shared-fields' }, [
    form.select('dataset', 'Dataset', { names: datasetNames }),
    form.range('n', 'Points'),
    form.range('noise', 'Noise'),
    form.range('trainRatio', 'Training share'),
    form.range('batch', 'Batch size (0 = all)'),
    el('label', { class: 'field', for: hiddenId }, [el('span', { text: 'Hidden layers (e.g. 8,8)' }), hidden]),
    form.select('activation', 'Activation'),
    form.select('output', 'Output'),
    form.select('loss', 'Loss', { names: { mse: 'mean squared error', bce: 'cross-entropy (logits)' } }),
    form.select('init', 'Initialisation', { names: { xavier: 'Xavier/Glorot', he: 'He', uniform: 'uniform ±0.5' } }),
    form.select('reg', 'Regularization', { names: { none: 'none', l1: 'L1', l2: 'L2' } }),
    form.range('regRate', 'Regularization rate'),
    numberField('seed', 'Weights seed'),
    numberField('dataSeed', 'Data seed'),
  ]));
  const names = { x1: 'x₁', x2: 'x₂', x1sq: 'x₁²', x2sq: 'x₂²', x1x2: 'x₁x₂', sinx1: 'sin x₁', sinx2: 'sin x₂' };
  const feats = el('div', { class: 'features', role: 'group', 'aria-label': 'Input features' });
  for (const f of SCHEMA.features.values) {
    const box = el('input', { type: 'checkbox', 'aria-label': `feature ${names[f]}` });
    box.dataset.feature = f;
    box.addEventListener('change', () => {
      const next = SCHEMA.features.values.filter((g) => (g === f ? box.checked : state.shared.features.includes(g)));
      if (!next.length) {
        box.checked = true;
        notices.show('features: the network needs at least one input.', { key: 'input-features' });
        return;
      }
      changeShared('features', next);
    });
    feats.append(el('label', {}, [box, document.createTextNode(names[f])]));
  }
  form.controls.set('features', {
    set: (list) => feats.querySelectorAll('input').forEach((b) => { b.checked = list.includes(b.dataset.feature); }),
    enable: () => {},
  });
  root.append(el('p', { class: 'hint', text: 'Features the network sees:' }), feats);
  root.append(el('div', { class: 'row' }, [
    form.check('showTest', 'show test points'),
    form.check('discretize', 'discretize output'),
  ]));
  root.append(el('p', { class: 'hint', text: 'Any change here makes new data or a new network for every run; they all start again from the same initial weights.' }));
}

// ---------------------------------------------------------------- from the worker

bridge.on('points', ({ points }) => {
  state.points = points;
  cards.setPoints(points, state.shared.problem);
});
bridge.on('error', ({ message }) => {
  setPlaying(false);
  notices.show(`The engine reported an error: ${message}`, { kind: 'error', key: 'engine' });
});
bridge.on('restarted', ({ reason, speedReset }) => {
  setPlaying(false);
  state.pendingStart = false;
  // The bridge restarts the worker (running if it was); stop it so the button tells the truth.
  setTimeout(() => bridge.pause(), 0);
  if (speedReset) {
    state.shared.speed = 0;
    fillSpeeds();
    settle();
  }
  notices.show(`${reason}; a new one was started with these settings, from step 0.${speedReset ? ' Speed is back to "as fast as possible".' : ''}`,
    { kind: 'error', key: 'restarted' });
});
bridge.on('metrics', (m) => {
  charts.append(m.runs);
  state.steps = m.steps;
  $('count-step').textContent = m.steps.toLocaleString('en');
  if (m.rate) $('count-rate').textContent = Math.round(m.rate).toLocaleString('en');
  const range = outputRange(state.shared);
  const stopped = [];
  m.runs.forEach((r, i) => {
    if (i >= state.runs.length) return;
    const h = r.history;
    const prev = state.last[i] ?? {};
    const row = h && h.rows > 0 ? h.rows - 1 : -1;
    const status = {
      steps: r.steps,
      train_loss: row >= 0 ? h.train_loss[row] : prev.train_loss,
      test_loss: row >= 0 ? h.test_loss[row] : prev.test_loss,
      test_acc: row >= 0 ? h.test_acc[row] : prev.test_acc,
      problem: state.shared.problem,
      divergence: r.divergence,
      error: r.error,
    };
    if (r.steps === 0 && row < 0) Object.assign(status, { train_loss: NaN, test_loss: NaN, test_acc: NaN });
    state.last[i] = status;
    cards.setStatus(i, status);
    if (r.grid) cards.setGrid(i, r.grid, m.gridSize, m.domain, range);
    const isStopped = !!(r.divergence?.stopped || r.error);
    stopped.push(isStopped);
    if (r.divergence?.stopped && !state.stoppedShown[i]) {
      state.stoppedShown[i] = true;
      notices.show(`Run ${i + 1} (${runTitle(state.runs[i])}) stopped. ${r.divergence.message}`, { kind: 'error', key: `diverged-${i}` });
    }
  });
  charts.setStopped(stopped);
  if (m.cause === 'start' && stopped.length && stopped.every(Boolean)) {
    notices.show('Every run has stopped. Change a setting or press Reset to start them again.', { kind: 'info', key: 'all-stopped', timeoutMs: 6000 });
  }
  if (state.pendingStart && (m.cause === 'start' || m.cause === 'loop')) state.pendingStart = false;
  if (!m.running && state.running && !state.pendingStart) setPlaying(false);
});

function frame() {
  charts.render();
  cards.draw();
  requestAnimationFrame(frame);
}

// ---------------------------------------------------------------- start

buildShared();
fillSpeeds();
cards.setOptions({ showTest: state.shared.showTest, discretize: state.shared.discretize });
bridge.setOptions({ speed: state.shared.speed, grid: 64, gridEveryMs: 100 });
restart(null);
requestAnimationFrame(frame);

// A new hash typed or pasted into the address bar loads that comparison.
window.addEventListener('hashchange', () => {
  if (location.hash === compareHash(state.shared, state.runs)) return;
  const next = parseCompareHash(location.hash);
  state.shared = next.shared;
  state.runs = next.runs;
  for (const text of next.notices) notices.show(text, { kind: 'warn' });
  cardsShape = '';
  fillSpeeds();
  charts.setLogScale(state.shared.logLoss);
  cards.setOptions({ showTest: state.shared.showTest, discretize: state.shared.discretize });
  bridge.setOptions({ speed: state.shared.speed });
  restart('Comparison loaded from the link.');
});
