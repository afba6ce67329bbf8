// Every setting of the playground: its URL key, type, default and allowed range. The URL hash
// module (url.js), the controls and the engine config all read this one table.
//
// Ranges are the engine's own limits (cpp/), narrowed where the page needs (e.g. at most 2000
// generated points so the page stays responsive).

export const DATASETS = {
  classification: ['circle', 'xor', 'gauss', 'spiral', 'moons'],
  regression: ['plane', 'multigauss'],
};
export const FEATURES = ['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sinx1', 'sinx2'];
export const PRESETS = ['pytorch', 'keras', 'tf1', 'hinton2012', 'custom'];

// kind: 'enum' (values), 'number' (min, max, log?), 'int' (min, max), 'bool', 'list' (of enum
// values), 'ints' (list of ints: min, max per item, minLength, maxLength).
export const SCHEMA = {
  // Data
  problem: { kind: 'enum', values: ['classification', 'regression'], default: 'classification' },
  dataset: { kind: 'enum', values: [...DATASETS.classification, ...DATASETS.regression], default: 'circle' },
  n: { kind: 'int', min: 20, max: 2000, default: 400 },
  noise: { kind: 'number', min: 0, max: 0.5, default: 0.05 },
  trainRatio: { kind: 'number', min: 0.1, max: 0.9, default: 0.5 },
  batch: { kind: 'int', min: 0, max: 2000, default: 0 },  // 0 = full batch
  dataSeed: { kind: 'int', min: 0, max: 999999, default: 1 },
  features: { kind: 'list', values: FEATURES, minLength: 1, default: ['x1', 'x2'] },
  // Network
  hidden: { kind: 'ints', min: 1, max: 64, minLength: 1, maxLength: 8, default: [4, 2] },
  activation: { kind: 'enum', values: ['tanh', 'relu', 'sigmoid', 'linear'], default: 'tanh' },
  output: { kind: 'enum', values: ['tanh', 'sigmoid', 'linear'], default: 'tanh' },
  loss: { kind: 'enum', values: ['mse', 'bce'], default: 'mse' },
  reg: { kind: 'enum', values: ['none', 'l1', 'l2'], default: 'none' },
  regRate: { kind: 'number', min: 0, max: 1, default: 0.001, log: true, sliderMin: 1e-6 },  // the slider's log scale starts at 1e-6; the box takes 0
  init: { kind: 'enum', values: ['xavier', 'he', 'uniform'], default: 'xavier' },
  seed: { kind: 'int', min: 0, max: 999999, default: 1 },
  // Optimizer (RMSProp, PyTorch's names)
  preset: { kind: 'enum', values: PRESETS, default: 'pytorch' },
  lr: { kind: 'number', min: 1e-6, max: 10, default: 0.01, log: true },
  alpha: { kind: 'number', min: 0, max: 0.9999, default: 0.99 },
  eps: { kind: 'number', min: 1e-12, max: 1, default: 1e-8, log: true },
  momentum: { kind: 'number', min: 0, max: 0.99, default: 0 },
  centered: { kind: 'bool', default: false },
  weight_decay: { kind: 'number', min: 0, max: 1, default: 0 },
  eps_in_sqrt: { kind: 'bool', default: false },
  initial_accumulator: { kind: 'number', min: 0, max: 10, default: 0 },
  // View
  speed: { kind: 'int', min: 0, max: 1000, default: 0 },  // steps per frame, 0 = as fast as possible
  autoplay: { kind: 'bool', default: false },              // start training as soon as the page loads
  logLoss: { kind: 'bool', default: true },
  showTest: { kind: 'bool', default: false },
  discretize: { kind: 'bool', default: false },
  embed: { kind: 'bool', default: false },
  hide: { kind: 'list', values: ['data', 'network', 'optimizer', 'controls', 'charts', 'explain'], minLength: 0, default: [] },
};

// The RMSProp hyperparameters each preset sets (mirrors cpp/optim/rmsprop.cpp).
export const PRESET_VALUES = {
  pytorch: { lr: 0.01, alpha: 0.99, eps: 1e-8, eps_in_sqrt: false, initial_accumulator: 0 },
  keras: { lr: 0.001, alpha: 0.9, eps: 1e-7, eps_in_sqrt: true, initial_accumulator: 0 },
  tf1: { lr: 0.001, alpha: 0.9, eps: 1e-10, eps_in_sqrt: true, initial_accumulator: 1 },
  hinton2012: { lr: 0.001, alpha: 0.9, eps: 1e-8, eps_in_sqrt: false, initial_accumulator: 0 },
};

// The playground's Speed menu (steps per frame; 0 = as fast as possible). A link may name any
// speed the schema allows (the comparison page lists those too); the playground snaps it to the
// nearest of these, with a notice.
export const SPEEDS = [0, 1, 5, 20, 100];

/** The menu speed nearest to `speed` (the lower one on a tie). */
export function nearestSpeed(speed) {
  let best = SPEEDS[0];
  for (const v of SPEEDS) if (Math.abs(v - speed) < Math.abs(best - speed)) best = v;
  return best;
}

export function defaults() {
  const s = {};
  for (const [key, spec] of Object.entries(SCHEMA)) s[key] = Array.isArray(spec.default) ? [...spec.default] : spec.default;
  return s;
}

// Optimizer settings change live; everything else needs a new trainer (a reset).
export const LIVE_KEYS = ['lr', 'alpha', 'eps', 'momentum', 'centered', 'weight_decay', 'eps_in_sqrt', 'initial_accumulator', 'batch'];
export const VIEW_KEYS = ['speed', 'autoplay', 'logLoss', 'showTest', 'discretize', 'embed', 'hide', 'preset'];

/** The engine's trainer config for these settings (web/engine/engine.js, docs/api.md). */
export function trainerConfig(s) {
  return {
    dataset: { name: s.dataset, n: s.n, noise: s.noise, train_ratio: s.trainRatio, seed: s.dataSeed },
    features: [...s.features],
    hidden: [...s.hidden],
    activation: s.activation,
    output: s.output,
    loss: s.loss,
    regularization: s.reg,
    reg_rate: s.reg === 'none' ? 0 : s.regRate,
    init: s.init,
    optimizer: optimizerConfig(s),
    batch_size: s.batch,
    seed: s.seed,
  };
}

export function optimizerConfig(s) {
  return {
    name: 'rmsprop', lr: s.lr, alpha: s.alpha, eps: s.eps, momentum: s.momentum, centered: s.centered,
    weight_decay: s.weight_decay, eps_in_sqrt: s.eps_in_sqrt, initial_accumulator: s.initial_accumulator,
  };
}
