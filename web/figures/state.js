// A figure page's link: figure.html#fig=alpha&alpha=0.99&embed=1. The ONE place where a figure
// link is read and checked; the figure gets clean values only.
//
//   fig       one of FIGURE_IDS (default: the first)
//   KEY       a control of that figure (its `params`); the value must be one of the control's
//             values (numbers compare by value: 1e-8 and 0.00000001 are the same)
//   embed     1 | 0: no page title, no footer (default 0)
//   hide      comma list of: controls readout explain
//
// Rules as the other links' (web/state/url.js): unknown keys are ignored; a bad value gives the
// default with a notice naming the key, the value (shortened) and what is allowed; nothing
// throws; notices are plain text for textContent.
import { MAX_HASH_LENGTH, shorten } from '../state/url.js';
import { FIGURES, FIGURE_IDS } from './registry.js';

export const HIDE_SECTIONS = ['controls', 'readout', 'explain'];

/** The value of a control matching raw text, or undefined. */
export function matchValue(spec, raw) {
  if (typeof spec.default === 'number') {
    if (!/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(raw.trim())) return undefined;
    const v = Number(raw);
    return spec.values.find((x) => x === v);
  }
  return spec.values.find((x) => x === raw);
}

/** What a control allows, for notices: "0, 0.5, 0.9". */
export function allowed(spec) {
  return spec.values.map((v) => String(v)).join(', ');
}

export function defaultsOf(fig) {
  return Object.fromEntries(Object.entries(FIGURES[fig].params).map(([k, spec]) => [k, spec.default]));
}

/** '#fig=...&...' -> { fig, params, embed, hide, notices }. */
export function parseFigureHash(hash) {
  const notices = [];
  let text = typeof hash === 'string' ? hash.replace(/^#/, '') : '';
  if (text.length > MAX_HASH_LENGTH) {
    notices.push(`The link's settings are too long (${text.length} characters; at most ${MAX_HASH_LENGTH}); showing the defaults.`);
    text = '';
  }
  let q;
  try {
    q = new URLSearchParams(text);
  } catch {
    q = new URLSearchParams();
  }
  const get = (k) => q.get(k);
  let fig = FIGURE_IDS[0];
  const rawFig = get('fig');
  if (rawFig !== null) {
    if (FIGURE_IDS.includes(rawFig)) fig = rawFig;
    else notices.push(`fig: "${shorten(rawFig)}" is not a figure; allowed: ${FIGURE_IDS.join(', ')}. Showing "${fig}".`);
  }
  const params = defaultsOf(fig);
  for (const [key, spec] of Object.entries(FIGURES[fig].params)) {
    const raw = get(key);
    if (raw === null) continue;
    const v = matchValue(spec, raw);
    if (v === undefined) notices.push(`${key}: "${shorten(raw)}" is not allowed; allowed: ${allowed(spec)}. Using ${spec.default}.`);
    else params[key] = v;
  }
  const embed = get('embed') === '1';
  const hide = new Set();
  for (const part of (get('hide') ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    if (HIDE_SECTIONS.includes(part)) hide.add(part);
    else notices.push(`hide: "${shorten(part)}" is not a section; allowed: ${HIDE_SECTIONS.join(', ')}.`);
  }
  return { fig, params, embed, hide: [...hide], notices };
}

/** The link's hash for a figure's state (only values that differ from the defaults). */
export function toFigureHash({ fig, params, embed = false, hide = [] }) {
  const q = new URLSearchParams();
  q.set('fig', fig);
  const d = defaultsOf(fig);
  for (const [k, v] of Object.entries(params)) if (v !== d[k]) q.set(k, String(v));
  if (embed) q.set('embed', '1');
  if (hide.length) q.set('hide', hide.join(','));
  return `#${q.toString()}`;
}
