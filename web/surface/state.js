// The loss-surface page's settings and its URL hash. This is the ONE place where a surface link
// (or a control's typed value) is read and checked; everything else receives clean settings.
//
//   parseSurfaceHash('#function=rosenbrock&optimizers=rmsprop,sgd&lr=0.001&r2.momentum=0.9')
//     -> { settings, notices }
//   toSurfaceHash(settings) -> '#function=rosenbrock&optimizers=rmsprop,sgd&r1.lr=0.001&...'
//
// Keys (docs in README of this folder's page, surface.html's "What am I looking at?"):
//   function    quadratic | rosenbrock | beale | saddle | himmelblau          (default quadratic)
//   a, b        the function's parameters (rosenbrock, quadratic only; ranges per function)
//   start       "x,y": the start point, clamped into the function's view box (default per function)
//   optimizers  1–4 comma-separated runs, repeats allowed: rmsprop sgd adam adagrad
//               (absent: RMSProp, SGD, SGD with momentum 0.9, Adam, all with lr 0.05)
//   rN.KEY      hyperparameter KEY (PyTorch's name) of run N (1-based), e.g. r2.momentum=0.9
//   rN.label    the run's name on the page (plain text, at most 40 characters)
//   rN.preset   RMSProp runs: pytorch | keras | tf1 | hinton2012 sets alpha, eps, eps_in_sqrt and
//               initial_accumulator (not lr) before any explicit key is applied
//   KEY, preset without "rN." apply to every run that has that hyperparameter (rN.KEY wins)
//   speed       steps per animation frame, 0 = as many as the worker takes in ~12 ms (default 1)
//   arrows      1 | 0: gradient and step arrows at the current points (default 1)
//   autoplay    1 | 0: start playing when the page opens (default 0)
//   embed       1 | 0: no title, no footer (default 0)
//   hide        comma list of: controls function runs chart readout explain
//
// Rules, the same as web/state/url.js (the main page's link):
// - URLSearchParams semantics after the '#'; malformed percent-encoding is read leniently and
//   reported once; a key given more than once: the last one wins. Nothing throws out of here.
// - Unknown keys (also '__proto__', 'constructor', r7.lr, hyperparameters of another optimizer)
//   are ignored silently; results are built from fresh defaults, no prototype is touched.
// - A malformed value (empty, not a number, NaN, Infinity, a non-integer int, an unknown name,
//   a bad bool) -> the default, with a notice naming the key, the value (shortened) and what is
//   allowed. A number out of range -> clamped to the nearest bound, with a notice.
// - Cross-key: the start is clamped into the function's view box; SGD's nesterov needs
//   momentum > 0 and dampening 0 (else it is switched off, with a notice).
// - A hash longer than MAX_HASH_LENGTH characters is ignored entirely, with one notice.
// - Notices are plain strings meant for textContent; values in them are shortened to ~40
//   characters with control characters blanked.

import { MAX_HASH_LENGTH, allowedText, shorten } from '../state/url.js';
import { PRESET_VALUES } from '../state/schema.js';
import { FUNCTIONS, FUNCTION_NAMES, surfaceInfo } from './functions.js';

export { MAX_HASH_LENGTH };
export const MAX_RUNS = 4;
export const OPTIMIZERS = ['rmsprop', 'sgd', 'adam', 'adagrad'];
export const OPTIMIZER_LABELS = { rmsprop: 'RMSProp', sgd: 'SGD', adam: 'Adam', adagrad: 'Adagrad' };
export const RMSPROP_PRESETS = ['pytorch', 'keras', 'tf1', 'hinton2012'];
export const PRESET_LABELS = { pytorch: 'PyTorch', keras: 'Keras / TF2', tf1: 'TF1', hinton2012: 'Hinton 2012', custom: 'custom' };
export const HIDE_SECTIONS = ['controls', 'function', 'runs', 'chart', 'readout', 'explain'];
export const LABEL_MAX = 40;
export const DEFAULT_LR = 0.05;

