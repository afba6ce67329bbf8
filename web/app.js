// The playground page: settings (from the URL hash), the training worker (through the bridge),
// and the views. Training never runs on this thread; this thread only draws, once per frame.
import { PageBridge } from './page-bridge.js';
import { readUpload } from './data/upload.js';
import { DATASETS, LIVE_KEYS, PRESET_VALUES, SCHEMA, SPEEDS, nearestSpeed, optimizerConfig, trainerConfig } from './state/schema.js';
import { parseHash, pointsFitInLink, toHash } from './state/url.js';
import { MetricCharts } from './ui/charts.js';
import { ClickMode } from './ui/click-mode.js';
import { divergenceText } from './ui/divergence.js';
import { el, Form, formatNumber } from './ui/form.js';
import { DecisionPlot } from './ui/heatmap.js';
import { NetworkDiagram } from './ui/network.js';
import { Notices } from './ui/notices.js';
import { Panels } from './ui/panels.js';
import { Readouts } from './ui/readouts.js';
import { ScaleBar } from './ui/scale-bar.js';
import { drawThumbnail } from './ui/thumbnails.js';
import { explainCharts } from './ui/explain.js';
import { RunRecorder } from './export/recorder.js';

const $ = (id) => document.getElementById(id);
const notices = new Notices($('notices'));
const speedLabel = (v) => (v === 0 ? 'as fast as possible' : `${v} step${v > 1 ? 's' : ''} / frame`);

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
  awaitFresh: false,          // after a reset or a new trainer: metrics of the old run still in flight are dropped
  readout: null,              // the latest metrics message not yet on show, and when it came ({m, at})
  readoutAt: -Infinity,       // when the counters and scores were last updated
};
for (const text of parsed.notices) notices.show(text, { kind: 'warn' });
snapSpeed(state.settings);

/** The worker index.html started before this script loaded, if it started and has not failed. */
function earlyWorker() {
  const worker = window.rmspropEarlyWorker;
  delete window.rmspropEarlyWorker;
  if (!worker?.failed) return worker ?? null;
  worker.terminate();
  return null;
}

/** The Speed menu lists a few speeds; a link may name another: the nearest one, with a notice. */
function snapSpeed(s) {
  const v = nearestSpeed(s.speed);
  if (v === s.speed) return;
  notices.show(`speed: ${s.speed} steps per frame is not on the Speed menu; using the nearest, ${speedLabel(v)}.`, { key: 'speed' });
  s.speed = v;
}

const bridge = new PageBridge();
bridge.warm(earlyWorker());
// The worker builds the first trainer (and its first grids) while this script builds the page;
// its answers are handled once the script has run, by the listeners below.
bridge.setOptions({ speed: state.settings.speed, grid: 100, neuronGrid: 24, gridEveryMs: 50 });
initWorker(trainerConfig(state.settings));
const charts = new MetricCharts($('charts'), {
  layers: state.settings.hidden.length + 1,
  logLoss: state.settings.logLoss,
  onLogScale: (on) => change('logLoss', on),  // the chart's own box: the same setting as the Output panel's
});
explainCharts($('charts'));
const clickMode = new ClickMode($('output-controls'), { onChange: () => { decision.removeOnClick = clickMode.removes; } });
const decision = new DecisionPlot($('decision'), {
  // The plot reports a plain click as label 1 and a shift-click as the other label.
  onAdd: (x1, x2, label) => bridge.addPoint({ x1, x2, label: clickMode.labelFor(label !== 1) }),
  onRemove: (x1, x2) => removeNear(x1, x2),
});
const scaleBar = new ScaleBar($('decision'));
const network = new NetworkDiagram($('network-diagram'), {});
const readouts = new Readouts($);
// Exports: the recorder keeps every metrics row and what recreating the run needs.
const recorder = new RunRecorder();
recorder.attach(bridge);
// The Export panel (below the charts) is loaded when it comes near the screen; watched from the
// first metrics on, when the charts above it have their size.
const exports = { recorder, panel: null };
const exportRoot = $('export-controls');
const offExportWatch = bridge.on('metrics', () => {
  offExportWatch();
  new IntersectionObserver((entries, observer) => {
    if (!entries.some((e) => e.isIntersecting)) return;
    observer.disconnect();
    import('./export/panel.js').then(({ ExportPanel }) => {
      exports.panel = new ExportPanel(exportRoot, { bridge, recorder, charts, decision, source: () => location.href });
    }).catch((err) => notices.show(`The Export panel could not be loaded: ${err.message}`, { kind: 'error', key: 'export-load' }));
  }, { rootMargin: '200px' }).observe(exportRoot);
});
window.playground = { bridge, state, notices, charts, exports };  // for tests and curious people

