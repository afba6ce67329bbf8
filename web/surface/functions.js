// The 2-D test functions of the loss-surface mode, as the page needs them: names, formulas,
// parameters (a, b) with their ranges, the view box, the minima and the default start.
//
// The view boxes, minima and starts mirror cpp/surfaces/surface.cpp (surface_info, which the
// engine does not expose to JavaScript); keep the two in step. `evaluate` is a JavaScript port
// of surface_eval used ONLY to shade the contour plot, on the page's main thread, where there is
// no engine (40 000 points at once, which through the engine's JSON interface would also take
// ~200 ms); every optimizer step uses the engine's own f and gradient (engine.surface, in the
// page's worker). tests/browser/surface.test.mjs checks that the port agrees with the engine.

export const FUNCTION_NAMES = ['quadratic', 'rosenbrock', 'beale', 'saddle', 'himmelblau'];

// Himmelblau's four minima (f = 0); (3, 2) is exact, the others to double precision.
const HIMMELBLAU_MINIMA = [
  [3, 2],
  [-2.805118086952745, 3.131312518250573],
  [-3.779310253377747, -3.283185991286170],
  [3.584428340330492, -1.848126526964404],
];

/**
 * Per function: label, formula (plain text), description for learners, parameters with ranges
 * (only rosenbrock and quadratic have a and b), and info(a, b) -> {minima, fmin, view, start}.
 */
export const FUNCTIONS = {
  quadratic: {
    label: 'Ill-conditioned bowl',
    formula: 'f(x, y) = ½ (a·x² + b·y²)',
    about: 'A bowl that is b/a times steeper across (y) than along (x): a long narrow valley. '
      + 'Plain SGD zig-zags across it and crawls along it; RMSProp divides each coordinate by its own gradient scale and walks straight in.',
    params: {
      a: { min: 0.01, max: 1000, default: 1, log: true },
      b: { min: 0.01, max: 1000, default: 35, log: true },
    },
    info: () => ({
      minima: [[0, 0]], fmin: 0, kind: 'minimum',
      view: { xmin: -1.5, xmax: 1.5, ymin: -1.5, ymax: 1.5 }, start: [1, 1],
    }),
  },
  rosenbrock: {
    label: 'Rosenbrock',
    formula: 'f(x, y) = (a − x)² + b·(y − x²)²',
    about: 'A curved, flat-bottomed banana valley with the minimum at (a, a²). Finding the valley is easy, following it is hard. '
      + 'SGD needs a small lr (about 0.001) here.',
    params: {
      a: { min: -2, max: 2, default: 1 },
      b: { min: 0, max: 1000, default: 100 },
    },
    info: (a) => {
      const mx = a, my = a * a;
      return {
        minima: [[mx, my]], fmin: 0, kind: 'minimum',
        view: { xmin: Math.min(-2, mx - 0.5), xmax: Math.max(2, mx + 0.5), ymin: Math.min(-1, my - 0.5), ymax: Math.max(3, my + 0.5) },
        start: [-1.5, 2],
      };
    },
  },
  beale: {
    label: 'Beale',
    formula: 'f(x, y) = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²',
    about: 'Sharp ridges and a long flat valley ending in the minimum at (3, 0.5); gradients span many orders of magnitude. '
      + 'SGD needs lr of about 0.01 or less.',
    params: {},
    info: () => ({
      minima: [[3, 0.5]], fmin: 0, kind: 'minimum',
      view: { xmin: -4.5, xmax: 4.5, ymin: -4.5, ymax: 4.5 }, start: [1, 1.5],
    }),
  },
  saddle: {
    label: 'Saddle',
    formula: 'f(x, y) = x² − y²',
    about: 'No minimum: a saddle point at the origin. Starting just off the ridge y = 0, plain gradient descent crawls towards the saddle '
      + 'before it escapes; RMSProp scales the tiny y-gradient up and escapes at once. Every run ends by leaving the plot.',
    params: {},
    info: () => ({
      minima: [[0, 0]], fmin: 0, kind: 'saddle',
      view: { xmin: -1.5, xmax: 1.5, ymin: -1.5, ymax: 1.5 }, start: [1, 0.01],
    }),
  },
  himmelblau: {
    label: 'Himmelblau',
    formula: 'f(x, y) = (x² + y − 11)² + (x + y² − 7)²',
    about: 'Four minima, all with f = 0. Which one a run ends in depends on the start and on the optimizer. '
      + 'SGD needs lr of about 0.01 or less.',
    params: {},
    info: () => ({
      minima: HIMMELBLAU_MINIMA.map((m) => [...m]), fmin: 0, kind: 'minimum',
      view: { xmin: -5, xmax: 5, ymin: -5, ymax: 5 }, start: [0, 0],
    }),
  },
};

/** {minima, fmin, kind ('minimum' | 'saddle'), view {xmin, xmax, ymin, ymax}, start [x, y]}. */
export function surfaceInfo(name, a, b) {
  return FUNCTIONS[name].info(a, b);
}

/** The engine's surface spec for this function (a and b only where the function has them). */
export function surfaceSpec(name, a, b) {
  return 'a' in FUNCTIONS[name].params ? { name, a, b } : { name };
}

/**
 * f(x, y) in plain JavaScript, the same formulas as cpp/surfaces/surface.cpp (for the contour
 * shading only; trajectories use the engine).
 */
export function evaluate(name, a, b, x, y) {
  switch (name) {
    case 'rosenbrock': {
      const u = a - x, v = y - x * x;
      return u * u + b * v * v;
    }
    case 'beale': {
      const y2 = y * y, y3 = y2 * y;
      const t1 = 1.5 - x + x * y, t2 = 2.25 - x + x * y2, t3 = 2.625 - x + x * y3;
      return t1 * t1 + t2 * t2 + t3 * t3;
    }
    case 'quadratic': return 0.5 * (a * x * x + b * y * y);
    case 'saddle': return x * x - y * y;
    case 'himmelblau': {
      const u = x * x + y - 11, v = x + y * y - 7;
      return u * u + v * v;
    }
    default: return NaN;
  }
}

/** Whether (x, y, f) counts as having reached a minimum: within 1e-3 of one and f − f* ≤ 1e-6. */
export const REACH_DISTANCE = 1e-3;
export const REACH_GAP = 1e-6;
export function reached(info, x, y, f) {
  if (info.kind !== 'minimum' || !(f - info.fmin <= REACH_GAP)) return false;
  for (const [mx, my] of info.minima) {
    if (Math.hypot(x - mx, y - my) <= REACH_DISTANCE) return true;
  }
  return false;
}
