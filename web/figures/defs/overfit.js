// Figure "overfit": RMSProp does not by itself prevent overfitting. Two overlapping Gaussian
// blobs (noise 0.5), a network much larger than the data needs: the training loss goes to ~0
// while the test loss climbs. What helps is more data or a penalty (L2), not the optimizer.
import { fmt, stepAxis } from '../streams.js';

const STEPS = 2000;
const OPTIMIZERS = {
  rmsprop: { label: 'RMSProp (lr 0.01)', spec: { name: 'rmsprop', lr: 0.01 } },
  sgd: { label: 'SGD (lr 0.1)', spec: { name: 'sgd', lr: 0.1 } },
  adam: { label: 'Adam (lr 0.01)', spec: { name: 'adam', lr: 0.01 } },
};

export default {
  id: 'overfit',
  title: 'RMSProp does not prevent overfitting',
  lead: 'Two overlapping blobs of points and a network far larger than they need. RMSProp drives the training loss towards 0 while the test loss climbs; more data with an L2 penalty changes that, the optimizer does not.',
  params: {
    optimizer: { label: 'optimizer', values: Object.keys(OPTIMIZERS), names: { rmsprop: 'RMSProp', sgd: 'SGD', adam: 'Adam' }, default: 'rmsprop' },
    n: { label: 'points (half for training)', values: [60, 200, 400], default: 60 },
    l2: { label: 'L2 rate', values: [0, 0.01, 0.03, 0.1], default: 0 },
  },
  charts: [
    { id: 'loss', title: 'Loss on the training and the test points', yLabel: 'loss (MSE)', log: true, height: 230 },
  ],
  job({ optimizer, n, l2 }) {
    return {
      kind: 'train', steps: STEPS,
      runs: [{
        config: {
          dataset: { name: 'gauss', n, noise: 0.5, seed: 1, train_ratio: 0.5 },
          hidden: [24, 24], activation: 'tanh', output: 'tanh', loss: 'mse',
          regularization: l2 > 0 ? 'l2' : 'none', reg_rate: l2,
          optimizer: OPTIMIZERS[optimizer].spec, seed: 1, divergence_factor: 0,
        },
      }],
    };
  },
  draw({ optimizer }, [r]) {
    const x = stepAxis(r.steps);
    let best = 0;
    for (let t = 1; t < r.steps; t++) if (r.test_loss[t] < r.test_loss[best]) best = t;
    const last = r.steps - 1;
    return {
      x,
      charts: {
        loss: [
          { label: 'training', color: '#0072B2', values: r.train_loss },
          { label: 'test', color: '#D55E00', values: r.test_loss },
        ],
      },
      readout: [
        `${OPTIMIZERS[optimizer].label}: training loss ${fmt(r.train_loss[0])} → ${fmt(r.train_loss[last])}. `
          + `Test loss is lowest at step ${best + 1} (${fmt(r.test_loss[best])}) and ends at ${fmt(r.test_loss[last])}`
          + `${r.test_loss[last] > 1.5 * r.test_loss[best] ? `, ${fmt(r.test_loss[last] / r.test_loss[best])} times its best` : ''}.`,
      ],
    };
  },
  explain: 'An optimizer decides how to walk downhill on the training loss; it does not know the test points exist. A faster walker '
    + 'such as RMSProp reaches the overfitted bottom sooner. Try SGD and Adam: they overfit too, at their own pace. '
    + 'More points together with an L2 penalty (try 200 points and L2 0.01) keep the test loss near its best: those change the '
    + 'loss surface, not the walker. So does stopping early, at the step where the test loss was lowest.',
};
