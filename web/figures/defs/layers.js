// Figure "layers": per layer, what the optimizer sees and what it does. A deep network trained on
// the circle data from the same initial weights by SGD, by RMSProp as in PyTorch and by RMSProp
// with Keras's eps placement. The gradients shrink layer by layer towards the input (sigmoid
// especially) whichever optimizer runs; SGD's steps shrink with them, RMSProp's do not -- while
// the gradient stays well above eps (or √eps in Keras's placement).
import { PALETTE, layerLabel } from '../../ui/charts.js';
import { fmt, stepAxis } from '../streams.js';

const STEPS = 400;
const OPTIMIZERS = {
  sgd: { label: 'SGD (lr 0.1)', spec: { name: 'sgd', lr: 0.1 } },
  rmsprop: { label: 'RMSProp, PyTorch (lr 0.01, eps 10⁻⁸)', spec: { name: 'rmsprop', lr: 0.01 } },
  keras: { label: 'RMSProp, eps 10⁻⁷ in the root as Keras (lr 0.01)', spec: { name: 'rmsprop', lr: 0.01, eps: 1e-7, eps_in_sqrt: true } },
};
const KEYS = Object.keys(OPTIMIZERS);
const LOSS_COLORS = { sgd: '#009E73', rmsprop: '#0072B2', keras: '#D55E00' };

function config({ depth, activation }, spec) {
  return {
    dataset: { name: 'circle', n: 200, noise: 0.1, seed: 1 },
    hidden: new Array(depth).fill(6), activation, output: 'tanh', loss: 'mse',
    optimizer: spec, seed: 1, divergence_factor: 0,
  };
}

export default {
  id: 'layers',
  title: 'Per layer: the gradients vanish, RMSProp\'s steps do not',
  lead: 'A deep network on the circle data, from the same initial weights. Towards the input each layer\'s gradient is smaller, whichever optimizer runs; SGD\'s steps shrink with it, RMSProp\'s are about lr in every layer.',
  params: {
    optimizer: { label: 'optimizer', values: KEYS, names: { sgd: 'SGD', rmsprop: 'RMSProp (PyTorch)', keras: 'RMSProp, eps as Keras' }, default: 'rmsprop' },
    depth: { label: 'hidden layers (6 neurons)', values: [2, 4, 6, 8], default: 6 },
    activation: { label: 'activation', values: ['sigmoid', 'tanh', 'relu'], default: 'sigmoid' },
  },
  charts: [
    { id: 'grad', title: 'Gradient RMS per layer', yLabel: 'RMS of g', log: true, shareY: 'layers' },
    { id: 'update', title: 'Step size per layer, RMS of Δθ', yLabel: 'RMS of Δθ', log: true, shareY: 'layers' },
    { id: 'loss', title: 'Training loss, all three optimizers', yLabel: 'loss (MSE)', log: true },
  ],
  job(p) {
    // The chosen optimizer first; the other two for the loss chart.
    const order = [p.optimizer, ...KEYS.filter((k) => k !== p.optimizer)];
    return { kind: 'train', steps: STEPS, runs: order.map((k) => ({ config: config(p, OPTIMIZERS[k].spec), key: k })) };
  },
  draw(p, results, job) {
    const chosen = results[0];
    const n = chosen.steps;
    const x = stepAxis(n);
    const L = chosen.layers.length;
    const perLayer = (key) => chosen.layers.map((layer, l) => ({ label: layerLabel(l, L), color: PALETTE[l % PALETTE.length], values: layer[key] }));
    const loss = results.map((r, k) => {
      const key = job.runs[k].key;
      return { label: OPTIMIZERS[key].label.replace(/ \(.*/, ''), color: LOSS_COLORS[key], width: k === 0 ? 2.5 : 1.25, values: r.train_loss };
    });
    const first = (key, l) => chosen.layers[l][key][0];
    const spanAt = (key, t) => {
      const v = chosen.layers.map((layer) => layer[key][t]);
      return Math.max(...v) / Math.min(...v);
    };
    const end = (r) => r.train_loss[r.steps - 1];
    return {
      x,
      charts: { grad: perLayer('grad_rms'), update: perLayer('update_rms'), loss },
      readout: [
        `Step 1: layer 1's gradient RMS is ${fmt(first('grad_rms', 0))}, the output layer's ${fmt(first('grad_rms', L - 1))} (${fmt(spanAt('grad_rms', 0))} times apart). `
          + `${OPTIMIZERS[p.optimizer].label.replace(/ \(.*/, '')}'s steps: ${fmt(first('update_rms', 0))} and ${fmt(first('update_rms', L - 1))} (${fmt(spanAt('update_rms', 0))} times apart).`,
        `Loss after ${STEPS} steps: ${results.map((r, k) => `${OPTIMIZERS[job.runs[k].key].label.replace(/ \(.*/, '')} ${fmt(end(r))}`).join(', ')} (from ${fmt(chosen.train_loss[0])}).`,
      ],
    };
  },
  explain: 'Backpropagation multiplies the gradient by each layer\'s weights and by the activation\'s slope on the way down; the sigmoid\'s '
    + 'slope is at most ¼, so each sigmoid layer can shrink it fourfold or more. The optimizer cannot change that: at step 1 the gradient '
    + 'chart is the same for all three. What it changes is the step. SGD\'s is lr × g, as small as the gradient. RMSProp divides each '
    + 'coordinate by its own running RMS, so its steps are about lr in every layer (the first ones lr/√(1 − alpha)). With eps inside '
    + 'the root, as Keras puts it, gradients below √eps ≈ 3·10⁻⁴ are not rescaled, and the first layers barely move.',
};
