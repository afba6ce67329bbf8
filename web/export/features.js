// The network's inputs and targets exactly as the engine computes them (cpp/data/dataset.cpp
// compute_features, cpp/train/trainer.cpp target_of), so an exported experiment feeds PyTorch
// or Keras the very same numbers the page trained on.
//
// The sine features need the engine's own sin (cpp/core/fmath.cpp, an fdlibm port): the
// browser's Math.sin differs from it in the last bit for about 1 input in 100. The port below
// covers |x| < 2^20·π/2 (about 1.6e6) with fdlibm's Cody-Waite reduction, operation for
// operation; points are limited to [-1000, 1000]² by the engine, so nothing else is needed.

export const FEATURE_NAMES = ['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sinx1', 'sinx2'];

/** How each feature is written in exported code and comments. */
export const FEATURE_FORMULAS = {
  x1: 'x1', x2: 'x2', x1sq: 'x1**2', x2sq: 'x2**2', x1x2: 'x1*x2', sinx1: 'sin(x1)', sinx2: 'sin(x2)',
};

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE ? 1 : 0;

/** fdlibm's "ix": the high 32 bits of |x|. */
function highAbs(x) {
  f64[0] = x;
  return u32[HI] & 0x7fffffff;
}

const S1 = -1.66666666666666324348e-01;
const S2 = 8.33333333332248946124e-03;
const S3 = -1.98412698298579493134e-04;
const S4 = 2.75573137070700676789e-06;
const S5 = -2.50507602534068634195e-08;
const S6 = 1.58969099521155010221e-10;
const C1 = 4.16666666666666019037e-02;
const C2 = -1.38888888888741095749e-03;
const C3 = 2.48015872894767294178e-05;
const C4 = -2.75573143513906633035e-07;
const C5 = 2.08757232129817482790e-09;
const C6 = -1.13596475577881948265e-11;

function ksin(x, y) {
  const z = x * x;
  const w = z * z;
  const r = S2 + z * (S3 + z * S4) + z * w * (S5 + z * S6);
  const v = z * x;
  return x - ((z * (0.5 * y - v * r) - y) - v * S1);
}
function ksin0(x) {
  const z = x * x;
  const w = z * z;
  const r = S2 + z * (S3 + z * S4) + z * w * (S5 + z * S6);
  const v = z * x;
  return x + v * (S1 + z * r);
}
function kcos(x, y) {
  const z = x * x;
  let w = z * z;
  const r = z * (C1 + z * (C2 + z * C3)) + w * w * (C4 + z * (C5 + z * C6));
  const hz = 0.5 * z;
  w = 1.0 - hz;
  return w + (((1.0 - w) - hz) + (z * r - x * y));
}

const INVPIO2 = 6.36619772367581382433e-01;
const PIO2_1 = 1.57079632673412561417e+00;
const PIO2_1T = 6.07710050650619224932e-11;
const PIO2_2 = 6.07710050630396597660e-11;
const PIO2_2T = 2.02226624879595063154e-21;
const PIO2_3 = 2.02226624871116645580e-21;
const PIO2_3T = 8.47842766036889956997e-32;
const ROUND_SHIFT = 6755399441055744;  // 0x1.8p52

/** x -> n·π/2 + (y0 + y1) for π/4 <~ x < 2^20·π/2; returns [n, y0, y1]. */
function remPio2(x) {
  const ix = highAbs(x);
  let fn = x * INVPIO2 + ROUND_SHIFT;
  fn = fn - ROUND_SHIFT;
  const n = fn | 0;
  let r = x - fn * PIO2_1;
  let w = fn * PIO2_1T;
  const j = ix >>> 20;
  let y0 = r - w;
  let i = j - ((highAbs(y0) >>> 20) & 0x7ff);
  if (i > 16) {
    let t = r;
    w = fn * PIO2_2;
    r = t - w;
    w = fn * PIO2_2T - ((t - r) - w);
    y0 = r - w;
    i = j - ((highAbs(y0) >>> 20) & 0x7ff);
    if (i > 49) {
      t = r;
      w = fn * PIO2_3;
      r = t - w;
      w = fn * PIO2_3T - ((t - r) - w);
      y0 = r - w;
    }
  }
  return [n, y0, (r - y0) - w];
}

/** The engine's sin (rp::fm::sin), bit for bit, for |x| < 2^20·π/2. */
export function engineSin(x) {
  if (!Number.isFinite(x)) return NaN;
  const ax = Math.abs(x);
  const hx = highAbs(ax);
  let r;
  if (hx <= 0x3fe921fb) {
    r = hx < 0x3e500000 ? ax : ksin0(ax);
  } else if (hx < 0x413921fb) {
    const [n, y0, y1] = remPio2(ax);
    switch (n & 3) {
      case 0: r = ksin(y0, y1); break;
      case 1: r = kcos(y0, y1); break;
      case 2: r = -ksin(y0, y1); break;
      default: r = -kcos(y0, y1);
    }
  } else {
    throw new Error(`engineSin: |x| = ${ax} is beyond the range points can have`);
  }
  // sin is odd bit for bit (sin(-0) = -0).
  return Object.is(x, -0) || x < 0 ? -r : r;
}

/** One feature of a point, as cpp/data/dataset.cpp computes it. */
export function feature(name, x1, x2) {
  switch (name) {
    case 'x1': return x1;
    case 'x2': return x2;
    case 'x1sq': return x1 * x1;
    case 'x2sq': return x2 * x2;
    case 'x1x2': return x1 * x2;
    case 'sinx1': return engineSin(x1);
    case 'sinx2': return engineSin(x2);
    default: throw new Error(`feature: '${name}' is unknown; allowed: ${FEATURE_NAMES.join(', ')}`);
  }
}

/**
 * Whether classification targets are 0/1 (sigmoid output or BCE) rather than ±1 (tanh or
 * linear output with MSE); regression targets are the labels themselves.
 */
export function zeroOneTargets({ loss, output }) {
  return loss === 'bce' || output === 'sigmoid';
}

/** The training target of a point's label (cpp/train/trainer.cpp target_of). */
export function targetOf(label, { problem, loss, output }) {
  if (problem === 'regression') return label;
  return zeroOneTargets({ loss, output }) ? label : 2.0 * label - 1.0;
}

/**
 * The train and test splits as network inputs and targets, in the engine's row order (points in
 * order, each to its split). points: {x1, x2, label, test} arrays.
 * @returns {{train: {x: number[][], y: number[][], index: number[]}, test: {...}}}
 */
export function splits(points, { features, problem, loss, output }) {
  const out = { train: { x: [], y: [], index: [] }, test: { x: [], y: [], index: [] } };
  const n = points.x1.length;
  for (let i = 0; i < n; i++) {
    const split = points.test[i] ? out.test : out.train;
    const x1 = points.x1[i];
    const x2 = points.x2[i];
    split.x.push(features.map((f) => feature(f, x1, x2)));
    split.y.push([targetOf(points.label[i], { problem, loss, output })]);
    split.index.push(i);
  }
  return out;
}