const has = (obj, key) => Object.prototype.hasOwnProperty.call(obj, key);
const NUMBER_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const MAX_LISTED = 5;

// Hyperparameters per optimizer: PyTorch's names, PyTorch's defaults except lr (0.05 here: the
// surfaces are small), ranges within the engine's limits. A key shared by several optimizers
// has the same range in each (a bare `eps=` link key is checked once).
const lr = { kind: 'number', min: 1e-6, max: 10, default: DEFAULT_LR, log: true };
const weightDecay = { kind: 'number', min: 0, max: 1, default: 0 };
const momentum = { kind: 'number', min: 0, max: 0.99, default: 0 };
const eps = (d) => ({ kind: 'number', min: 1e-12, max: 1, default: d, log: true });
export const HYPERPARAMS = {
  rmsprop: {
    lr, alpha: { kind: 'number', min: 0, max: 0.9999, default: 0.99 }, eps: eps(1e-8), momentum,
    centered: { kind: 'bool', default: false }, weight_decay: weightDecay,
    eps_in_sqrt: { kind: 'bool', default: false }, initial_accumulator: { kind: 'number', min: 0, max: 10, default: 0 },
  },
  sgd: {
    lr, momentum, dampening: { kind: 'number', min: 0, max: 1, default: 0 }, weight_decay: weightDecay,
    nesterov: { kind: 'bool', default: false },
  },
  adam: {
    lr, beta1: { kind: 'number', min: 0, max: 0.9999, default: 0.9 }, beta2: { kind: 'number', min: 0, max: 0.99999, default: 0.999 },
    eps: eps(1e-8), weight_decay: weightDecay, amsgrad: { kind: 'bool', default: false },
  },
  adagrad: {
    lr, lr_decay: { kind: 'number', min: 0, max: 1, default: 0 }, weight_decay: weightDecay,
    initial_accumulator_value: { kind: 'number', min: 0, max: 10, default: 0 }, eps: eps(1e-10),
  },
};
const SHARED_KEYS = [...new Set(OPTIMIZERS.flatMap((o) => Object.keys(HYPERPARAMS[o])))];

export const SCHEMA = {
  function: { kind: 'enum', values: FUNCTION_NAMES, default: 'quadratic' },
  optimizers: { kind: 'list', values: OPTIMIZERS, minLength: 1, maxLength: MAX_RUNS, repeats: true, default: ['rmsprop', 'sgd', 'sgd', 'adam'] },
  preset: { kind: 'enum', values: RMSPROP_PRESETS, default: 'pytorch' },
  speed: { kind: 'int', min: 0, max: 1000, default: 1 },
  arrows: { kind: 'bool', default: true },
  autoplay: { kind: 'bool', default: false },
  embed: { kind: 'bool', default: false },
  hide: { kind: 'list', values: HIDE_SECTIONS, minLength: 0, default: [] },
};
const LABEL_SPEC = { kind: 'text' };

/** A run of `name` with the page's defaults for it. */
export function defaultRun(name) {
  const hp = {};
  for (const [k, spec] of Object.entries(HYPERPARAMS[name])) hp[k] = spec.default;
  return { name, label: '', hp };
}

/** The page's four default runs: RMSProp, SGD, SGD with momentum 0.9, Adam (all lr 0.05). */
export function defaultRuns() {
  const runs = SCHEMA.optimizers.default.map(defaultRun);
  runs[2].hp.momentum = 0.9;
  return runs;
}

export function defaults() {
  const fn = SCHEMA.function.default;
  const params = FUNCTIONS[fn].params;
  const a = params.a ? params.a.default : 1;
  const b = params.b ? params.b.default : 1;
  return {
    function: fn, a, b, start: [...surfaceInfo(fn, a, b).start], runs: defaultRuns(),
    speed: SCHEMA.speed.default, arrows: SCHEMA.arrows.default, autoplay: SCHEMA.autoplay.default,
    embed: SCHEMA.embed.default, hide: [],
  };
}

