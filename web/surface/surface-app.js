// The loss-surface page (surface.html): a 2-D test function as a contour plot, up to four
// optimizers stepping on it from the same start, their paths, gradients and per-coordinate step
// sizes, and the loss per step. Settings come from the URL hash (web/surface/state.js, the one
// place a link is checked) and go back into it.
//
// No engine runs on this thread: every optimizer step and every engine.surface call is made by
// the page's module worker (worker.js), reached through bridge.js (messages: protocol.js). Each
// animation frame asks for one batch of steps (`speed` steps per run, or with speed 0 as many as
// the worker computes in ~12 ms) unless one is still in flight; the new points arrive as
// transferred typed arrays and are copied into the page's runs (run-view.js), and the frame only
// draws. If the worker crashes or hangs, a notice says so and a new one restarts the runs with
// the same settings. The contour background is computed here from functions.js's JavaScript
// port of the functions (no engine involved).
import { reportHeight } from '../embed/frame-height.js';
import { PALETTE } from '../ui/charts.js';
import { el } from '../ui/form.js';
import { Notices } from '../ui/notices.js';
import { SurfaceBridge } from './bridge.js';
import { ContourPlot } from './contour.js';
import { formatNumber } from './format.js';
import { FUNCTIONS, FUNCTION_NAMES, evaluate, surfaceInfo, surfaceSpec } from './functions.js';
import { LossChart } from './loss-chart.js';
import { Readout } from './readout.js';
import { RunView } from './run-view.js';
import { MAX_STEPS } from './runner.js';
import { RunsEditor } from './runs-editor.js';
import {
  clampStart, functionDefaults, optimizerSpec, parseSurfaceHash, readFunctionParam, readValue, toSurfaceHash,
} from './state.js';

const CHART_EVERY_MS = 50;    // the loss chart redraws at most 20 times a second while playing
const READOUT_EVERY_MS = 50;
const COLORS = PALETTE.slice(0, 4);
const SPEEDS = [[1, '1 step / frame'], [2, '2 steps / frame'], [5, '5 steps / frame'], [20, '20 steps / frame'], [100, '100 steps / frame'], [0, 'as fast as possible']];

const $ = (id) => document.getElementById(id);
const notices = new Notices($('notices'));

const parsed = parseSurfaceHash(location.hash);
const state = {
  settings: parsed.settings,
  playing: false,
  runs: [],
  step: 0,
  finished: false,     // every run has reached a minimum or stopped (auto-paused once)
  pendingStart: null,  // a drag's latest start point, applied once per frame
  manualSteps: 0,      // Step presses not yet sent to the worker
  readoutAt: 0,
  readoutDirty: true,
  frameMs: 0,          // the last frame's main-thread work: taking in the worker's rows and drawing (for tests)
  applyMs: 0,          // time spent taking in the worker's rows since the last frame
  chartAt: 0,
};
for (const text of parsed.notices) notices.show(text, { kind: 'warn' });
reportHeight();

const bridge = new SurfaceBridge({
  onStarted: started,
  onSteps: applySteps,
  onError: (message) => {
    setPlaying(false);
    notices.show(`The engine failed: ${message}`, { kind: 'error', key: 'worker' });
  },
  onCrash: ({ reason, restarting }) => {
    notices.show(`The engine's worker stopped (${reason}). ${restarting ? 'A new one has started every run again with the same settings.'
      : 'It keeps failing, so it was not restarted: press Reset to try again, or reload the page.'}`, { kind: 'error', key: 'worker' });
    if (restarting) restart();
    else setPlaying(false);
  },
});

const plot = new ContourPlot($('contour'), { onStart: (x, y, final) => setStart(x, y, final) });
const chart = new LossChart($('loss-chart'));
const readout = new Readout($('readout'));
const editor = new RunsEditor($('runs'), {
  colors: COLORS,
  onChange: (runs) => {
    state.settings.runs = runs;
    restart();
    settle();
  },
  notify: (text) => notices.show(text, { kind: 'warn', key: `input-${text.split(':')[0]}` }),
});

