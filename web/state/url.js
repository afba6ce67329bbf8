// The URL hash <-> settings and user points. This is the ONE place where a link is read and
// checked; everything else receives clean settings (web/state/schema.js) and clean points.
//
//   parseHash('#dataset=spiral&lr=0.003&hidden=8,8&pts=0.5,-1,1') -> { settings, points, notices }
//   toHash(settings, points) -> '#dataset=spiral&lr=0.003&hidden=8,8&pts=0.5,-1,1'
//   pointsFitInLink(points) -> whether toHash can carry these points
//
// Rules (each one has a test in tests/web/url.test.mjs):
// - The text after '#' is read with URLSearchParams semantics ('&' between pairs, '+' is a space,
//   percent-decoding); malformed percent-encoding is decoded leniently (as URLSearchParams does,
//   into U+FFFD) and reported once. Nothing ever throws out of parseHash.
// - A key given more than once: the LAST occurrence wins.
// - Unknown keys (including '__proto__', 'constructor') are ignored silently; only own keys of
//   SCHEMA are read, and the result objects are built from schema.defaults(), so no prototype can
//   be touched.
// - Malformed value (empty, not a number, NaN, Infinity, non-integer int, unknown enum, bad bool)
//   -> the default, with a notice naming the key, the value (shortened) and what is allowed.
// - A number/int out of range -> clamped to the nearest bound, with a notice.
// - 'list': comma-separated enum values; unknown items dropped, duplicates dropped (each with a
//   notice); empty items (",,", trailing comma) ignored silently; fewer than minLength items
//   left -> the default. Item order is kept (features order is the network's input order).
// - 'ints': comma-separated integers; malformed items dropped, more than maxLength -> the first
//   maxLength, each item clamped to [min, max]; fewer than minLength left -> the default.
// - Cross-key: the dataset must belong to the problem. A dataset given without a (valid) problem
//   sets the problem; a problem given without a (valid) dataset picks its first dataset; both
//   given and in conflict -> the problem wins, its first dataset is used, with a notice.
//   loss 'bce' needs classification, else mse with a notice. batch > n is fine (full batch).
// - Presets: a named preset (the link's, or the default pytorch) gives its values
//   (schema.PRESET_VALUES) to every optimizer key the link does not set. A key the link does set
//   overrides it, and when it differs from the preset's value the preset becomes 'custom' (as
//   changing it on the page does), silently: '#preset=keras' trains with Keras's values,
//   '#preset=keras&lr=0.01' with Keras's alpha, eps and eps placement but lr 0.01, as 'custom'.
// - A hash longer than MAX_HASH_LENGTH characters (without its '#') is ignored entirely, with
//   one notice.
// - pts: "x1,x2,label;x1,x2,label;..." (train points added by the user). Each point needs 3
//   finite numbers, |x1|, |x2| <= 1000, label 0/1 (classification) or within [-1, 1]
//   (regression, checked against the final problem). Invalid points are dropped with one notice
//   giving the count; more than MAX_LINK_POINTS valid points -> the first ones, with a notice.
// - Notices are plain strings for textContent; values in them are shortened to ~40 characters
//   and control characters are replaced by spaces.

import { SCHEMA, DATASETS, PRESET_VALUES, defaults } from './schema.js';

export const MAX_HASH_LENGTH = 16384;
export const MAX_LINK_POINTS = 300;
export const COORD_LIMIT = 1000;
export const POINT_DECIMALS = 3;

const NUMBER_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const MAX_ITEM_NOTICES = 3;  // per key, for per-item problems (then one summary notice)
const MAX_LISTED = 5;        // items named in one notice

const has = (obj, key) => Object.prototype.hasOwnProperty.call(obj, key);

/** A value as plain text for a notice: control characters blanked, at most ~40 characters. */
export function shorten(value, max = 40) {
  const chars = Array.from(String(value).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' '));
  return chars.length > max ? chars.slice(0, max - 1).join('') + '…' : chars.join('');
}

const q = (v) => `'${shorten(v)}'`;
const fmt = (x) => String(x);
const showValue = (v) => (Array.isArray(v) ? (v.length ? v.join(',') : '(none)') : typeof v === 'boolean' ? (v ? '1' : '0') : String(v));

function listNames(items) {
  const shown = items.slice(0, MAX_LISTED).map(q).join(', ');
  return items.length > MAX_LISTED ? `${shown} and ${items.length - MAX_LISTED} more` : shown;
}