/** The defaults of a function's a and b (1, 1 where the function has none). */
export function functionDefaults(fn) {
  const p = FUNCTIONS[fn].params;
  return { a: p.a ? p.a.default : 1, b: p.b ? p.b.default : 1 };
}

// ------------------------------------------------------------------------------ reading values

const q = (v) => `'${shorten(v)}'`;
const fmt = (x) => String(x);
const showValue = (v) => (Array.isArray(v) ? (v.length ? v.join(',') : '(none)') : typeof v === 'boolean' ? (v ? '1' : '0') : String(v));

function readNumber(text) {
  if (!NUMBER_RE.test(text)) return { error: 'is not a number' };
  const x = Number(text);
  if (!Number.isFinite(x)) return { error: 'is not a finite number' };
  return { value: x === 0 ? 0 : x };
}

function clampNumber(key, raw, x, spec, notices) {
  if (x < spec.min) {
    notices.push(`${key}: ${shorten(raw)} is below the minimum ${fmt(spec.min)}; using ${fmt(spec.min)}`);
    return spec.min;
  }
  if (x > spec.max) {
    notices.push(`${key}: ${shorten(raw)} is above the maximum ${fmt(spec.max)}; using ${fmt(spec.max)}`);
    return spec.max;
  }
  return x;
}

/**
 * Reads one value against spec ({kind: enum|number|int|bool|list|text, ...}). Returns
 * {ok: true, value} (possibly clamped or repaired, with notices) or {ok: false} after adding a
 * notice (the caller keeps its default). `key` is the name used in notices.
 */
