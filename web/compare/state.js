// Comparison mode's settings: the shared data/network settings and up to four runs, and the URL
// hash that carries them. This is the ONE place where a comparison link is read and checked;
// everything else receives clean settings.
//
//   parseCompareHash('#dataset=spiral&run1=rmsprop&run2=sgd:lr=0.01,momentum=0.9')
//     -> { shared, runs: [{name, hp}, ...], notices }
//   compareHash(shared, runs) -> '#dataset=spiral&run1=rmsprop&run2=sgd:momentum=0.9'
//
// Shared settings use the main page's keys (docs/settings.md) and are read by web/state/url.js
// itself, so every rule there applies unchanged (malformed -> default, out of range -> clamped,
// problem/dataset/loss cross rules, each with a notice). Only SHARED_KEYS are taken: the main
// page's optimizer and embed keys (lr, alpha, hide, ...) are ignored here, as unknown keys are.
//
// Runs: run1 .. run4, each `NAME` or `NAME:KEY=VALUE,KEY=VALUE,...` with NAME one of rmsprop,
// sgd, adam, adagrad and the keys PyTorch's hyperparameter names (OPTIMIZERS below); rmsprop also
// takes preset=pytorch|keras|tf1|hinton2012, applied first whatever its position. A key not
// given has its PyTorch default (or the preset's value). Rules, the same as url.js's:
// - a key given twice: the last one wins;
// - malformed value (not a number, NaN, Infinity, not 1/0/true/false) -> that key's default,
//   with a notice; out of range -> clamped to the nearest bound, with a notice;
// - an unknown optimizer name or an empty run -> the default comparison's run for that slot,
//   with a notice; an unknown hyperparameter -> ignored, with a notice naming the allowed keys;
// - sgd's nesterov needs momentum > 0 and dampening 0 (as in PyTorch), else it is turned off
//   with a notice;
// - no run key at all -> the default comparison (DEFAULT_RUNS); run5 and above -> a notice
//   (at most MAX_RUNS runs).
// Notices are plain strings for textContent, values shortened by url.js's shorten().

import { DATASETS, PRESET_VALUES, SCHEMA, defaults, trainerConfig } from '../state/schema.js';
import { MAX_HASH_LENGTH, allowedText, parseHash, shorten, toHash } from '../state/url.js';

export const MAX_RUNS = 4;

/** The main page's keys that comparison mode shares between its runs (and reads from a link). */
export const SHARED_KEYS = ['problem', 'dataset', 'n', 'noise', 'trainRatio', 'batch', 'dataSeed', 'features', 'hidden',
  'activation', 'output', 'loss', 'reg', 'regRate', 'init', 'seed', 'speed', 'logLoss', 'showTest', 'discretize'];

const num = (min, max, dflt, extra = {}) => ({ kind: 'number', min, max, default: dflt, ...extra });
const bool = (dflt = false) => ({ kind: 'bool', default: dflt });
const fromSchema = (key, dflt) => ({ ...SCHEMA[key], default: dflt ?? SCHEMA[key].default });

/**
 * Every optimizer's hyperparameters: PyTorch's names, defaults (torch.optim) and the ranges the
 * page allows (the engine's limits, narrowed like the main page's; RMSProp's are the main page's
 * own, from web/state/schema.js). `label` is what the controls show.
 */
