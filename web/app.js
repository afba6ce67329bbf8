// The playground page: settings (from the URL hash), the training worker (through the bridge),
// and the views. Training never runs on this thread; this thread only draws, once per frame.
import { EngineBridge } from './engine/bridge.js';
import { parseCsv } from './data/csv.js';
import { DATASETS, LIVE_KEYS, PRESET_VALUES, SCHEMA, defaults, optimizerConfig, trainerConfig } from './state/schema.js';
import { parseHash, pointsFitInLink, toHash } from './state/url.js';
import { MetricCharts } from './ui/charts.js';
import { el, Form, formatNumber } from './ui/form.js';
import { DecisionPlot } from './ui/heatmap.js';
import { NetworkDiagram } from './ui/network.js';
import { Notices } from './ui/notices.js';
import { drawThumbnail } from './ui/thumbnails.js';
import { explainCharts } from './ui/explain.js';
import { ExportPanel } from './export/panel.js';
import { RunRecorder } from './export/recorder.js';

const $ = (id) => document.getElementById(id);
const notices = new Notices($('notices'));

const parsed = parseHash(location.hash);
const state = {
  settings: parsed.settings,
  userPoints: parsed.points,  // [{x1, x2, label}] made by hand (clicks, the link)
  customData: null,           // a complete point set from a CSV upload, replacing generated data
  running: false,
  steps: 0,
  layers: [],
  lastRow: null,
  lastWeightsAt: 0,
};
for (const text of parsed.notices) notices.show(text, { kind: 'warn' });

const bridge = new EngineBridge();
const charts = new MetricCharts($('charts'), { layers: state.settings.hidden.length + 1, logLoss: state.settings.logLoss });
explainCharts($('charts'));
const decision = new DecisionPlot($('decision'), {
  onAdd: (x1, x2, label) => bridge.addPoint({ x1, x2, label }),
  onRemove: (x1, x2) => removeNear(x1, x2),
});
const network = new NetworkDiagram($('network-diagram'), {});
// Exports: the recorder keeps every metrics row and what recreating the run needs.
const recorder = new RunRecorder();
recorder.attach(bridge);
const exportPanel = new ExportPanel($('export-controls'), { bridge, recorder, charts, decision, source: () => location.href });
window.playground = { bridge, state, notices, charts, exports: { recorder, panel: exportPanel } };  // for tests and curious people

// ---------------------------------------------------------------- settings changes

const form = new Form(change);

function outputRange(s) {
  if (s.loss === 'bce' || s.output === 'sigmoid') return [0, 1];
  return [-1, 1];
}

/** Applies a change from a control: validated, then live, view-only, or a reset. */
function change(key, raw) {
  const spec = SCHEMA[key];
  const s = state.settings;
  let value = raw;
  if (spec.kind === 'number' || spec.kind === 'int') {
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
  }
  if (key === 'preset') {
    if (value !== 'custom') {
      Object.assign(s, PRESET_VALUES[value]);
      const { name, ...hyperparams } = optimizerConfig(s);  // set() takes hyperparameters, not the name
      bridge.set(hyperparams);
    }
    s.preset = value;
    return settle();
  }
  if (JSON.stringify(s[key]) === JSON.stringify(value)) return settle();
  s[key] = value;
  if (LIVE_KEYS.includes(key)) {
    if (key in PRESET_VALUES.pytorch && s.preset !== 'custom' && PRESET_VALUES[s.preset][key] !== value) s.preset = 'custom';
    if (key === 'batch') bridge.setBatchSize(value);
    else bridge.set({ [key]: value });
    return settle();
  }
  if (key === 'logLoss') charts.setLogScale(value);
  if (key === 'showTest' || key === 'discretize') decision.setOptions({ showTest: s.showTest, discretize: s.discretize });
  if (key === 'speed') bridge.setOptions({ speed: value });
  if (['logLoss', 'showTest', 'discretize', 'speed'].includes(key)) return settle();
  // Everything else changes the data or the network: a new trainer.
  if (key === 'problem') {
    s.dataset = DATASETS[value][0];
    if (value === 'regression' && s.loss === 'bce') s.loss = 'mse';
    state.customData = null;
    drawThumbnails();
  }
  if (key === 'dataset') state.customData = null;
  if (key === 'loss' && value === 'bce' && s.problem === 'regression') {
    notices.show('loss: binary cross-entropy needs a classification dataset; keeping mse.', { key: 'input-loss' });
    s.loss = 'mse';
    return settle();
  }
  restart(`Changed ${key}: the network starts again from new random weights (your points are kept).`);
}