// ---------------------------------------------------------------- settings changes

const form = new Form(change);
const panels = new Panels({ form, state, change, notices, bridge, $, onUpload: loadCsv });

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
    panels.drawThumbnails();
  }
  if (key === 'dataset') state.customData = null;
  if (key === 'loss' && value === 'bce' && s.problem === 'regression') {
    notices.show('loss: binary cross-entropy needs a classification dataset; keeping mse.', { key: 'input-loss' });
    s.loss = 'mse';
    return settle();
  }
  restart(`Changed ${key}: the network starts again from new random weights (your points are kept).`);
}

/** The controls, the link and the legend follow the settings. */
function settle() {
  const s = state.settings;
  form.set(s);
  speed.value = String(s.speed);
  syncEnabled();
  scaleBar.set({ range: outputRange(s), problem: s.problem, discretize: s.discretize });
  // An uploaded point set never rides in the link (see loadCsv); the user's clicks do.
  const points = state.customData ? [] : state.userPoints;
  history.replaceState(null, '', toHash(s, points) || location.pathname + location.search);
  if (!pointsFitInLink(points)) {
    notices.show('Your points are too many for the share link; the link keeps the settings only.', { key: 'pts-link', kind: 'info' });
  }
}

function syncEnabled() {
  const s = state.settings;
  form.enable('regRate', s.reg !== 'none');
  form.enable('loss', s.problem === 'classification' || s.loss === 'bce');
  document.querySelectorAll('.thumb').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.name === s.dataset && !state.customData)));
}

/** The run starts over (Reset, a new trainer, a new worker): charts, counters and scores too. */
function startOver() {
  charts.reset(state.layers.length - 1);
  explainCharts($('charts'));
  readouts.reset(state.settings.problem);
  state.steps = 0;
  state.lastRow = null;
  state.firstLoss = null;
  state.awaitFresh = true;
}

/** The worker builds a trainer for the current settings and the user's points. */
function initWorker(config) {
  if (state.customData) bridge.init(config, { points: state.customData });
  else bridge.init(config, { userPoints: state.userPoints });
  bridge.requestWeights();
}

/** `sent`: the worker was already asked for this trainer (the first one, see the start). */
function restart(reason, { sent = false } = {}) {
  setPlaying(false);
  const config = trainerConfig(state.settings);
  state.layers = [config.features.length, ...config.hidden, 1];
  startOver();
  network.setStructure({ features: config.features, layers: state.layers });
  panels.renderNeuronButtons();
  clickMode.setProblem(state.settings.problem);
  decision.removeOnClick = clickMode.removes;
  if (!sent) initWorker(config);
  if (reason) notices.show(reason, { key: 'reset', kind: 'info', timeoutMs: 6000 });
  settle();
}

// ---------------------------------------------------------------- controls

function setPlaying(on) {
  state.running = on;
  state.startPending = false;
  const b = $('play');
  b.setAttribute('aria-label', on ? 'Pause' : 'Play');
  b.textContent = on ? '❚❚' : '▶';
}

function play() {
  notices.dismiss('diverged');
  bridge.start();
  setPlaying(true);
  state.startPending = true;  // metrics the worker sent before it got 'start' still say "not running"
}