export const OPTIMIZERS = {
  rmsprop: {
    title: 'RMSProp',
    keys: {
      lr: { ...fromSchema('lr', 0.01), label: 'lr' },
      alpha: { ...fromSchema('alpha', 0.99), label: 'alpha (decay)' },
      eps: { ...fromSchema('eps', 1e-8), label: 'eps' },
      momentum: { ...fromSchema('momentum', 0), label: 'momentum' },
      weight_decay: { ...fromSchema('weight_decay', 0), label: 'weight decay' },
      initial_accumulator: { ...fromSchema('initial_accumulator', 0), label: 'initial v' },
      centered: { ...bool(), label: 'centered' },
      eps_in_sqrt: { ...bool(), label: 'eps inside √ (Keras/TF)' },
      maximize: { ...bool(), label: 'maximize' },
    },
  },
  sgd: {
    title: 'SGD',
    keys: {
      lr: { ...fromSchema('lr', 0.01), label: 'lr' },
      momentum: { ...num(0, 0.99, 0), label: 'momentum' },
      dampening: { ...num(0, 1, 0), label: 'dampening' },
      weight_decay: { ...num(0, 1, 0), label: 'weight decay' },
      nesterov: { ...bool(), label: 'Nesterov' },
      maximize: { ...bool(), label: 'maximize' },
    },
  },
  adam: {
    title: 'Adam',
    keys: {
      lr: { ...fromSchema('lr', 0.001), label: 'lr' },
      beta1: { ...num(0, 0.9999, 0.9), label: 'beta1' },
      beta2: { ...num(0, 0.99999, 0.999), label: 'beta2' },
      eps: { ...num(1e-12, 1, 1e-8, { log: true }), label: 'eps' },
      weight_decay: { ...num(0, 1, 0), label: 'weight decay' },
      amsgrad: { ...bool(), label: 'AMSGrad' },
      maximize: { ...bool(), label: 'maximize' },
    },
  },
  adagrad: {
    title: 'Adagrad',
    keys: {
      lr: { ...fromSchema('lr', 0.01), label: 'lr' },
      lr_decay: { ...num(0, 1, 0), label: 'lr decay' },
      eps: { ...num(1e-12, 1, 1e-10, { log: true }), label: 'eps' },
      weight_decay: { ...num(0, 1, 0), label: 'weight decay' },
      initial_accumulator_value: { ...num(0, 10, 0), label: 'initial sum' },
      maximize: { ...bool(), label: 'maximize' },
    },
  },
};
export const OPTIMIZER_NAMES = Object.keys(OPTIMIZERS);
/** The RMSProp presets (web/state/schema.js mirrors the engine's). */
export const RMSPROP_PRESETS = Object.keys(PRESET_VALUES);
export const PRESET_TITLES = { pytorch: 'PyTorch', keras: 'Keras / TF2', tf1: 'TF1', hinton2012: 'Hinton 2012' };

const has = (obj, key) => Object.prototype.hasOwnProperty.call(obj, key);

/** The PyTorch defaults of an optimizer's hyperparameters. */
export function optimizerDefaults(name) {
  const hp = {};
  for (const [k, spec] of Object.entries(OPTIMIZERS[name].keys)) hp[k] = spec.default;
  return hp;
}

/** A run: an optimizer name and all its hyperparameters (PyTorch defaults for those not given). */
export function makeRun(name, hp = {}, preset = null) {
  const base = optimizerDefaults(name);
  if (name === 'rmsprop' && preset && has(PRESET_VALUES, preset)) Object.assign(base, PRESET_VALUES[preset]);
  for (const k of Object.keys(base)) if (has(hp, k)) base[k] = hp[k];
  return { name, hp: base };
}

/**
 * The default comparison: RMSProp as PyTorch has it, RMSProp with Keras's eps placement, SGD with
 * momentum and Adam, all at lr 0.01 (Adam's own default is 0.001; 0.01 keeps the step sizes
 * comparable here).
 */
export const DEFAULT_RUNS = Object.freeze([
  makeRun('rmsprop'),
  makeRun('rmsprop', { eps: 1e-7, eps_in_sqrt: true }),
  makeRun('sgd', { momentum: 0.9 }),
  makeRun('adam', { lr: 0.01 }),
]);
export const defaultRuns = () => DEFAULT_RUNS.map(cloneRun);
export const cloneRun = (r) => ({ name: r.name, hp: { ...r.hp } });

export function defaultShared() {
  const all = defaults();
  const s = {};
  for (const k of SHARED_KEYS) s[k] = all[k];
  return s;
}

// ---------------------------------------------------------------- reading values

const NUMBER_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const q = (v) => `'${shorten(v)}'`;
const showValue = (v) => (typeof v === 'boolean' ? (v ? '1' : '0') : String(v));

/**
 * One hyperparameter from text, with url.js's rules: { ok: true, value } (clamped if out of
 * range, with a notice) or { ok: false } after a notice (the caller keeps the default).
 * `where` prefixes the notice, e.g. 'run2 lr'.
 */
export function readHyper(where, spec, raw, notices) {
  const text = String(raw).trim();
  const bad = (what) => {
    notices.push(`${where}: ${what} (allowed: ${allowedText(spec)}); using the default ${showValue(spec.default)}`);
    return { ok: false };
  };
  if (text === '') return bad('no value given');
  if (spec.kind === 'bool') {
    const t = text.toLowerCase();
    if (t === '1' || t === 'true') return { ok: true, value: true };
    if (t === '0' || t === 'false') return { ok: true, value: false };
    return bad(`${q(text)} is not a boolean`);
  }
  const t = text.replace(/ /g, '+');  // '+' in a link decodes to a space: "1e+5" arrives as "1e 5"
  if (!NUMBER_RE.test(t)) return bad(`${q(text)} is not a number`);
  let x = Number(t);
  if (!Number.isFinite(x)) return bad(`${q(text)} is not a finite number`);
  if (x === 0) x = 0;  // no -0
  return { ok: true, value: clampHyper(where, text, x, spec, notices) };
}

