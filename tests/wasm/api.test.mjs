// The JavaScript API's shapes and round trips: typed arrays out, PyTorch's weight layout,
// points, grids.
import test from 'node:test';
import assert from 'node:assert/strict';

import { engine } from './helpers.mjs';

test('weights come out in W[out][in] layout and go back in unchanged', async () => {
  const e = await engine();
  const t = e.trainer({ hidden: [3, 2], features: ['x1', 'x2', 'x1x2'] });
  assert.deepEqual(t.layers, [3, 3, 2, 1]);
  const w = t.weights();
  assert.deepEqual(w.map((l) => [l.W.length, l.W[0].length, l.b.length]), [[3, 3, 3], [2, 3, 2], [1, 2, 1]]);
  const loss = t.evaluate().train_loss;
  t.step(20);
  assert.notEqual(t.evaluate().train_loss, loss);
  t.setWeights(w);
  assert.equal(t.evaluate().train_loss, loss, 'restoring the weights restores the loss exactly');
  assert.deepEqual(t.weights(), w);
  t.dispose();
});

test('bad weights are refused whole, naming the layer', async () => {
  const e = await engine();
  const t = e.trainer({ hidden: [2] });
  const w = t.weights();
  const bad = structuredClone(w);
  bad[1].W[0] = [1];
  assert.throws(() => t.setWeights(bad), /^Error: weights\[1\]\.W\[0\]: expected 2 numbers$/);
  const nan = structuredClone(w);
  nan[0].W[0][0] = 0.5;
  nan[1].b[0] = NaN;
  assert.throws(() => t.setWeights(nan), /weights: nan is not a finite number/);
  assert.deepEqual(t.weights(), w, 'nothing changed');
  assert.throws(() => t.setWeights([]), /weights: expected one \{W, b\} per layer \(2 layers\)/);
  t.dispose();
});

test('history, points and grids have the documented shapes', async () => {
  const e = await engine();
  const t = e.trainer({ dataset: { name: 'xor', n: 100, train_ratio: 0.8 }, hidden: [4] });
  assert.equal(t.trainSize, 80);
  assert.equal(t.testSize, 20);
  t.step(5);
  const h = t.history();
  for (const k of ['step', 'epoch', 'train_loss', 'test_loss', 'train_acc', 'test_acc', 'lr']) {
    assert.ok(h[k] instanceof Float64Array && h[k].length === 5, k);
  }
  assert.deepEqual(Array.from(h.step), [1, 2, 3, 4, 5]);
  assert.equal(h.layers.length, 2);
  assert.ok(h.layers[0].step_p10[4] <= h.layers[0].step_median[4] && h.layers[0].step_median[4] <= h.layers[0].step_p90[4]);
  const drained = t.history({ drain: true });
  assert.equal(drained.rows, 5);
  assert.equal(t.history().rows, 0, 'drained');
  const i = t.addPoint({ x1: 1, x2: -1, label: 1 });
  assert.equal(i, 100);
  assert.equal(t.points().user[i], 1);
  assert.equal(t.nearestPoint(1.01, -1, 0.1), i);
  t.removePoint(i);
  assert.equal(t.points().x1.length, 100);
  const grid = t.decisionGrid(16);
  assert.equal(grid.length, 256);
  assert.ok(grid.every((v) => v >= -1 && v <= 1));
  assert.equal(t.neuronGrids(8).length, (4 + 1) * 64);
  assert.equal(t.domain, 6);
  t.dispose();
});

test('standalone optimizers, presets, datasets, surfaces and names', async () => {
  const e = await engine();
  assert.deepEqual(e.preset('keras'), { alpha: 0.9, centered: false, eps: 1e-7, eps_in_sqrt: true, initial_accumulator: 0, lr: 0.001,
    maximize: false, momentum: 0, name: 'rmsprop', weight_decay: 0 });
  // One hand-computed RMSProp step: v = (1 - alpha) g^2, p -= lr g / (sqrt(v) + eps).
  const o = e.rmsprop({ lr: 0.1 });
  const p = new Float64Array([1, -2]);
  const [stats] = o.step(p, [0.5, -4]);
  assert.equal(p[0], 1 + (-0.1 * 0.5) / (Math.sqrt((1 - 0.99) * 0.5 * 0.5) + 1e-8));
  assert.equal(p[1], -2 + (-0.1 * -4) / (Math.sqrt((1 - 0.99) * -4 * -4) + 1e-8));
  assert.equal(stats.grad_rms, Math.sqrt((0.25 + 16) / 2));
  o.dispose();
  const d = e.dataset({ name: 'moons', n: 50 });
  assert.equal(d.x1.length, 50);
  const s = e.surface({ name: 'rosenbrock', a: 1, b: 100 }, 1, 1);
  assert.ok(s.f === 0 && s.gx === 0 && s.gy === 0, JSON.stringify(s));
  assert.equal(e.surface({ name: 'saddle' }, 2, 3).f, 4 - 9);
  assert.deepEqual(e.names('presets'), ['pytorch', 'keras', 'tf1', 'hinton2012']);
});