// ---------------------------------------------------------------- function panel

const fnSelect = $('fn-select');
for (const name of FUNCTION_NAMES) fnSelect.append(el('option', { value: name, text: FUNCTIONS[name].label }));
fnSelect.addEventListener('change', () => {
  const s = state.settings;
  s.function = fnSelect.value;
  Object.assign(s, functionDefaults(s.function));
  s.start = [...surfaceInfo(s.function, s.a, s.b).start];
  loadSurface();
  settle();
});

for (const key of ['a', 'b']) {
  $(`fn-${key}`).addEventListener('change', (e) => {
    const s = state.settings;
    const list = [];
    const { value } = readFunctionParam(s.function, key, e.target.value, list);
    list.forEach((t) => notices.show(t, { kind: 'warn', key: `input-${key}` }));
    if (value !== undefined && value !== s[key]) {
      s[key] = value;
      const info = surfaceInfo(s.function, s.a, s.b);
      s.start = clampStart(info, s.start[0], s.start[1], []);
      loadSurface();
    }
    settle();
  });
}
for (const [k, id] of [[0, 'start-x'], [1, 'start-y']]) {
  $(id).addEventListener('change', (e) => {
    const s = state.settings;
    const list = [];
    const axis = k ? 'y' : 'x';
    const r = readValue(`start ${axis}`, { kind: 'number', min: -Infinity, max: Infinity, default: s.start[k] }, e.target.value, list);
    if (r.ok) {
      const p = [...s.start];
      p[k] = r.value;
      const clamped = clampStart(surfaceInfo(s.function, s.a, s.b), p[0], p[1], list, 'start');
      setStart(clamped[0], clamped[1], true);
    }
    list.forEach((t) => notices.show(t, { kind: 'warn', key: `input-start-${axis}` }));
    syncControls();
  });
}

function syncControls() {
  const s = state.settings;
  const params = FUNCTIONS[s.function].params;
  fnSelect.value = s.function;
  for (const key of ['a', 'b']) {
    const input = $(`fn-${key}`);
    const spec = params[key];
    input.closest('.field').hidden = !spec;
    if (spec) {
      input.min = String(spec.min);
      input.max = String(spec.max);
      input.value = String(s[key]);
    }
  }
  $('start-x').value = String(s.start[0]);
  $('start-y').value = String(s.start[1]);
  $('fn-formula').textContent = FUNCTIONS[s.function].formula;
  $('fn-about').textContent = FUNCTIONS[s.function].about;
  const info = currentInfo();
  $('key-minimum').hidden = info.kind === 'saddle';
  $('key-saddle').hidden = info.kind !== 'saddle';
  $('key-minimum').lastChild.textContent = info.minima.length > 1 ? 'minima' : 'minimum';
  $('chart-hint').textContent = info.kind === 'saddle'
    ? 'The saddle has no minimum, so this is f itself (linear scale): it falls without end once a run escapes.'
    : 'f* is the minimum value. f − f* below 1e-12 is drawn on the bottom edge (hover for the exact value).';
  speed.value = String(s.speed);
}

// ---------------------------------------------------------------- runs

function currentInfo() {
  const s = state.settings;
  return surfaceInfo(s.function, s.a, s.b);
}

/** The function changed (or a, b): new contour grid, all runs start again. */
function loadSurface() {
  const s = state.settings;
  plot.setSurface({ name: s.function, a: s.a, b: s.b, info: currentInfo(), evaluate, label: FUNCTIONS[s.function].label });
  syncControls();
  restart();
}

/**
 * Every run starts again from the start point with the current settings: the page's runs at
 * once (pending), the worker's with a reset whose answer (started) fills in f and the gradient.
 */
function restart() {
  const s = state.settings;
  const info = currentInfo();
  state.runs = s.runs.map((settings, i) => new RunView(settings, info, s.start, COLORS[i]));
  bridge.reset({ surface: { spec: surfaceSpec(s.function, s.a, s.b), info }, start: [...s.start], runs: s.runs.map(optimizerSpec) });
  for (let i = 0; i < 4; i++) notices.dismiss(`diverged-${i}`);
  notices.dismiss('finished');
  state.step = 0;
  state.finished = false;
  state.manualSteps = 0;
  plot.setStart(s.start);
  plot.setOptions({ arrows: s.arrows });
  showRuns();
}