function settle() {
  form.set(state.settings);
  syncEnabled();
  history.replaceState(null, '', toHash(state.settings, state.userPoints) || location.pathname + location.search);
  if (!pointsFitInLink(state.userPoints)) {
    notices.show('Your points are too many for the share link; the link keeps the settings only.', { key: 'pts-link', kind: 'info' });
  }
}

function syncEnabled() {
  const s = state.settings;
  form.enable('regRate', s.reg !== 'none');
  form.enable('loss', s.problem === 'classification' || s.loss === 'bce');
  document.querySelectorAll('.thumb').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.name === s.dataset && !state.customData)));
}

function restart(reason) {
  state.running = false;
  setPlaying(false);
  const config = trainerConfig(state.settings);
  state.layers = [config.features.length, ...config.hidden, 1];
  charts.reset(state.layers.length - 1);
  explainCharts($('charts'));
  network.setStructure({ features: config.features, layers: state.layers });
  renderNeuronButtons();
  state.lastRow = null;
  state.firstLoss = null;
  if (state.customData) bridge.init(config, { points: state.customData });
  else bridge.init(config, { userPoints: state.userPoints });
  bridge.requestWeights();
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
    bridge.pause();
    setPlaying(false);
  } else {
    notices.dismiss('diverged');
    bridge.start();
    setPlaying(true);
  }
});
$('step').addEventListener('click', () => {
  setPlaying(false);
  notices.dismiss('diverged');
  bridge.step(1);
});
$('reset').addEventListener('click', () => {
  setPlaying(false);
  notices.dismiss('diverged');
  charts.reset(state.layers.length - 1);
  explainCharts($('charts'));
  state.firstLoss = null;
  bridge.reset();
  bridge.requestWeights();
});
$('share').addEventListener('click', async () => {
  settle();
  try {
    await navigator.clipboard.writeText(location.href);
    notices.show('Link copied: it opens the playground with these settings.', { key: 'share', kind: 'info', timeoutMs: 4000 });
  } catch {
    notices.show(`Copy this link: ${location.href}`, { key: 'share', kind: 'info' });
  }
});

const speed = $('speed');
for (const [v, label] of [[0, 'as fast as possible'], [1, '1 step / frame'], [5, '5 steps / frame'], [20, '20 steps / frame'], [100, '100 steps / frame']]) {
  speed.append(el('option', { value: String(v), text: label }));
}
speed.addEventListener('change', () => change('speed', Number(speed.value)));

// ---------------------------------------------------------------- panels