$('play').addEventListener('click', () => {
  if (state.running) {
    bridge.pause();
    setPlaying(false);
  } else {
    play();
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
  startOver();
  bridge.reset();
  bridge.requestWeights();
});
$('share').addEventListener('click', async () => {
  settle();
  const n = state.customData?.x1.length;
  const csv = n ? ` It cannot carry your uploaded points (${n} from a CSV file): it opens with the generated ${state.settings.dataset} data.` : '';
  try {
    await navigator.clipboard.writeText(location.href);
    notices.show(`Link copied: it opens the playground with these settings.${csv}`, { key: 'share', kind: 'info', timeoutMs: csv ? 0 : 4000 });
  } catch {
    notices.show(`Copy this link: ${location.href}${csv}`, { key: 'share', kind: 'info' });
  }
});

const speed = $('speed');
for (const v of SPEEDS) speed.append(el('option', { value: String(v), text: speedLabel(v) }));
speed.addEventListener('change', () => change('speed', Number(speed.value)));

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
  const data = await readUpload(file, { problem: state.settings.problem, notices });
  if (!data) return;
  state.customData = data;
  bridge.setPoints(data);
  notices.show(`${file.name}: ${data.x1.length} points loaded (every fifth one is test data). `
    + 'The share link cannot carry uploaded points: it keeps the settings only.', { kind: 'info', key: 'csv-ok' });
  settle();
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
    (state.userPoints.length && !state.customData ? `, ${state.userPoints.length} yours` : '') +
    (state.customData ? ', from your CSV file' : '');
  settle();
});
bridge.on('thumbnails', ({ sets }) => {
  for (const button of document.querySelectorAll('.thumb')) {
    const pts = sets[button.dataset.name];
    if (pts) drawThumbnail(button.querySelector('canvas'), pts, state.settings.problem);
  }
});
bridge.on('weights', ({ weights }) => network.setWeights(weights));
bridge.on('error', ({ message }) => {
  setPlaying(false);
  notices.show(`The engine reported an error: ${message}`, { kind: 'error', key: 'engine' });
});
// The new worker (web/page-bridge.js) waits, paused at step 0, with the same settings and points.
bridge.on('restarted', ({ reason, speedReset }) => {
  setPlaying(false);
  if (speedReset) state.settings.speed = 0;
  startOver();
  const what = String(reason || 'the training worker was restarted');
  notices.show(`${what[0].toUpperCase()}${what.slice(1)}. A new one was started with your settings and points; it waits at step 0 `
    + `and the charts start again: press Play to train.${speedReset ? ' Speed is back to "as fast as possible".' : ''}`,
  { kind: 'error', key: 'restarted' });
  settle();
});
bridge.on('metrics', (m) => {
  if (state.awaitFresh) {
    if (m.steps !== 0) return;  // the run before the reset, still in flight
    state.awaitFresh = false;
  }
  charts.append(m.history);
  state.steps = m.steps;
  state.workerRunning = m.running;  // as the worker last said (bridge.running turns false on pause())
  state.readout = { m, at: performance.now() };  // on show from the next frame (showReadouts)
  const h = m.history;
  if (h.rows > 0) {
    const last = h.rows - 1;
    state.firstLoss ??= h.train_loss[0];
    state.lastLr = h.lr[last];
    state.lastRow = { train_loss: h.train_loss[last], test_loss: h.test_loss[last], train_acc: h.train_acc[last], test_acc: h.test_acc[last] };
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
    notices.show(divergenceText(m.divergence, m.steps), { kind: 'error', key: 'diverged' });
  } else if (m.running) {
    state.startPending = false;
  } else if (state.running && !state.startPending) {
    setPlaying(false);  // the worker stopped by itself
  }
});

// ---------------------------------------------------------------- view

function applyView() {
  const s = state.settings;
  document.body.classList.toggle('embed', s.embed);
  for (const section of document.querySelectorAll('[data-section]')) {
    section.hidden = s.hide.includes(section.dataset.section);
  }
  const workspace = document.querySelector('.workspace');  // its columns follow the panels shown (style.css)
  workspace.dataset.panels = String(workspace.querySelectorAll(':scope > .panel:not([hidden])').length);
  speed.value = String(s.speed);
  charts.setLogScale(s.logLoss);
  decision.setOptions({ showTest: s.showTest, discretize: s.discretize });
}

// The counters and scores follow the latest metrics message, at most every READOUT_MS while
// training runs (and at once when it stops). Messages arrive faster than frames, and rewriting
// text makes the browser lay out and repaint the page: done every frame, that alone cost about
// as much main-thread time as everything else on screen together.
const READOUT_MS = 100;

function showReadouts(now) {
  const r = state.readout;
  if (!r || (r.m.running && now - state.readoutAt < READOUT_MS)) return;
  state.readout = null;
  state.readoutAt = now;
  if (r.m.steps !== state.steps) return;  // the run started over since (startOver)
  readouts.update(r.m, r.at);
  if (state.lastRow) readouts.showScores(state.lastRow, state.settings.problem);
}

/** Everything on screen follows the worker once per frame; each view skips work when nothing changed. */
function frame(now) {
  showReadouts(now);
  charts.render();
  decision.draw();
  network.draw();
  requestAnimationFrame(frame);
}

// ---------------------------------------------------------------- start

panels.build();
panels.drawThumbnails();
applyView();
restart(null, { sent: true });
if (state.settings.autoplay) play();
requestAnimationFrame(frame);

// A new hash typed or pasted into the address bar (or an embedding element's new attributes)
// loads those settings.
window.addEventListener('hashchange', () => {
  if (location.hash === toHash(state.settings, state.userPoints)) return;
  const next = parseHash(location.hash);
  state.settings = next.settings;
  state.userPoints = next.points;
  state.customData = null;
  for (const text of next.notices) notices.show(text, { kind: 'warn' });
  snapSpeed(state.settings);
  form.set(state.settings);
  panels.drawThumbnails();
  applyView();
  bridge.setOptions({ speed: state.settings.speed });
  restart('Settings loaded from the link.');
  if (state.settings.autoplay) play();
});
