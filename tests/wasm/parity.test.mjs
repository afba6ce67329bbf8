// The same seed and settings trained natively and in wasm must agree. The target is bit-for-bit
// equality: both builds use the portable rp::fm kernels and -ffp-contract=off.
import test from 'node:test';
import assert from 'node:assert/strict';

import { engine, trainNative } from './helpers.mjs';

const STEPS = 1000;
const CONFIGS = {
  'tanh/mse circle, rmsprop, full batch': {
    dataset: { name: 'circle', n: 300, noise: 0.1, seed: 3 }, hidden: [6, 4], optimizer: { name: 'rmsprop', lr: 0.01 }, seed: 11,
  },
  'relu/bce spiral, centered rmsprop with momentum, mini-batch 32, all features': {
    dataset: { name: 'spiral', n: 400, noise: 0.2, seed: 5 },
    features: ['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sinx1', 'sinx2'],
    hidden: [16, 8], activation: 'relu', output: 'sigmoid', loss: 'bce', init: 'he',
    optimizer: { name: 'rmsprop', lr: 0.003, centered: true, momentum: 0.5 }, batch_size: 32, seed: 7,
  },
  'sigmoid/linear multigauss regression, adam, l2': {
    dataset: { name: 'multigauss', n: 300, noise: 0.1, seed: 2 }, hidden: [8], activation: 'sigmoid', output: 'linear',
    regularization: 'l2', reg_rate: 0.001, init: 'uniform', optimizer: { name: 'adam', lr: 0.01, amsgrad: true }, seed: 4,
  },
  'tanh gauss, keras preset, sgd-like small net': {
    dataset: { name: 'gauss', n: 200, noise: 0.3, seed: 9 }, hidden: [3], optimizer: { name: 'rmsprop', preset: 'keras' }, seed: 1,
  },
};

// Largest |a - b| over two arrays; NaN on both sides counts as equal (no test split, etc.).
function maxDiff(a, b, at, worst) {
  assert.equal(a.length, b.length, `${at}: lengths differ`);
  for (let i = 0; i < a.length; i++) {
    const x = a[i], y = b[i] ?? NaN;  // JSON writes NaN as null
    if (Number.isNaN(x) && Number.isNaN(y)) continue;
    const d = Math.abs(x - y);
    if (!(d <= worst.d)) Object.assign(worst, { d: Number.isNaN(d) ? Infinity : d, at: `${at}[${i}]` });
  }
}

for (const [name, config] of Object.entries(CONFIGS)) {
  test(`native and wasm agree bit for bit over ${STEPS} steps: ${name}`, async (t) => {
    const e = await engine();
    const native = trainNative(config, STEPS);
    const trainer = e.trainer(config);
    assert.equal(trainer.step(STEPS), STEPS);
    const h = trainer.history();
    const worst = { d: 0, at: '' };
    for (const key of ['train_loss', 'test_loss', 'train_acc', 'test_acc', 'lr', 'epoch']) maxDiff(h[key], native.history[key], key, worst);
    h.layers.forEach((layer, l) => {
      for (const key of Object.keys(layer)) maxDiff(layer[key], native.history.layers[l][key], `layers[${l}].${key}`, worst);
    });
    trainer.weights().forEach((w, l) => {
      maxDiff(w.W.flat(), native.weights[l].W.flat(), `weights[${l}].W`, worst);
      maxDiff(w.b, native.weights[l].b, `weights[${l}].b`, worst);
    });
    trainer.dispose();
    t.diagnostic(`largest native-wasm difference: ${worst.d}${worst.at ? ` at ${worst.at}` : ''}`);
    assert.equal(worst.d, 0, `largest difference ${worst.d} at ${worst.at}`);
  });
}