/** What a key accepts, in words. */
export function allowedText(spec) {
  switch (spec.kind) {
    case 'enum': return `one of ${spec.values.join(', ')}`;
    case 'number': return `a number from ${fmt(spec.min)} to ${fmt(spec.max)}`;
    case 'int': return `an integer from ${fmt(spec.min)} to ${fmt(spec.max)}`;
    case 'bool': return '1, 0, true or false';
    case 'list': return `comma-separated items from ${spec.values.join(', ')}`;
    case 'ints': return `${spec.minLength} to ${spec.maxLength} comma-separated integers from ${fmt(spec.min)} to ${fmt(spec.max)}`;
    default: return 'a valid value';
  }
}

/** Parses a strict decimal number (no hex, no 'NaN', no 'Infinity', no empty string). */
function readNumber(text) {
  if (!NUMBER_RE.test(text)) return { error: 'is not a number' };
  const x = Number(text);
  if (!Number.isFinite(x)) return { error: 'is not a finite number' };
  return { value: x === 0 ? 0 : x };  // no -0
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

// Reads one value. Returns { ok: true, value } (possibly clamped/repaired, with notices) or
// { ok: false } after adding a notice (the caller keeps the default).
function readValue(key, spec, raw, notices) {
  const text = raw.trim();
  const dflt = showValue(spec.default);
  const bad = (what) => {
    notices.push(`${key}: ${what} (allowed: ${allowedText(spec)}); using the default ${dflt}`);
    return { ok: false };
  };
  if (text === '' && !(spec.kind === 'list' && spec.minLength === 0)) return bad('no value given');

  switch (spec.kind) {
    case 'enum':
      return spec.values.includes(text) ? { ok: true, value: text } : bad(`${q(text)} is not a valid choice`);
    case 'bool': {
      const t = text.toLowerCase();
      if (t === '1' || t === 'true') return { ok: true, value: true };
      if (t === '0' || t === 'false') return { ok: true, value: false };
      return bad(`${q(text)} is not a boolean`);
    }
    case 'number':
    case 'int': {
      // '+' in a link decodes to a space: "1e+5" arrives as "1e 5".
      const r = readNumber(text.replace(/ /g, '+'));
      if (r.error) return bad(`${q(text)} ${r.error}`);
      if (spec.kind === 'int' && !Number.isInteger(r.value)) return bad(`${q(text)} is not an integer`);
      return { ok: true, value: clampNumber(key, text, r.value, spec, notices) };
    }
    case 'list': {
      const items = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
      const out = [], unknown = [], dup = [];
      for (const item of items) {
        if (!spec.values.includes(item)) unknown.push(item);
        else if (out.includes(item)) { if (!dup.includes(item)) dup.push(item); }
        else out.push(item);
      }
      if (unknown.length) notices.push(`${key}: ignored unknown ${unknown.length === 1 ? 'item' : 'items'} ${listNames(unknown)} (allowed: ${spec.values.join(', ')})`);
      if (dup.length) notices.push(`${key}: ${listNames(dup)} listed more than once; each is used once`);
      if (spec.maxLength !== undefined && out.length > spec.maxLength) {
        notices.push(`${key}: ${out.length} items given, more than the maximum ${spec.maxLength}; using the first ${spec.maxLength}`);
        out.length = spec.maxLength;
      }
      if (out.length < (spec.minLength ?? 0)) return bad(`needs at least ${spec.minLength} valid ${spec.minLength === 1 ? 'item' : 'items'}`);
      return { ok: true, value: out };
    }
    case 'ints': {
      const items = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
      const nums = [], malformed = [];
      for (const item of items) {
        const r = readNumber(item.replace(/ /g, '+'));
        if (r.error || !Number.isInteger(r.value)) malformed.push(item);
        else nums.push({ raw: item, value: r.value });
      }
      if (malformed.length) notices.push(`${key}: ignored ${listNames(malformed)} (not ${malformed.length === 1 ? 'an integer' : 'integers'}; allowed: integers from ${fmt(spec.min)} to ${fmt(spec.max)})`);
      if (nums.length > spec.maxLength) {
        notices.push(`${key}: ${nums.length} items given, more than the maximum ${spec.maxLength}; using the first ${spec.maxLength}`);
        nums.length = spec.maxLength;
      }
      if (nums.length < spec.minLength) return bad(`needs at least ${spec.minLength} valid ${spec.minLength === 1 ? 'integer' : 'integers'}`);
      const itemNotices = [];
      const out = nums.map(({ raw: r, value }) => clampNumber(key, r, value, spec, itemNotices));
      notices.push(...itemNotices.slice(0, MAX_ITEM_NOTICES));
      if (itemNotices.length > MAX_ITEM_NOTICES) {
        const more = itemNotices.length - MAX_ITEM_NOTICES;
        notices.push(`${key}: ${more} more ${more === 1 ? 'item was' : 'items were'} out of range and clamped to ${fmt(spec.min)}..${fmt(spec.max)}`);
      }
      return { ok: true, value: out };
    }
    default:
      return bad(`${q(text)} cannot be read`);
  }
}

const problemOf = (dataset) => (DATASETS.classification.includes(dataset) ? 'classification' : 'regression');

/** Checks one point; returns the point or a reason. Labels are checked against `problem`. */
export function checkPoint(p, problem) {
  for (const k of ['x1', 'x2', 'label']) {
    if (typeof p[k] !== 'number' || !Number.isFinite(p[k])) return { error: `${k} is not a finite number` };
  }
  for (const k of ['x1', 'x2']) {
    if (Math.abs(p[k]) > COORD_LIMIT) return { error: `${k} ${fmt(p[k])} is outside [-${COORD_LIMIT}, ${COORD_LIMIT}]` };
  }
  if (problem === 'classification') {
    if (p.label !== 0 && p.label !== 1) return { error: `label ${fmt(p.label)} is not a class (0 or 1)` };
  } else if (p.label < -1 || p.label > 1) {
    return { error: `label ${fmt(p.label)} is outside [-1, 1]` };
  }
  return { point: { x1: p.x1 === 0 ? 0 : p.x1, x2: p.x2 === 0 ? 0 : p.x2, label: p.label === 0 ? 0 : p.label } };
}

function parsePoints(raw, problem, notices) {
  const segments = raw.split(';').map((s) => s.trim()).filter((s) => s !== '');
  const points = [];
  let dropped = 0, firstReason = '';
  for (const seg of segments) {
    const fields = seg.split(',').map((s) => s.trim());
    let reason = '';
    let p = null;
    if (fields.length !== 3) reason = `expected 3 fields (x1,x2,label), got ${fields.length}`;
    else {
      const vals = {};
      for (const [i, k] of ['x1', 'x2', 'label'].entries()) {
        const r = readNumber(fields[i].replace(/ /g, '+'));
        if (r.error) { reason = `${k} ${q(fields[i])} ${r.error}`; break; }
        vals[k] = r.value;
      }
      if (!reason) {
        const c = checkPoint(vals, problem);
        if (c.error) reason = c.error; else p = c.point;
      }
    }
    if (p) points.push(p);
    else {
      dropped++;
      if (!firstReason) firstReason = `${q(seg)}: ${reason}`;
    }
  }
  if (dropped) {
    notices.push(`pts: dropped ${dropped} invalid ${dropped === 1 ? 'point' : 'points'} of ${segments.length} (first: ${firstReason})`);
  }
  if (points.length > MAX_LINK_POINTS) {
    notices.push(`pts: the link has ${points.length} points; only the first ${MAX_LINK_POINTS} were kept`);
    points.length = MAX_LINK_POINTS;
  }
  return points;
}

// Splits the text after '#' into a Map (last occurrence wins), URLSearchParams semantics.
// Reports (once) a pair whose percent-encoding is malformed.
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
  if (malformed !== null) {
    notices.push(`The link has malformed percent-encoding in ${q(malformed)}; it was read with replacement characters`);
  }
  return pairs;
}