function buildPanels() {
  const s = state.settings;
  const data = $('data-controls');
  data.append(form.select('problem', 'Problem', { names: { classification: 'Classification', regression: 'Regression' } }));
  const thumbs = el('div', { class: 'thumbs', role: 'group', 'aria-label': 'Dataset' });
  data.append(thumbs);
  data.append(el('div', { class: 'fields' }, [
    form.range('noise', 'Noise'),
    form.range('trainRatio', 'Training share'),
    form.range('n', 'Points'),
    form.range('batch', 'Batch size (0 = all)'),
  ]));
  const regen = el('button', { type: 'button', class: 'small-button', text: 'Regenerate' });
  regen.addEventListener('click', () => change('dataSeed', (state.settings.dataSeed % 999999) + 1));
  const upload = el('input', { type: 'file', accept: '.csv,text/csv,text/plain', id: 'csv-input', class: 'visually-hidden' });
  const uploadLabel = el('label', { for: 'csv-input', class: 'small-button', text: 'Upload CSV…' });
  upload.addEventListener('change', () => loadCsv(upload.files[0]).finally(() => { upload.value = ''; }));
  data.append(el('div', { class: 'row' }, [regen, uploadLabel, upload, el('span', { class: 'hint', id: 'data-count' })]));
  data.append(el('p', { class: 'hint', text: 'Features the network sees:' }));
  const feats = el('div', { class: 'features', role: 'group', 'aria-label': 'Input features' });
  const names = { x1: 'x₁', x2: 'x₂', x1sq: 'x₁²', x2sq: 'x₂²', x1x2: 'x₁x₂', sinx1: 'sin x₁', sinx2: 'sin x₂' };
  for (const f of SCHEMA.features.values) {
    const box = el('input', { type: 'checkbox', checked: s.features.includes(f), 'aria-label': `feature ${names[f]}` });
    box.addEventListener('change', () => {
      const next = SCHEMA.features.values.filter((g) => (g === f ? box.checked : state.settings.features.includes(g)));
      if (next.length === 0) {
        box.checked = true;
        notices.show('features: the network needs at least one input.', { key: 'input-features' });
        return;
      }
      change('features', next);
    });
    box.dataset.feature = f;
    feats.append(el('label', {}, [box, document.createTextNode(names[f])]));
  }
  form.controls.set('features', {
    set: (list) => feats.querySelectorAll('input').forEach((b) => { b.checked = list.includes(b.dataset.feature); }),
    enable: () => {},
  });
  data.append(feats);

  const net = $('network-controls');
  const layerRow = el('div', { class: 'row' });
  const addLayer = el('button', { type: 'button', class: 'small-button', text: '+ layer', 'aria-label': 'Add a hidden layer' });
  const removeLayer = el('button', { type: 'button', class: 'small-button', text: '− layer', 'aria-label': 'Remove a hidden layer' });
  const layerInfo = el('span', { class: 'hint', id: 'layer-info' });
  addLayer.addEventListener('click', () => {
    const h = state.settings.hidden;
    if (h.length >= SCHEMA.hidden.maxLength) return notices.show(`At most ${SCHEMA.hidden.maxLength} hidden layers.`, { key: 'input-hidden' });
    change('hidden', [...h, h.at(-1) ?? 4]);
  });
  removeLayer.addEventListener('click', () => {
    const h = state.settings.hidden;
    if (h.length <= 1) return notices.show('At least one hidden layer.', { key: 'input-hidden' });
    change('hidden', h.slice(0, -1));
  });
  const reseed = el('button', { type: 'button', class: 'small-button', text: 'New weights', title: 'Start again from other random weights (the seed is in the link)' });
  reseed.addEventListener('click', () => change('seed', (state.settings.seed % 999999) + 1));
  layerRow.append(addLayer, removeLayer, reseed, layerInfo);
  net.append(layerRow, el('div', { class: 'row', id: 'neuron-buttons' }));
  net.append(el('div', { class: 'fields' }, [
    form.select('activation', 'Activation'),
    form.select('output', 'Output'),
    form.select('loss', 'Loss', { names: { mse: 'mean squared error', bce: 'cross-entropy (logits)' } }),
    form.select('init', 'Initialisation', { names: { xavier: 'Xavier/Glorot', he: 'He', uniform: 'uniform ±0.5' } }),
    form.select('reg', 'Regularization', { names: { none: 'none', l1: 'L1', l2: 'L2' } }),
    form.range('regRate', 'Regularization rate'),
  ]));

  const opt = $('optimizer-controls');
  opt.append(el('div', { class: 'fields' }, [
    form.select('preset', 'Preset', { names: { pytorch: 'PyTorch', keras: 'Keras / TF2', tf1: 'TF1', hinton2012: 'Hinton 2012', custom: 'custom' } }),
    form.range('lr', 'Learning rate (lr)'),
    form.range('alpha', 'Decay (alpha)'),
    form.range('eps', 'Epsilon (eps)'),
    form.range('momentum', 'Momentum'),
    form.range('weight_decay', 'Weight decay'),
    form.range('initial_accumulator', 'Initial accumulator'),
  ]));
  opt.append(el('div', { class: 'row' }, [
    form.check('centered', 'centered (Graves 2013)'),
    form.check('eps_in_sqrt', 'eps inside the square root (Keras, TF)'),
  ]));
  opt.append(el('p', { class: 'hint', text: 'The optimizer settings change live, without a reset. Everything else starts the network again.' }));

  const out = $('output-controls');
  out.append(el('div', { class: 'row' }, [
    form.check('showTest', 'show test data'),
    form.check('discretize', 'discretize output'),
    form.check('logLoss', 'log-scale loss'),
  ]));
  renderNeuronButtons();
}