export function readValue(key, spec, raw, notices) {
  const text = String(raw ?? '').trim();
  const bad = (what) => {
    notices.push(`${key}: ${what} (allowed: ${spec.kind === 'list' && spec.repeats ? `1 to ${spec.maxLength} comma-separated items from ${spec.values.join(', ')}` : allowedText(spec)}); using the default ${showValue(spec.default)}`);
    return { ok: false };
  };
  if (spec.kind === 'text') {
    const clean = Array.from(String(raw ?? '').replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ').trim());
    if (clean.length > LABEL_MAX) {
      notices.push(`${key}: longer than ${LABEL_MAX} characters; shortened`);
      return { ok: true, value: clean.slice(0, LABEL_MAX).join('').trim() };
    }
    return { ok: true, value: clean.join('') };
  }
  if (text === '' && !(spec.kind === 'list' && spec.minLength === 0)) return bad('no value given');
  switch (spec.kind) {
    case 'enum':
      return spec.values.includes(text) ? { ok: true, value: text } : bad(`${q(text)} is not allowed`);
    case 'bool': {
      const t = text.toLowerCase();
      if (t === '1' || t === 'true') return { ok: true, value: true };
      if (t === '0' || t === 'false') return { ok: true, value: false };
      return bad(`${q(text)} is not a yes/no value`);
    }
    case 'number':
    case 'int': {
      const r = readNumber(text.replace(/ /g, '+'));  // '+' in a link arrives as a space
      if (r.error) return bad(`${q(text)} ${r.error}`);
      if (spec.kind === 'int' && !Number.isInteger(r.value)) return bad(`${q(text)} is not an integer`);
      return { ok: true, value: clampNumber(key, text, r.value, spec, notices) };
    }
    case 'list': {
      const items = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
      const out = [], unknown = [], dup = [];
      for (const item of items) {
        if (!spec.values.includes(item)) unknown.push(item);
        else if (!spec.repeats && out.includes(item)) { if (!dup.includes(item)) dup.push(item); }
        else out.push(item);
      }
      const names = (list) => {
        const shown = list.slice(0, MAX_LISTED).map(q).join(', ');
        return list.length > MAX_LISTED ? `${shown} and ${list.length - MAX_LISTED} more` : shown;
      };
      if (unknown.length) notices.push(`${key}: ignored unknown ${unknown.length === 1 ? 'item' : 'items'} ${names(unknown)} (allowed: ${spec.values.join(', ')})`);
      if (dup.length) notices.push(`${key}: ${names(dup)} listed more than once; each is used once`);
      if (spec.maxLength !== undefined && out.length > spec.maxLength) {
        notices.push(`${key}: ${out.length} items given, more than the maximum ${spec.maxLength}; using the first ${spec.maxLength}`);
        out.length = spec.maxLength;
      }
      if (out.length < (spec.minLength ?? 0)) return bad(`needs at least ${spec.minLength} valid ${spec.minLength === 1 ? 'item' : 'items'}`);
      return { ok: true, value: out };
    }
    default:
      return bad(`${q(text)} cannot be read`);
  }
}

/** A hyperparameter typed into a control: {value} (clamped) or {value: undefined}, with notices. */
export function readHyperparam(optimizer, key, raw, notices, label = key) {
  const spec = HYPERPARAMS[optimizer]?.[key];
  if (!spec) return { value: undefined };
  const r = readValue(label, spec, raw, notices);
  return { value: r.ok ? r.value : undefined };
}

/** The function's parameter a or b typed into a control (undefined if the function has none). */
export function readFunctionParam(fn, key, raw, notices) {
  const spec = FUNCTIONS[fn]?.params?.[key];
  if (!spec) return { value: undefined };
  const r = readValue(key, { kind: 'number', ...spec }, raw, notices);
  return { value: r.ok ? r.value : undefined };
}

/** Clamps a start point into the function's view box (a notice per clamped coordinate). */
export function clampStart(info, x, y, notices, key = 'start') {
  const { xmin, xmax, ymin, ymax } = info.view;
  const cx = Math.min(xmax, Math.max(xmin, x));
  const cy = Math.min(ymax, Math.max(ymin, y));
  if (cx !== x || cy !== y) {
    notices.push(`${key}: (${fmt(x)}, ${fmt(y)}) is outside the plotted area [${fmt(xmin)}, ${fmt(xmax)}] × [${fmt(ymin)}, ${fmt(ymax)}]; using (${fmt(cx)}, ${fmt(cy)})`);
  }
  return [cx === 0 ? 0 : cx, cy === 0 ? 0 : cy];
}

/** Reads "x,y" for the start point; null (with a notice) when malformed. */
export function readStart(raw, notices, key = 'start') {
  const parts = String(raw ?? '').split(',').map((s) => s.trim());
  if (parts.length !== 2) {
    notices.push(`${key}: ${q(raw)} is not two numbers x,y; using the function's default start`);
    return null;
  }
  const out = [];
  for (const [i, p] of parts.entries()) {
    const r = readNumber(p.replace(/ /g, '+'));
    if (r.error) {
      notices.push(`${key}: ${i === 0 ? 'x' : 'y'} ${q(p)} ${r.error}; using the function's default start`);
      return null;
    }
    out.push(r.value);
  }
  return out;
}

// ------------------------------------------------------------------------------ presets, labels

/**
 * What a preset sets on this page: the framework's alpha, eps, eps placement and starting v
 * (web/state/schema.js PRESET_VALUES, from cpp/optim/rmsprop.cpp) but NOT its lr: the presets'
 * learning rates (0.01, 0.001) are meant for networks, and comparing flavours of RMSProp on a
 * surface is only fair at the same lr.
 */
export function presetValues(preset) {
  const { lr: _lr, ...rest } = PRESET_VALUES[preset];
  return rest;
}

/** The RMSProp preset these hyperparameters match (lr aside), or 'custom'. */
export function presetOf(hp) {
  for (const p of RMSPROP_PRESETS) {
    const v = presetValues(p);
    if (Object.keys(v).every((k) => hp[k] === v[k])) return p;
  }
  return 'custom';
}

const num = (v) => String(Number(v.toPrecision(4)));

/** The run's name on the page: its own label, else one made from the optimizer and settings. */
export function runLabel(run) {
  if (run.label) return run.label;
  const hp = run.hp;
  switch (run.name) {
    case 'rmsprop': {
      const preset = presetOf(hp);
      let s = 'RMSProp';
      if (preset !== 'pytorch' && preset !== 'custom') s += ` (${PRESET_LABELS[preset]})`;
      if (hp.centered) s += ', centered';
      if (hp.momentum > 0) s += ` + momentum ${num(hp.momentum)}`;
      return s;
    }
    case 'sgd':
      if (hp.momentum > 0) return `SGD + ${hp.nesterov ? 'Nesterov' : 'momentum'} ${num(hp.momentum)}`;
      return 'SGD';
    case 'adam': return hp.amsgrad ? 'Adam (AMSGrad)' : 'Adam';
    case 'adagrad': return 'Adagrad';
    default: return String(run.name);
  }
}

/** The engine's optimizer spec for a run: {name, ...every hyperparameter}. */
export function optimizerSpec(run) {
  return { name: run.name, ...run.hp };
}

function repairNesterov(run, i, notices) {
  if (run.name === 'sgd' && run.hp.nesterov && !(run.hp.momentum > 0 && run.hp.dampening === 0)) {
    notices.push(`r${i + 1}.nesterov: Nesterov momentum needs momentum > 0 and dampening 0 (run ${i + 1} has momentum ${fmt(run.hp.momentum)}, dampening ${fmt(run.hp.dampening)}); switched off`);
    run.hp.nesterov = false;
  }
}

// ------------------------------------------------------------------------------ the hash

function readPairs(body, notices) {
  const pairs = new Map();
  let malformed = null;
  for (const part of body.split('&')) {
    if (part === '') continue;
    try {
      decodeURIComponent(part.replace(/\+/g, ' '));
    } catch {
      if (malformed === null) malformed = part;
    }
    for (const [k, v] of new URLSearchParams(part)) pairs.set(k, v);
  }
  if (malformed !== null) notices.push(`The link has malformed percent-encoding in ${q(malformed)}; it was read with replacement characters`);
  return pairs;
}

/**
 * Reads a surface-page hash (or an embed element's attributes turned into one). Never throws.
 * @returns {{settings: object, notices: string[]}}
 */
export function parseSurfaceHash(hash) {
  const notices = [];
  let settings = defaults();
  try {
    let body = typeof hash === 'string' ? hash : '';
    if (body.startsWith('#')) body = body.slice(1);
    if (body.length > MAX_HASH_LENGTH) {
      notices.push(`The link's settings are too long (${body.length} characters; the limit is ${MAX_HASH_LENGTH}) and were ignored`);
      return { settings, notices };
    }
    const pairs = readPairs(body, notices);
    const read = (key, spec = SCHEMA[key]) => {
      if (!pairs.has(key)) return undefined;
      const r = readValue(key, spec, pairs.get(key), notices);
      return r.ok ? r.value : undefined;
    };

    // The function and its parameters.
    const fn = read('function') ?? settings.function;
    settings.function = fn;
    Object.assign(settings, functionDefaults(fn));
    for (const k of ['a', 'b']) {
      const spec = FUNCTIONS[fn].params[k];
      if (!spec) continue;  // a function without parameters: a=, b= are ignored
      const v = read(k, { kind: 'number', ...spec });
      if (v !== undefined) settings[k] = v;
    }
    if (fn === 'quadratic' && !(settings.a > 0 && settings.b > 0)) Object.assign(settings, functionDefaults(fn));
    const info = surfaceInfo(fn, settings.a, settings.b);
    settings.start = [...info.start];
    if (pairs.has('start')) {
      const p = readStart(pairs.get('start'), notices);
      if (p) settings.start = clampStart(info, p[0], p[1], notices);
    }

    // The runs.
    const types = read('optimizers');
    const runs = types ? types.map(defaultRun) : defaultRuns();
    const sharedPreset = read('preset');
    for (const [i, run] of runs.entries()) {
      if (run.name !== 'rmsprop') continue;
      const own = read(`r${i + 1}.preset`, SCHEMA.preset);
      const preset = own ?? sharedPreset;
      if (preset) Object.assign(run.hp, presetValues(preset));
    }
    for (const key of SHARED_KEYS) {
      if (!pairs.has(key)) continue;
      const holder = runs.find((r) => has(HYPERPARAMS[r.name], key));
      if (!holder) continue;  // no run has this hyperparameter: ignored
      const r = readValue(key, HYPERPARAMS[holder.name][key], pairs.get(key), notices);
      if (!r.ok) continue;
      for (const run of runs) if (has(HYPERPARAMS[run.name], key)) run.hp[key] = r.value;
    }
    for (const [i, run] of runs.entries()) {
      for (const [key, spec] of Object.entries(HYPERPARAMS[run.name])) {
        const v = read(`r${i + 1}.${key}`, spec);
        if (v !== undefined) run.hp[key] = v;
      }
      const label = read(`r${i + 1}.label`, LABEL_SPEC);
      if (label !== undefined) run.label = label;
      repairNesterov(run, i, notices);
    }
    settings.runs = runs;

    // The view.
    for (const key of ['speed', 'arrows', 'autoplay', 'embed', 'hide']) {
      const v = read(key);
      if (v !== undefined) settings[key] = v;
    }
  } catch (err) {
    settings = defaults();
    notices.push(`The link could not be read (${shorten(err && err.message)}); using the defaults`);
  }
  return { settings, notices };
}

/** Checks a run after an edit from the controls (the same cross-key rules as a link). */
export function repairRun(run, index, notices) {
  repairNesterov(run, index, notices);
  return run;
}

const encode = (s) => encodeURIComponent(s).replace(/%2C/gi, ',');
const text = (v) => (typeof v === 'boolean' ? (v ? '1' : '0') : String(v));
const same = (a, b) => (Array.isArray(a) ? Array.isArray(b) && a.length === b.length && a.every((x, i) => x === b[i]) : a === b);

/**
 * The hash for these settings: only what differs from the defaults (the function's own a, b
 * and start; each run's default hyperparameters), '#' when everything is default. Values a link
 * could not carry back (non-finite numbers) are left out.
 */
export function toSurfaceHash(s) {
  const parts = [];
  const put = (key, v) => {
    if (typeof v === 'number' && !Number.isFinite(v)) return;
    parts.push(`${key}=${encode(text(v))}`);
  };
  const fn = FUNCTIONS[s.function] ? s.function : SCHEMA.function.default;
  if (fn !== SCHEMA.function.default) put('function', fn);
  const params = FUNCTIONS[fn].params;
  for (const k of ['a', 'b']) if (params[k] && s[k] !== params[k].default) put(k, s[k]);
  const info = surfaceInfo(fn, s.a, s.b);
  if (Array.isArray(s.start) && !same(s.start, info.start) && s.start.every(Number.isFinite)) put('start', s.start.join(','));

  const runs = Array.isArray(s.runs) ? s.runs.slice(0, MAX_RUNS) : [];
  const types = runs.map((r) => r.name);
  const base = same(types, SCHEMA.optimizers.default) ? defaultRuns() : types.map(defaultRun);
  if (!same(types, SCHEMA.optimizers.default)) put('optimizers', types.join(','));
  runs.forEach((run, i) => {
    for (const key of Object.keys(HYPERPARAMS[run.name])) {
      if (run.hp[key] !== base[i].hp[key]) put(`r${i + 1}.${key}`, run.hp[key]);
    }
    if (run.label) put(`r${i + 1}.label`, run.label);
  });
  for (const key of ['speed', 'arrows', 'autoplay', 'embed', 'hide']) {
    if (has(s, key) && !same(s[key], SCHEMA[key].default)) put(key, Array.isArray(s[key]) ? s[key].join(',') : s[key]);
  }
  return '#' + parts.join('&');
}
