// The loss-surface page (surface.html): a 2-D test function as a contour plot, up to four
// optimizers stepping on it from the same start, their paths, gradients and per-coordinate step
// sizes, and the loss per step. Settings come from the URL hash (web/surface/state.js, the one
// place a link is checked) and go back into it.
//
// Everything runs on this thread: a step of one run is an engine.optimizer step and an
// engine.surface call (microseconds). Each animation frame takes at most `speed` steps per run
// and stops stepping after STEP_BUDGET_MS, so a frame's work stays under ~8 ms.
import { createEngine } from '../engine/engine.js';
import { PALETTE } from '../ui/charts.js';
import { el } from '../ui/form.js';
import { Notices } from '../ui/notices.js';
import { ContourPlot } from './contour.js';
import { FUNCTIONS, FUNCTION_NAMES, evaluate, surfaceInfo, surfaceSpec } from './functions.js';
import { LossChart } from './loss-chart.js';
import { Readout } from './readout.js';
import { MAX_STEPS, Run, formatNumber } from './runner.js';
import { RunsEditor } from './runs-editor.js';
import {
  clampStart, functionDefaults, parseSurfaceHash, readFunctionParam, readValue, toSurfaceHash,
} from './state.js';

const FRAME_BUDGET_MS = 6.5;  // steps + drawing, with room to spare under 8 ms
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
  readoutAt: 0,
  readoutDirty: true,
  frameMs: 0,          // the last frame's work: steps and drawing (for tests)
  drawMs: 2,           // the last frame's drawing time: the steps get the rest of the budget
  chartAt: 0,
};
for (const text of parsed.notices) notices.show(text, { kind: 'warn' });

let engine;
try {
  engine = await createEngine();
} catch (err) {
  notices.show(`The engine could not be loaded: ${err && err.message}`, { kind: 'error', key: 'engine' });
  throw err;
}

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

/** Every run starts again from the start point with the current settings. */
function restart() {
  for (const r of state.runs) r.dispose();
  const s = state.settings;
  const info = currentInfo();
  const surface = { spec: surfaceSpec(s.function, s.a, s.b), info };
  state.runs = [];
  s.runs.forEach((settings, i) => {
    try {
      state.runs.push(new Run(engine, settings, surface, s.start, COLORS[i]));
    } catch (err) {
      notices.show(`Run ${i + 1} could not start: ${err && err.message}`, { kind: 'error', key: `run-error-${i}` });
    }
  });
  for (let i = 0; i < 4; i++) notices.dismiss(`diverged-${i}`);
  notices.dismiss('finished');
  state.step = 0;
  state.finished = false;
  const log = info.kind === 'minimum';
  plot.setStart(s.start);
  plot.setRuns(state.runs);
  plot.setOptions({ arrows: s.arrows });
  chart.setRuns(state.runs, { log, fmin: info.fmin });
  readout.setRuns(state.runs, { log, fmin: info.fmin });
  renderLegend();
  for (const r of state.runs) if (r.status === 'diverged') reportStop(r);
  updateCounters();
  if (state.playing && !state.runs.some((r) => r.running)) setPlaying(false);
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

/** One step of every running run; false when none could step. */
function stepAll() {
  let any = false;
  for (const r of state.runs) {
    const was = r.status;
    if (r.step()) any = true;
    else if (was === 'running' && r.status === 'diverged') reportStop(r);
  }
  if (any) state.step += 1;
  return any;
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
  stepAll();
  afterSteps();
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

function frame(now) {
  const t0 = performance.now();
  if (state.pendingStart) {
    state.pendingStart = null;
    restart();
    syncControls();
  }
  if (state.playing) {
    const target = state.settings.speed === 0 ? Infinity : state.settings.speed;
    const budget = Math.min(6, Math.max(1, FRAME_BUDGET_MS - state.drawMs));
    let k = 0;
    while (k < target && performance.now() - t0 < budget) {
      if (!stepAll()) break;
      k += 1;
    }
    afterSteps();
  }
  const t1 = performance.now();
  plot.draw();
  if (!state.playing || now - state.chartAt >= CHART_EVERY_MS) {
    if (chart.render()) state.chartAt = now;
  }
  if (state.readoutDirty && (!state.playing || now - state.readoutAt >= READOUT_EVERY_MS)) {
    state.readoutDirty = false;
    state.readoutAt = now;
    readout.update(state.runs);
  }
  const t2 = performance.now();
  state.drawMs = 0.7 * state.drawMs + 0.3 * (t2 - t1);
  state.frameMs = t2 - t0;
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

// For tests and curious people: the runs as the engine computed them.
window.surfacePage = {
  state, engine, plot, chart, notices,
  runs: () => state.runs.map((r) => ({
    label: r.label, name: r.settings.name, lr: r.settings.hp.lr, status: r.status, steps: r.steps,
    reachedAt: r.reachedAt, x: r.x, y: r.y, f: r.f,
  })),
  ready: true,
};