function renderNeuronButtons() {
  const row = $('neuron-buttons');
  row.replaceChildren();
  state.settings.hidden.forEach((count, i) => {
    const minus = el('button', { type: 'button', class: 'small-button', text: '−', 'aria-label': `Fewer neurons in layer ${i + 1}` });
    const plus = el('button', { type: 'button', class: 'small-button', text: '+', 'aria-label': `More neurons in layer ${i + 1}` });
    const resize = (d) => {
      const h = [...state.settings.hidden];
      const next = h[i] + d;
      if (next < SCHEMA.hidden.min || next > SCHEMA.hidden.max) {
        return notices.show(`Layer ${i + 1}: ${SCHEMA.hidden.min}–${SCHEMA.hidden.max} neurons.`, { key: 'input-hidden' });
      }
      h[i] = next;
      change('hidden', h);
    };
    minus.addEventListener('click', () => resize(-1));
    plus.addEventListener('click', () => resize(+1));
    row.append(el('span', { class: 'hint', text: `L${i + 1}: ${count}` }), minus, plus);
  });
  $('layer-info').textContent = `${state.settings.hidden.length} hidden layer${state.settings.hidden.length > 1 ? 's' : ''}, seed ${state.settings.seed}`;
}

function drawThumbnails() {
  const box = document.querySelector('.thumbs');
  box.replaceChildren();
  for (const name of DATASETS[state.settings.problem]) {
    const canvas = el('canvas', { width: 96, height: 96 });
    const button = el('button', { type: 'button', class: 'thumb', 'aria-label': `Dataset ${name}`, 'aria-pressed': 'false' }, [canvas, el('span', { text: name })]);
    button.dataset.name = name;
    button.addEventListener('click', () => change('dataset', name));
    box.append(button);
  }
  bridge.thumbnails(DATASETS[state.settings.problem], { n: 200, noise: 0, seed: 1 });
  syncEnabled();
}

// ---------------------------------------------------------------- data

function removeNear(x1, x2) {
  const p = bridge.points;
  if (!p) return;
  let best = -1;
  let bestD = 0.4 * 0.4;
  for (let i = 0; i < p.x1.length; i++) {
    const d = (p.x1[i] - x1) ** 2 + (p.x2[i] - x2) ** 2;
    if (d <= bestD) [best, bestD] = [i, d];
  }
  if (best >= 0) bridge.removePoint(best);
}

async function loadCsv(file) {
  if (!file) return;
  const MAX = 1_000_000;
  if (file.size > MAX) {
    notices.show(`${file.name}: ${file.size} bytes is more than the ${MAX}-byte limit for uploads.`, { kind: 'error', key: 'csv' });
    return;
  }
  const { points, errors, warnings } = parseCsv(await file.text(), { problem: state.settings.problem, maxBytes: MAX });
  for (const w of warnings) notices.show(`${file.name}: ${w}`, { kind: 'info', key: `csv-w-${w}` });
  if (errors.length) {
    notices.show(`${file.name}: ${errors.length} problem${errors.length > 1 ? 's' : ''}${points.length ? `; the ${points.length} good rows were loaded` : '; nothing was loaded'}:\n${errors.join('\n')}`,
      { kind: 'error', key: 'csv' });
  } else {
    notices.dismiss('csv');
  }
  if (!points.length) return;
  const n = points.length;
  const data = { x1: new Float64Array(n), x2: new Float64Array(n), label: new Float64Array(n), test: new Float64Array(n), user: new Float64Array(n).fill(1) };
  points.forEach((p, i) => {
    data.x1[i] = p.x1;
    data.x2[i] = p.x2;
    data.label[i] = p.label;
    data.test[i] = i % 5 === 4 ? 1 : 0;  // every fifth point is held out for testing
  });
  state.customData = data;
  bridge.setPoints(data);
  notices.show(`${file.name}: ${n} points loaded (every fifth one is test data).`, { kind: 'info', key: 'csv-ok', timeoutMs: 6000 });
  syncEnabled();
}

// ---------------------------------------------------------------- from the worker