function clampHyper(where, shown, x, spec, notices) {
  if (x < spec.min) {
    notices.push(`${where}: ${shorten(shown)} is below the minimum ${spec.min}; using ${spec.min}`);
    return spec.min;
  }
  if (x > spec.max) {
    notices.push(`${where}: ${shorten(shown)} is above the maximum ${spec.max}; using ${spec.max}`);
    return spec.max;
  }
  return x;
}

/**
 * Cross-key rules of a run, applied after every change (from a link or a control): sgd's
 * nesterov needs momentum > 0 and dampening 0. Returns the run (modified in place).
 */
export function normalizeRun(run, where, notices) {
  if (run.name === 'sgd' && run.hp.nesterov && (run.hp.momentum <= 0 || run.hp.dampening !== 0)) {
    notices.push(`${where}: Nesterov momentum needs momentum > 0 and dampening 0 (momentum is ${run.hp.momentum}, dampening ${run.hp.dampening}); turned off`);
    run.hp.nesterov = false;
  }
  return run;
}

/** Reads one run spec, e.g. 'rmsprop:preset=keras,lr=0.01'. Never throws. */
export function parseRun(raw, slot, notices) {
  const where = `run${slot + 1}`;
  const fallback = () => cloneRun(DEFAULT_RUNS[slot % DEFAULT_RUNS.length]);
  const text = String(raw).trim();
  const colon = text.indexOf(':');
  const name = (colon < 0 ? text : text.slice(0, colon)).trim();
  const body = colon < 0 ? '' : text.slice(colon + 1);
  if (!has(OPTIMIZERS, name)) {
    const what = name === '' ? 'no optimizer given' : `${q(name)} is not an optimizer`;
    const d = fallback();
    notices.push(`${where}: ${what} (allowed: ${OPTIMIZER_NAMES.join(', ')}); using the default ${describeRun(d)}`);
    return d;
  }
  const specs = OPTIMIZERS[name].keys;
  // key=value items; the last occurrence of a key wins.
  const items = new Map();
  const malformed = [];
  for (const part of body.split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    if (eq <= 0) { malformed.push(item); continue; }
    const key = item.slice(0, eq).trim();
    items.delete(key);
    items.set(key, item.slice(eq + 1));
  }
  if (malformed.length) {
    notices.push(`${where}: ignored ${malformed.slice(0, 5).map(q).join(', ')}${malformed.length > 5 ? ` and ${malformed.length - 5} more` : ''} (expected key=value)`);
  }
  let preset = null;
  if (items.has('preset')) {
    const p = items.get('preset').trim();
    items.delete('preset');
    if (name !== 'rmsprop') notices.push(`${where}: presets are for rmsprop only; ignored preset ${q(p)}`);
    else if (RMSPROP_PRESETS.includes(p)) preset = p;
    else notices.push(`${where}: preset ${q(p)} is not a valid choice (allowed: one of ${RMSPROP_PRESETS.join(', ')}); using pytorch`);
  }
  const run = makeRun(name, {}, preset);
  const unknown = [];
  for (const [key, value] of items) {
    if (!has(specs, key)) { unknown.push(key); continue; }
    const r = readHyper(`${where} ${key}`, specs[key], value, notices);
    if (r.ok) run.hp[key] = r.value;
  }
  if (unknown.length) {
    notices.push(`${where}: ${name} has no ${unknown.length === 1 ? 'setting' : 'settings'} ${unknown.slice(0, 5).map(q).join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''}; ignored (its settings: ${[...Object.keys(specs), ...(name === 'rmsprop' ? ['preset'] : [])].join(', ')})`);
  }
  return normalizeRun(run, where, notices);
}

// Splits the text after '#' into a Map (last occurrence wins), URLSearchParams semantics, and
// reports (once) a pair whose percent-encoding is malformed, as url.js does.
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
    for (const [k, v] of new URLSearchParams(part)) {
      pairs.delete(k);
      pairs.set(k, v);
    }
  }
  if (malformed !== null) notices.push(`The link has malformed percent-encoding in ${q(malformed)}; it was read with replacement characters`);
  return pairs;
}