/**
 * Reads a location hash. Never throws.
 * @param {string} hash e.g. '#dataset=spiral&lr=0.003' (the leading '#' is optional)
 * @returns {{settings: object, points: {x1:number,x2:number,label:number}[], notices: string[]}}
 */
export function parseHash(hash) {
  const notices = [];
  let settings = defaults();
  let points = [];
  try {
    let body = typeof hash === 'string' ? hash : '';
    if (body.startsWith('#')) body = body.slice(1);
    if (body.length > MAX_HASH_LENGTH) {
      notices.push(`The link's settings are too long (${body.length} characters; the limit is ${MAX_HASH_LENGTH}) and were ignored`);
      return { settings, points, notices };
    }
    const pairs = readPairs(body, notices);
    const given = new Set();
    for (const [key, spec] of Object.entries(SCHEMA)) {
      if (!pairs.has(key)) continue;
      const r = readValue(key, spec, pairs.get(key), notices);
      if (r.ok) { settings[key] = r.value; given.add(key); }
    }

    // Cross-key rules.
    if (problemOf(settings.dataset) !== settings.problem) {
      if (given.has('dataset') && !given.has('problem')) {
        settings.problem = problemOf(settings.dataset);
      } else {
        const first = DATASETS[settings.problem][0];
        if (given.has('dataset')) {
          notices.push(`dataset: ${settings.dataset} is a ${problemOf(settings.dataset)} dataset but problem is ${settings.problem}; using ${first}`);
        }
        settings.dataset = first;
      }
    }
    if (settings.loss === 'bce' && settings.problem !== 'classification') {
      notices.push(`loss: bce needs problem classification (problem is ${settings.problem}); using mse`);
      settings.loss = 'mse';
    }
    applyPreset(settings, given);

    if (pairs.has('pts')) points = parsePoints(pairs.get('pts'), settings.problem, notices);
  } catch (err) {
    // Should not happen; never let a link break the page.
    settings = defaults();
    points = [];
    notices.push(`The link could not be read (${shorten(err && err.message)}); using the defaults`);
  }
  return { settings, points, notices };
}

