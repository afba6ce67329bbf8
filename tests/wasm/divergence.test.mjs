// Stops through the JavaScript API: a blow-up undoes the update that caused it, so a lower lr
// and resume() go on from finite weights; saturated units that leave every gradient at zero
// stop training as "stalled" instead of running for ever.
import test from 'node:test';
import assert from 'node:assert/strict';

import { engine } from './helpers.mjs';

test('after a blow-up, a lower lr and resume() continue from finite weights', async () => {
  const e = await engine();
  const config = { dataset: { name: 'gauss', n: 100 }, output: 'linear', batch_size: 10, divergence_factor: 0,
    optimizer: { name: 'sgd', lr: 0.01, momentum: 0.9 } };
  const t = e.trainer(config);
  const ref = e.trainer(config);
  assert.equal(t.step(4), 4);
  ref.step(4);
  t.set('lr', 1e300);
  assert.equal(t.step(10), 0, 'step 5 ran, then step 6 found the loss it left non-finite and undid it');
  const d = t.divergence();
  assert.equal(d.stopped, true);
  assert.equal(d.quantity, 'loss');
  assert.equal(d.step, 5, 'the step whose update went bad');
  assert.ok(d.layer >= 0 && d.layer < 3, `the layer the bad update changed most: ${d.layer}`);
  assert.match(d.message, /^Training stopped at step 5: its update made the training loss non-finite \(NaN or Inf\); it changed layer \d \(.+\) most .*The update was undone: the weights and optimizer state are those after step 4\. .*lower learning rate/);
  assert.equal(t.steps, 4);
  assert.ok(Number.isFinite(t.evaluate().train_loss), 'the kept weights give a finite loss');
  assert.deepEqual(t.weights(), ref.weights(), 'exactly the weights from before the bad update');
  t.set('lr', 0.01);
  t.resume();
  assert.equal(t.step(12), 12);
  assert.equal(ref.step(12), 12);
  assert.equal(t.divergence().stopped, false);
  assert.deepEqual(t.weights(), ref.weights(), 'and the run goes on as if the bad step never happened');
  t.dispose();
  ref.dispose();
});

test('the default network with lr 10 saturates and stops as stalled, naming the layer', async () => {
  const e = await engine();
  const t = e.trainer({ dataset: { name: 'circle' }, hidden: [4, 2], activation: 'tanh', output: 'tanh',
    optimizer: { name: 'rmsprop', lr: 10 } });
  const done = t.step(100000);
  const d = t.divergence();
  assert.equal(d.quantity, 'stalled', d.message);
  assert.ok(done < 100, `stopped after ${done} steps`);
  assert.equal(d.step, done + 1);
  assert.ok(d.layer >= 0);
  assert.match(d.message, new RegExp(`^Training stopped at step ${d.step}: every gradient has been exactly 0 for 20 steps in a row while the loss is [\\d.]+, so training cannot move\\. The units of layer ${d.layer + 1} \\(.+\\) are saturated \\(tanh at -1 or 1 on every training point\\).*lower learning rate \\(lr\\), then reset`));
  const g = t.history().layers.map((l) => l.grad_rms.at(-1));
  assert.deepEqual(g, g.map(() => 0), 'no gradient anywhere');
  t.dispose();
});

test('dead relu units stop as stalled; a network that fits exactly does not', async () => {
  const e = await engine();
  const relu = e.trainer({ hidden: [3], activation: 'relu', output: 'tanh' });
  const w = relu.weights();
  w[0].W = w[0].W.map((row) => row.map(() => 0));
  w[0].b = [-1, -1, -1];
  w[1].b = [50];
  relu.setWeights(w);
  assert.equal(relu.step(100), 19);
  assert.equal(relu.divergence().quantity, 'stalled');
  assert.equal(relu.divergence().layer, 0);
  assert.match(relu.divergence().message, /dead \(ReLU outputs 0 on every training point\).*dead ReLU units do not come back/);
  relu.dispose();

  // Two points fitted exactly by saturated units: loss 0, every gradient 0, and that is fine.
  const fit = e.trainer({ hidden: [1] });
  fit.setPoints({ x1: [1, -1], x2: [1, -1], label: [1, 0] });
  fit.setWeights([{ W: [[100, 100]], b: [0] }, { W: [[100]], b: [0] }]);
  assert.equal(fit.evaluate().train_loss, 0);
  assert.equal(fit.step(100), 100);
  assert.equal(fit.divergence().stopped, false);
  fit.dispose();
});