/**
 * Reads a comparison link. Never throws.
 * @returns {{shared: object, runs: {name: string, hp: object}[], notices: string[]}}
 */
export function parseCompareHash(hash) {
  const notices = [];
  let shared = defaultShared();
  let runs = defaultRuns();
  try {
    let body = typeof hash === 'string' ? hash : '';
    if (body.startsWith('#')) body = body.slice(1);
    if (body.length > MAX_HASH_LENGTH) {
      notices.push(`The link's settings are too long (${body.length} characters; the limit is ${MAX_HASH_LENGTH}) and were ignored`);
      return { shared, runs, notices };
    }
    const pairs = readPairs(body, notices);

    // The shared settings go through the main page's own reader (re-encoded, so only the keys
    // comparison mode shares are seen and nothing is reported twice).
    const sub = new URLSearchParams();
    for (const k of SHARED_KEYS) if (pairs.has(k)) sub.append(k, pairs.get(k));
    const main = parseHash(sub.toString());
    for (const k of SHARED_KEYS) shared[k] = main.settings[k];
    notices.push(...main.notices);

    const given = [];
    for (let i = 0; i < MAX_RUNS; i++) if (pairs.has(`run${i + 1}`)) given.push(i);
    const extra = [...pairs.keys()].filter((k) => /^run\d+$/.test(k) && !(Number(k.slice(3)) >= 1 && Number(k.slice(3)) <= MAX_RUNS));
    if (extra.length) notices.push(`${extra.slice(0, 3).map(q).join(', ')}: at most ${MAX_RUNS} runs (run1 to run${MAX_RUNS}); ignored`);
    if (given.length) runs = given.map((i) => parseRun(pairs.get(`run${i + 1}`), i, notices));
  } catch (err) {
    // Should not happen; never let a link break the page.
    shared = defaultShared();
    runs = defaultRuns();
    notices.push(`The link could not be read (${shorten(err && err.message)}); using the defaults`);
  }
  return { shared, runs, notices };
}

/**
 * A shared setting typed into a control, checked by the same reader as a link's: returns
 * { value, notices } (value is the default, or clamped, when the text was not acceptable).
 */
export function readShared(key, text) {
  const r = parseHash(new URLSearchParams([[key, String(text)]]).toString());
  return { value: r.settings[key], notices: r.notices };
}

// ---------------------------------------------------------------- writing

const encodeValue = (s) => encodeURIComponent(s).replace(/%2C/gi, ',').replace(/%3A/gi, ':').replace(/%3D/gi, '=');

const sameHp = (a, b, keys) => keys.every((k) => a[k] === b[k]);

/** 'sgd:momentum=0.9': the optimizer and the values that differ from its defaults (or a preset's). */
export function runSpec(run) {
  const keys = Object.keys(OPTIMIZERS[run.name].keys);
  const diff = (base) => keys.filter((k) => run.hp[k] !== base[k]);
  let best = { preset: null, keys: diff(optimizerDefaults(run.name)) };
  if (run.name === 'rmsprop') {
    for (const p of RMSPROP_PRESETS) {
      if (p === 'pytorch') continue;
      const d = diff(makeRun('rmsprop', {}, p).hp);
      if (d.length + 1 < best.keys.length) best = { preset: p, keys: d };
    }
  }
  const items = [];
  if (best.preset) items.push(`preset=${best.preset}`);
  for (const k of best.keys) {
    const v = run.hp[k];
    items.push(`${k}=${typeof v === 'boolean' ? (v ? 1 : 0) : String(v)}`);
  }
  return items.length ? `${run.name}:${items.join(',')}` : run.name;
}

function sameRuns(a, b) {
  return a.length === b.length && a.every((r, i) => r.name === b[i].name && sameHp(r.hp, b[i].hp, Object.keys(OPTIMIZERS[r.name].keys)));
}

/**
 * The link for these settings: shared keys that differ from their defaults (url.js's toHash),
 * then run1..runN unless the runs are the default comparison. '#' when everything is default.
 */
export function compareHash(shared, runs) {
  const s = {};
  for (const k of SHARED_KEYS) if (has(shared, k)) s[k] = shared[k];
  const parts = [];
  const base = toHash(s).slice(1);
  if (base) parts.push(base);
  if (!sameRuns(runs, DEFAULT_RUNS)) runs.forEach((r, i) => parts.push(`run${i + 1}=${encodeValue(runSpec(r))}`));
  return '#' + parts.join('&');
}

