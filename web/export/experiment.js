// An experiment: everything the code exports (pytorch.js, keras.js) write out, gathered from a
// run (web/export/runlog.js), its points and its recorded history. Plain data, no DOM.
import { DATASETS } from '../state/schema.js';
import { splits, zeroOneTargets } from './features.js';

/** Steps the exported scripts run when the page has not trained yet. */
export const DEFAULT_STEPS = 100;
/** At most this many of the page's recorded losses are embedded for comparison. */
export const MAX_PAGE_LOSSES = 2000;

const RMSPROP_DEFAULTS = { lr: 0.01, alpha: 0.99, eps: 1e-8, weight_decay: 0, momentum: 0, centered: false, maximize: false, eps_in_sqrt: false, initial_accumulator: 0 };

const plain = (a) => Array.from(a ?? [], Number);

/** Up to max indices of 0..n-1, evenly spread, always the first and the last. */
export function sampleIndices(n, max) {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const out = [];
  for (let k = 0; k < max; k++) out.push(Math.round((k * (n - 1)) / (max - 1)));
  return [...new Set(out)];
}

/**
 * @param {{run: object, points: {x1, x2, label, test, user}, steps: number,
 *   history?: {rows, step, train_loss, test_loss}, source?: string}} input
 */
export function buildExperiment({ run, points, steps = 0, history = null, source = '' }) {
  const config = run.config;
  const opt = run.optimizer;
  if (opt.name && opt.name !== 'rmsprop') throw new Error(`export: the optimizer is '${opt.name}'; only RMSProp runs can be exported`);
  const problem = DATASETS.regression.includes(config.dataset?.name) ? 'regression' : 'classification';
  const features = config.features ?? ['x1', 'x2'];
  const hidden = config.hidden ?? [4, 2];
  const activation = config.activation ?? 'tanh';
  const output = config.output ?? 'tanh';
  const loss = config.loss ?? 'mse';
  const regularization = config.regularization ?? 'none';
  const regRate = regularization === 'none' ? 0 : (config.reg_rate ?? 0);
  const optimizer = {};
  for (const [k, d] of Object.entries(RMSPROP_DEFAULTS)) optimizer[k] = opt[k] ?? d;
  const pts = { x1: plain(points.x1), x2: plain(points.x2), label: plain(points.label), test: plain(points.test), user: plain(points.user) };
  const data = splits(pts, { features, problem, loss, output });

  const rows = history?.rows ?? 0;
  const pageLoss = sampleIndices(rows, MAX_PAGE_LOSSES).map((r) => [history.step[r], history.train_loss[r], history.test_loss[r]]);

  const notes = [];
  if (run.dataChangedAt !== null && run.dataChangedAt !== undefined) {
    notes.push(`The page's points changed at step ${run.dataChangedAt}, during the run: this script trains on the current points from the step-0 weights, so it is not a replay of the page's run. (Reset the network on the page, train, and export again for one that is.)`);
  }
  if (run.replacedAt !== null && run.replacedAt !== undefined) {
    notes.push(`The page replaced its optimizer at step ${run.replacedAt} (fresh state): this script keeps one optimizer, so it is not a replay of the page's run after that step.`);
  }
  const changes = (run.changes ?? []).map(([step, values]) => [step, { ...values }]);
  const miniBatch = run.batchSize > 0 || changes.some(([, v]) => 'batch_size' in v && v.batch_size > 0);
  return {
    source,
    problem,
    dataset: { ...config.dataset },
    features,
    layers: [features.length, ...hidden, 1],
    activation,
    output,
    loss,
    zeroOne: zeroOneTargets({ loss, output }),
    regularization,
    regRate,
    init: config.init ?? 'xavier',
    seed: config.seed ?? 1,
    weights: run.weights,
    optimizer,
    batchSize: run.batchSize ?? 0,
    miniBatch,
    shuffles: [...(run.shuffles ?? [])],
    changes,
    points: pts,
    userPoints: pts.user.filter((u) => u).length,
    train: data.train,
    test: data.test,
    pageSteps: steps,
    steps: steps > 0 ? steps : DEFAULT_STEPS,
    pageLoss,
    reproducible: notes.length === 0,
    notes,
  };
}

/** The rmsprop-golden/1 optimizer object of an experiment (extension keys only when used). */
export function goldenOptimizer(exp) {
  const o = exp.optimizer;
  const out = { name: 'rmsprop', lr: o.lr, alpha: o.alpha, eps: o.eps, weight_decay: o.weight_decay, momentum: o.momentum, centered: !!o.centered, maximize: !!o.maximize };
  if (o.eps_in_sqrt) out.eps_in_sqrt = true;
  if (o.initial_accumulator !== 0) out.initial_accumulator = o.initial_accumulator;
  return out;
}

/** The rmsprop-golden/1 model object (regularization only when used: an extension of the format). */
export function goldenModel(exp) {
  const m = { layers: [...exp.layers], activation: exp.activation, output: exp.output, loss: exp.loss };
  if (exp.regularization !== 'none' && exp.regRate !== 0) {
    m.regularization = exp.regularization;
    m.reg_rate = exp.regRate;
  }
  return m;
}

/** A short name for the case and for file names. */
export function experimentName(exp) {
  return `playground-${exp.dataset.name ?? 'data'}-${exp.layers.join('-')}-${exp.activation}-${exp.loss}-step${exp.pageSteps}`;
}

/**
 * The experiment as one rmsprop-golden/1 'mlp' case, without `expected`: model, step-0 weights,
 * the training split (inputs and targets), the optimizer at step 0 and the step count.
 */
export function goldenCase(exp) {
  return {
    name: experimentName(exp),
    kind: 'mlp',
    optimizer: goldenOptimizer(exp),
    model: goldenModel(exp),
    weights: exp.weights,
    data: { x: exp.train.x, y: exp.train.y },
    steps: exp.steps,
  };
}