// The preset's values for the keys the link leaves out; 'custom' if a given key differs.
function applyPreset(settings, given) {
  const values = has(PRESET_VALUES, settings.preset) ? PRESET_VALUES[settings.preset] : null;
  if (!values) return;
  for (const [key, value] of Object.entries(values)) {
    if (!given.has(key)) settings[key] = value;
    else if (settings[key] !== value) settings.preset = 'custom';
  }
}

// Whether parseHash, reading these optimizer values under the default preset, says 'custom'.
function impliesCustom(settings) {
  const values = PRESET_VALUES[SCHEMA.preset.default];
  return Object.keys(values).some((k) => has(settings, k) && !sameValue(settings[k], values[k]));
}

const roundPoint = (x) => {
  const f = 10 ** POINT_DECIMALS;
  const r = Math.round(x * f) / f;
  return r === 0 ? 0 : r;
};

function sameValue(a, b) {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => x === b[i]);
  }
  return a === b;
}

// Percent-encodes a value, keeping ',' and ';' readable (they are legal in a fragment).
const encode = (s) => encodeURIComponent(s).replace(/%2C/gi, ',').replace(/%3B/gi, ';');

/** Whether toHash will include these points (it leaves out more than MAX_LINK_POINTS). */
export function pointsFitInLink(points) {
  return !Array.isArray(points) || points.length <= MAX_LINK_POINTS;
}

/**
 * The hash for these settings and user points: only keys that differ from their default (an
 * optimizer key under a named preset: from the preset's value, which parseHash fills in), in
 * SCHEMA order; points rounded to 3 decimals, included only if there are 1..MAX_LINK_POINTS of
 * them (see pointsFitInLink). Values that parseHash would reject (non-finite numbers, points it
 * would drop) are left out. Returns '#' when everything is default.
 */
export function toHash(settings = {}, points = []) {
  const parts = [];
  const preset = has(settings, 'preset') && has(PRESET_VALUES, settings.preset) ? PRESET_VALUES[settings.preset]
    : has(settings, 'preset') ? null : PRESET_VALUES[SCHEMA.preset.default];
  for (const [key, spec] of Object.entries(SCHEMA)) {
    if (!has(settings, key)) continue;
    const v = settings[key];
    const base = preset && has(preset, key) ? preset[key] : spec.default;
    if (v === undefined || sameValue(v, base)) continue;
    // 'custom' goes without saying when a value differs from the default preset's.
    if (key === 'preset' && v === 'custom' && impliesCustom(settings)) continue;
    let text;
    if (Array.isArray(v)) text = v.join(',');
    else if (typeof v === 'boolean') text = v ? '1' : '0';
    else if (typeof v === 'number') { if (!Number.isFinite(v)) continue; text = String(v); }
    else text = String(v);
    parts.push(`${key}=${encode(text)}`);
  }
  if (Array.isArray(points) && points.length >= 1 && points.length <= MAX_LINK_POINTS) {
    const problem = has(settings, 'problem') ? settings.problem : SCHEMA.problem.default;
    const encoded = [];
    for (const p of points) {
      if (!p) continue;
      const r = { x1: roundPoint(p.x1), x2: roundPoint(p.x2), label: roundPoint(p.label) };
      if (checkPoint(r, problem).error) continue;
      encoded.push(`${r.x1},${r.x2},${r.label}`);
    }
    if (encoded.length) parts.push(`pts=${encode(encoded.join(';'))}`);
  }
  return '#' + parts.join('&');
}