/** Hands the current runs to the plot, the chart, the readout and the legend. */
function showRuns() {
  const info = currentInfo();
  const log = info.kind === 'minimum';
  plot.setRuns(state.runs);
  chart.setRuns(state.runs, { log, fmin: info.fmin });
  readout.setRuns(state.runs, { log, fmin: info.fmin });
  renderLegend();
  updateCounters();
}

/** The worker's answer to the latest reset: each run's start row, and the runs it refused. */
function started({ runs, failed }) {
  const t0 = performance.now();
  if (failed.length) {
    for (const { index, message } of failed) notices.show(`Run ${index + 1} could not start: ${message}`, { kind: 'error', key: `run-error-${index}` });
    const refused = new Set(failed.map((f) => f.index));
    state.runs = state.runs.filter((_, i) => !refused.has(i));
    showRuns();
  }
  state.runs.forEach((r, i) => { if (r.start(runs[i])) reportStop(r); });
  plot.invalidate();
  chart.invalidate();
  state.readoutDirty = true;
  if (state.playing && !state.runs.some((r) => r.running)) setPlaying(false);
  window.surfacePage.ready = true;
  state.applyMs += performance.now() - t0;
}

/** A batch of steps from the worker. */
function applySteps({ taken, runs }) {
  const t0 = performance.now();
  state.runs.forEach((r, i) => { if (r.append(runs[i])) reportStop(r); });
  state.step += taken;
  afterSteps();
  state.applyMs += performance.now() - t0;
}

function setStart(x, y, final) {
  state.settings.start = [x, y];
  if (!final) {
    state.pendingStart = [x, y];  // applied in the next frame (a drag moves many times per frame)
    return;
  }
  state.pendingStart = null;
  restart();
  syncControls();
  settle();
}

function reportStop(run) {
  const i = state.runs.indexOf(run);
  notices.show(run.stopMessage, { kind: 'error', key: `diverged-${i}` });
}

function afterSteps() {
  plot.invalidate();
  chart.invalidate();
  state.readoutDirty = true;
  updateCounters();
  const running = state.runs.filter((r) => r.running);
  if (!running.length) {
    if (state.playing) setPlaying(false);
    const limit = state.runs.some((r) => r.status === 'limit');
    notices.show(limit ? `Every run stopped at the ${MAX_STEPS.toLocaleString('en')}-step limit. Reset to watch again.`
      : 'Every run has stopped. Reset (or press Play) to watch again.', { kind: 'info', key: 'finished', timeoutMs: 8000 });
    return;
  }
  const info = currentInfo();
  if (!state.finished && info.kind === 'minimum' && state.runs.every((r) => !r.running || r.reachedAt >= 0)) {
    state.finished = true;
    if (state.playing) setPlaying(false);
    notices.show(`Step ${state.step}: every run has reached the minimum or stopped. Press Play to keep going.`, { kind: 'info', key: 'finished', timeoutMs: 8000 });
  }
}

// ---------------------------------------------------------------- controls

const playButton = $('play');
const speed = $('speed');
for (const [v, label] of SPEEDS) speed.append(el('option', { value: String(v), text: label }));
if (!SPEEDS.some(([v]) => v === state.settings.speed)) {
  speed.append(el('option', { value: String(state.settings.speed), text: `${state.settings.speed} steps / frame` }));
}
speed.addEventListener('change', () => {
  state.settings.speed = Number(speed.value);
  settle();
});

function setPlaying(on) {
  state.playing = on;
  playButton.setAttribute('aria-label', on ? 'Pause' : 'Play');
  playButton.textContent = on ? '❚❚' : '▶';
}