bridge.on('ready', () => { state.steps = 0; });
bridge.on('points', ({ points, trainSize, testSize }) => {
  decision.setPoints(points, state.settings.problem);
  if (!state.customData) {
    const mine = [];
    for (let i = 0; i < points.x1.length; i++) {
      if (points.user[i]) mine.push({ x1: points.x1[i], x2: points.x2[i], label: points.label[i] });
    }
    state.userPoints = mine;
  }
  $('data-count').textContent = `${trainSize + testSize} points (${trainSize} train, ${testSize} test)` +
    (state.userPoints.length && !state.customData ? `, ${state.userPoints.length} yours` : '');
  settle();
});
bridge.on('thumbnails', ({ sets }) => {
  for (const button of document.querySelectorAll('.thumb')) {
    const pts = sets[button.dataset.name];
    if (pts) drawThumbnail(button.querySelector('canvas'), pts, state.settings.problem);
  }
});
bridge.on('weights', ({ weights }) => network.setWeights(weights));
bridge.on('optimizer', () => {});
bridge.on('error', ({ message }) => {
  setPlaying(false);
  notices.show(`The engine reported an error: ${message}`, { kind: 'error', key: 'engine' });
});
bridge.on('restarted', ({ reason, speedReset }) => {
  setPlaying(false);
  notices.show(`${reason}; a new one was started with your settings and points.${speedReset ? ' Speed is back to "as fast as possible".' : ''}`,
    { kind: 'error', key: 'restarted' });
  if (speedReset) state.settings.speed = 0;
  speed.value = String(state.settings.speed);
});
bridge.on('metrics', (m) => {
  charts.append(m.history);
  state.steps = m.steps;
  $('count-step').textContent = m.steps.toLocaleString('en');
  $('count-epoch').textContent = m.epoch.toLocaleString('en');
  // The last measured speed stays on show while paused (it is the speed of the last run).
  if (m.rate) {
    $('count-rate').textContent = Math.round(m.rate).toLocaleString('en');
    $('count-ms').textContent = (1000 / m.rate).toPrecision(2);
  }
  const h = m.history;
  if (h.rows > 0) {
    const last = h.rows - 1;
    state.firstLoss ??= h.train_loss[0];
    state.lastLr = h.lr[last];
    state.lastRow = { train_loss: h.train_loss[last], test_loss: h.test_loss[last], train_acc: h.train_acc[last], test_acc: h.test_acc[last] };
    showScores();
  }
  const range = outputRange(state.settings);
  if (m.grid) decision.setGrid(m.grid, m.gridSize, m.domain, range);
  if (m.neuronGrids) network.setNeuronGrids(m.neuronGrids, m.neuronGridSize, range);
  const now = performance.now();
  if (now - state.lastWeightsAt > 400 || !m.running) {
    state.lastWeightsAt = now;
    bridge.requestWeights();
  }
  if (m.divergence?.stopped) {
    setPlaying(false);
    notices.show(m.divergence.message, { kind: 'error', key: 'diverged' });
  } else if (!m.running && state.running) {
    setPlaying(false);
  }
});

function showScores() {
  const r = state.lastRow;
  const fmt = (v) => (Number.isFinite(v) ? v.toFixed(4) : '–');
  const pct = (v) => (Number.isFinite(v) ? `${(100 * v).toFixed(1)} %` : '–');
  const rows = [['Training loss', fmt(r.train_loss)], ['Test loss', fmt(r.test_loss)]];
  if (state.settings.problem === 'classification') rows.push(['Training accuracy', pct(r.train_acc)], ['Test accuracy', pct(r.test_acc)]);
  $('scores').replaceChildren(...rows.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })]));
}

// ---------------------------------------------------------------- view

function applyView() {
  const s = state.settings;
  document.body.classList.toggle('embed', s.embed);
  for (const section of document.querySelectorAll('[data-section]')) {
    section.hidden = s.hide.includes(section.dataset.section);
  }
  speed.value = String(s.speed);
  charts.setLogScale(s.logLoss);
  decision.setOptions({ showTest: s.showTest, discretize: s.discretize });
}

function frame() {
  charts.render();
  decision.draw();
  network.draw();
  requestAnimationFrame(frame);
}

// ---------------------------------------------------------------- start

buildPanels();
drawThumbnails();
applyView();
bridge.setOptions({ speed: state.settings.speed, grid: 100, neuronGrid: 24, gridEveryMs: 50 });
restart(null);
requestAnimationFrame(frame);

// A new hash typed or pasted into the address bar loads those settings.
window.addEventListener('hashchange', () => {
  if (location.hash === toHash(state.settings, state.userPoints)) return;
  const next = parseHash(location.hash);
  state.settings = next.settings;
  state.userPoints = next.points;
  state.customData = null;
  for (const text of next.notices) notices.show(text, { kind: 'warn' });
  form.set(state.settings);
  drawThumbnails();
  applyView();
  restart('Settings loaded from the link.');
});