// ---------------------------------------------------------------- for the page

const fmt = (v) => {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e5) return v.toExponential().replace('e+', 'e');
  return String(Number(v.toPrecision(4)));
};

/** The RMSProp preset these hyperparameters equal exactly, or 'custom'. */
export function matchPreset(run) {
  if (run.name !== 'rmsprop') return null;
  const base = optimizerDefaults('rmsprop');
  for (const p of RMSPROP_PRESETS) {
    const want = { ...base, ...PRESET_VALUES[p] };
    if (sameHp(run.hp, want, Object.keys(want))) return p;
  }
  return 'custom';
}

/** A short name for a run: 'RMSProp (PyTorch)', 'RMSProp (eps in √)', 'SGD + momentum 0.9', 'Adam'. */
export function runTitle(run) {
  const hp = run.hp;
  switch (run.name) {
    case 'rmsprop': {
      const base = optimizerDefaults('rmsprop');
      const tags = [];
      // Named after Keras's or TF1's preset when every value it sets but lr matches it.
      for (const p of ['keras', 'tf1']) {
        const want = { ...base, ...PRESET_VALUES[p], lr: hp.lr };
        if (sameHp(hp, want, ['alpha', 'eps', 'eps_in_sqrt', 'initial_accumulator'])) { tags.push(PRESET_TITLES[p]); break; }
      }
      if (!tags.length) {
        if (hp.eps_in_sqrt) tags.push('eps in √');
        if (hp.alpha !== base.alpha) tags.push(`α ${fmt(hp.alpha)}`);
        if (hp.initial_accumulator !== base.initial_accumulator) tags.push(`v₀ ${fmt(hp.initial_accumulator)}`);
      }
      if (hp.centered) tags.push('centered');
      if (hp.momentum > 0) tags.push(`momentum ${fmt(hp.momentum)}`);
      return `RMSProp (${tags.length ? tags.join(', ') : 'PyTorch'})`;
    }
    case 'sgd':
      if (hp.momentum > 0) return `SGD + ${hp.nesterov ? 'Nesterov' : 'momentum'} ${fmt(hp.momentum)}`;
      return 'SGD';
    case 'adam': return hp.amsgrad ? 'Adam (AMSGrad)' : 'Adam';
    case 'adagrad': return 'Adagrad';
    default: return String(run.name);
  }
}

/** The hyperparameters that matter at a glance: 'lr 0.01 · alpha 0.99 · eps 1e-8'. */
export function runSummary(run) {
  const hp = run.hp;
  const parts = [`lr ${fmt(hp.lr)}`];
  const add = (k, label = k) => parts.push(`${label} ${fmt(hp[k])}`);
  if (run.name === 'rmsprop') {
    add('alpha', 'α');
    parts.push(hp.eps_in_sqrt ? `√(v+${fmt(hp.eps)})` : `√v+${fmt(hp.eps)}`);
    if (hp.initial_accumulator) add('initial_accumulator', 'v₀');
  } else if (run.name === 'adam') {
    add('beta1', 'β₁');
    add('beta2', 'β₂');
  } else if (run.name === 'adagrad') {
    if (hp.lr_decay) add('lr_decay', 'decay');
  } else if (run.name === 'sgd' && hp.dampening) add('dampening');
  if (hp.weight_decay) add('weight_decay', 'wd');
  if (hp.maximize) parts.push('maximize');
  return parts.join(' · ');
}

/** Spoken/written description for notices: 'RMSProp (PyTorch), lr 0.01'. */
export function describeRun(run) {
  return `${runTitle(run)}, lr ${fmt(run.hp.lr)}`;
}

/** The engine's optimizer spec of a run (docs/api.md). */
export function optimizerSpec(run) {
  return { name: run.name, ...run.hp };
}

/**
 * The engine's trainer config of one run: the shared data and network (so the same data, the same
 * initial weights and the same mini-batch order in every run) and the run's optimizer.
 */
export function runTrainerConfig(shared, run) {
  const full = { ...defaults(), ...shared };
  return { ...trainerConfig(full), optimizer: optimizerSpec(run), history_limit: 1_000_000 };
}

/** The problem a dataset belongs to. */
export const problemOf = (dataset) => (DATASETS.classification.includes(dataset) ? 'classification' : 'regression');