playButton.addEventListener('click', () => {
  if (state.playing) return setPlaying(false);
  if (!state.runs.some((r) => r.running)) restart();  // everything stopped: watch it again
  notices.dismiss('finished');
  setPlaying(true);
});
$('step').addEventListener('click', () => {
  setPlaying(false);
  state.manualSteps += 1;  // sent with the next frame's request
});
$('reset').addEventListener('click', () => {
  setPlaying(false);
  restart();
});
$('share').addEventListener('click', async () => {
  settle();
  try {
    await navigator.clipboard.writeText(location.href);
    notices.show('Link copied: it opens this page with these settings.', { key: 'share', kind: 'info', timeoutMs: 4000 });
  } catch {
    notices.show(`Copy this link: ${location.href}`, { key: 'share', kind: 'info' });
  }
});
$('arrows').addEventListener('change', (e) => {
  state.settings.arrows = e.target.checked;
  plot.setOptions({ arrows: state.settings.arrows });
  settle();
});

function updateCounters() {
  $('count-step').textContent = state.step.toLocaleString('en');
}

function renderLegend() {
  const items = state.runs.map((r) => {
    const item = el('li', {}, [el('span', { class: 'swatch', 'aria-hidden': 'true' }), el('span', { text: `${r.label}, lr ${formatNumber(r.settings.hp.lr)}` })]);
    item.style.setProperty('--run-color', r.color);
    return item;
  });
  $('legend').replaceChildren(...items);
}

function settle() {
  const hash = toSurfaceHash(state.settings);
  history.replaceState(null, '', hash === '#' ? location.pathname + location.search : hash);
}

// ---------------------------------------------------------------- view

function applyView() {
  const s = state.settings;
  document.body.classList.toggle('embed', s.embed);
  for (const section of document.querySelectorAll('[data-section]')) section.hidden = s.hide.includes(section.dataset.section);
  $('arrows').checked = s.arrows;
}

/** Asks the worker for this frame's batch, unless the last one has not come back yet. */
function requestSteps() {
  if (bridge.busy) return;
  const untilReached = !state.finished && currentInfo().kind === 'minimum';
  if (state.manualSteps > 0) {
    bridge.step({ steps: state.manualSteps, untilReached: false });
    state.manualSteps = 0;
  } else if (state.playing) {
    bridge.step({ steps: state.settings.speed, untilReached });
  }
}

function frame(now) {
  const t1 = performance.now();
  if (state.pendingStart) {
    state.pendingStart = null;
    restart();
    syncControls();
  }
  bridge.check(t1);
  requestSteps();
  plot.draw();
  if (!state.playing || now - state.chartAt >= CHART_EVERY_MS) {
    if (chart.render()) state.chartAt = now;
  }
  if (state.readoutDirty && (!state.playing || now - state.readoutAt >= READOUT_EVERY_MS)) {
    state.readoutDirty = false;
    state.readoutAt = now;
    readout.update(state.runs);
  }
  state.frameMs = performance.now() - t1 + state.applyMs;
  state.applyMs = 0;
  requestAnimationFrame(frame);
}

// ---------------------------------------------------------------- start

function loadSettings() {
  applyView();
  editor.set(state.settings.runs);
  loadSurface();
}

loadSettings();
settle();
if (state.settings.autoplay) setPlaying(true);
requestAnimationFrame(frame);

window.addEventListener('hashchange', () => {
  if (location.hash === toSurfaceHash(state.settings)) return;
  const next = parseSurfaceHash(location.hash);
  for (const text of next.notices) notices.show(text, { kind: 'warn' });
  state.settings = next.settings;
  setPlaying(false);
  loadSettings();
  settle();
  if (state.settings.autoplay) setPlaying(true);
});

// For tests and curious people: the runs as the engine (in the worker) computed them. `ready`
// turns true when the worker has answered the first reset.
window.surfacePage = {
  state, bridge, plot, chart, notices,
  runs: () => state.runs.map((r) => ({
    label: r.label, name: r.settings.name, lr: r.settings.hp.lr, status: r.status, steps: r.steps,
    reachedAt: r.reachedAt, x: r.x, y: r.y, f: r.f, pending: r.pending,
  })),
  ready: false,
};
