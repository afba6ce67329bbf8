// Gradient sequences for the figures' open-loop runs, and small helpers over their results.
// Deterministic: the noise comes from a seeded generator, so a figure, its link and its test
// always show the same numbers.

/** mulberry32: a small seeded generator of uniforms in [0, 1). */
export function uniforms(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws (Box–Muller over uniforms(seed)). */
export function normals(seed) {
  const u = uniforms(seed);
  return () => {
    const r = Math.sqrt(-2 * Math.log(1 - u()));
    return r * Math.cos(2 * Math.PI * u());
  };
}

/**
 * A T×n gradient stream: grads[t*n + i] = f(t, i), t = 0 .. T-1 (the gradient of step t+1).
 */
export function stream(T, n, f) {
  const grads = new Float64Array(T * n);
  for (let t = 0; t < T; t++) for (let i = 0; i < n; i++) grads[t * n + i] = f(t, i);
  return grads;
}

/** Steps 1..T as x values. */
export function stepAxis(T) {
  return Float64Array.from({ length: T }, (_, t) => t + 1);
}

/** Column i of a T×n array. */
export function column(a, n, i, { abs = false, scale = 1 } = {}) {
  const T = Math.floor(a.length / n);
  const out = new Float64Array(T);
  for (let t = 0; t < T; t++) out[t] = (abs ? Math.abs(a[t * n + i]) : a[t * n + i]) * scale;
  return out;
}

/** The median of an array (a copy is sorted). */
export function median(a) {
  const s = Float64Array.from(a).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** A number for running text: 3 significant digits, exponent form when small or large. */
export function fmt(v, digits = 3) {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e5) {
    const [m, e] = v.toExponential(digits - 1).split('e');
    return `${+m}·10${superscript(e.replace('+', ''))}`;
  }
  return String(+v.toPrecision(digits));
}

const SUP = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };
function superscript(s) {
  return [...s].map((c) => SUP[c] ?? c).join('');
}
