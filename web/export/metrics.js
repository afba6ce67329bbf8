// The metrics history as CSV and JSON, and the weights as JSON. Input: a history in
// engine.history()'s layout ({rows, stride, step, epoch, train_loss, test_loss, train_acc,
// test_acc, lr, layers: [{grad_rms, update_rms, param_rms, update_ratio, accum_rms, step_min,
// step_p10, step_median, step_p90, step_max, nonfinite}]}), e.g. RunRecorder.history().
// Numbers are written in full (the shortest text that reads back as the same double).
import { LAYER_FIELDS, SCALARS } from './recorder.js';

/** CSV column names: the scalars, then layerL_field for L = 1 .. layers (the last is the output layer). */
export function csvColumns(layers) {
  const cols = [...SCALARS];
  for (let l = 0; l < layers; l++) for (const f of LAYER_FIELDS) cols.push(`layer${l + 1}_${f}`);
  return cols;
}

// NaN (not measured: no test split, no accuracy in regression) is an empty cell; infinities are
// inf / -inf, which Python, pandas and R read.
const cell = (v) => (Number.isNaN(v) ? '' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : String(v));

/** One header line and one line per recorded step, '\n'-terminated. */
export function metricsCsv(history) {
  const layers = history.layers?.length ?? 0;
  const cols = [];
  for (const k of SCALARS) cols.push(history[k]);
  for (let l = 0; l < layers; l++) for (const f of LAYER_FIELDS) cols.push(history.layers[l][f]);
  const lines = [csvColumns(layers).join(',')];
  const rows = history.rows ?? history.step.length;
  for (let r = 0; r < rows; r++) {
    let line = '';
    for (let c = 0; c < cols.length; c++) line += (c ? ',' : '') + cell(cols[c] ? cols[c][r] : NaN);
    lines.push(line);
  }
  return `${lines.join('\n')}\n`;
}

const finite = (a) => Array.from(a ?? [], (v) => (Number.isFinite(v) ? v : null));

/**
 * The history as a JSON document: the engine's layout with plain arrays (null where a value is
 * not defined: NaN or infinite), plus what it belongs to.
 * @param {object} history
 * @param {{config?: object, steps?: number}} [meta] the trainer config, the steps run
 */
export function metricsJson(history, { config = null, steps = undefined } = {}) {
  const doc = {
    format: 'rmsprop-playground-metrics/1',
    description: 'One entry per recorded step (losses and accuracies measured before that step\'s update); '
      + 'layers[l] are the per-layer diagnostics, the last layer being the output layer. stride: steps per '
      + 'recorded row (1 = every step). null: not defined (NaN) or infinite.',
    rows: history.rows ?? history.step.length,
    stride: history.stride ?? 1,
  };
  if (steps !== undefined) doc.steps = steps;
  if (config) doc.config = config;
  for (const k of SCALARS) doc[k] = finite(history[k]);
  doc.layers = (history.layers ?? []).map((layer) => Object.fromEntries(LAYER_FIELDS.map((f) => [f, finite(layer[f])])));
  return `${JSON.stringify(doc)}\n`;
}

/** Weights in PyTorch's layout, as engine.weights() gives and setWeights() takes them. */
export function weightsJson(weights) {
  return `${JSON.stringify(weights)}\n`;
}
