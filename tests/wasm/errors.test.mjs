// Every validation error reaches JavaScript as an Error carrying the C++ message, and the
// module keeps working afterwards.
import test from 'node:test';
import assert from 'node:assert/strict';

import { engine } from './helpers.mjs';

const BAD_TRAINERS = [
  [{ optimizer: { name: 'rmsprop', lr: -1 } }, /^rmsprop\.lr: -1 is out of range; allowed: finite and >= 0$/],
  [{ optimizer: { name: 'rmsprop', alpha: 1.5 } }, /^rmsprop\.alpha: 1\.5 is out of range; allowed: \[0, 1\]$/],
  [{ optimizer: { name: 'rmsprop', eps: -1e-8 } }, /^rmsprop\.eps: .* allowed: finite and >= 0$/],
  [{ optimizer: { name: 'rmsprop', momentum: -0.1 } }, /^rmsprop\.momentum: -0\.1 is out of range/],
  [{ optimizer: { name: 'rmsprop', weight_decay: -1 } }, /^rmsprop\.weight_decay: -1 is out of range/],
  [{ optimizer: { name: 'rmsprop', centered: 2 } }, /^rmsprop\.centered: 2 is not a boolean; allowed: 0 or 1$/],
  [{ optimizer: { name: 'rmsprop', lr: 'fast' } }, /^optimizer\.lr: expected a number, got a string$/],
  [{ optimizer: { name: 'rmsprop', betas: 0.9 } }, /^rmsprop\.key: 'betas' is unknown; allowed: lr, alpha, eps/],
  [{ optimizer: { name: 'adamw' } }, /^optimizer\.name: 'adamw' is unknown; allowed: rmsprop, sgd, adam, adagrad$/],
  [{ optimizer: { name: 'adam', beta2: 1 } }, /^adam\.beta2: 1 is out of range; allowed: \[0, 1\)$/],
  [{ optimizer: { name: 'sgd', nesterov: true } }, /^sgd\.nesterov: Nesterov momentum requires momentum > 0/],
  [{ optimizer: { name: 'rmsprop', preset: 'caffe' } }, /^rmsprop\.preset: 'caffe' is unknown; allowed: pytorch, keras, tf1, hinton2012$/],
  [{ hidden: [] }, /^hidden: 0 hidden layers given; allowed: 1\.\.8$/],
  [{ hidden: [1, 1, 1, 1, 1, 1, 1, 1, 1] }, /^hidden: 9 hidden layers given; allowed: 1\.\.8$/],
  [{ hidden: [65] }, /^hidden\[0\]: 65 is out of range; allowed: integers 1\.\.64$/],
  [{ hidden: [2.5] }, /^hidden\[0\]: 2\.5 is not an integer$/],
  [{ activation: 'gelu' }, /^activation: 'gelu' is unknown; allowed: tanh, relu, sigmoid, linear$/],
  [{ output: 'relu' }, /^output: 'relu' is unknown; allowed: linear, tanh, sigmoid$/],
  [{ loss: 'hinge' }, /^loss: 'hinge' is unknown; allowed: mse, bce$/],
  [{ reg_rate: 11 }, /^reg_rate: 11 is out of range; allowed: \[0, 10\]$/],
  [{ optimizer: { name: 'rmsprop', lr: true } }, /^optimizer\.lr: expected a number, got a boolean$/],
  [{ dataset: { n: 1e300 } }, /^dataset\.n: 1e300 is out of range; allowed: integers 1\.\.10000$/],
  [{ seed: -1 }, /^seed: -1 is out of range; allowed: integers 0\.\.9007199254740991$/],
  [{ history_limit: 16.5 }, /^history_limit: 16\.5 is not an integer$/],
  [{ features: ['x3'] }, /x3/],
  [{ dataset: { name: 'swissroll' } }, /^dataset\.name: 'swissroll' is unknown; allowed: /],
  [{ dataset: { noise: 0.9 } }, /^dataset\.noise: 0\.9 is out of range; allowed: \[0, 0\.5\]$/],
  [{ dataset: { n: 0 } }, /^dataset\.n: 0 is out of range; allowed: integers 1\.\.10000$/],
  [{ batch_size: -1 }, /^batch_size: -1 is out of range; allowed: integers 0\.\.10000$/],
  [{ dataset: { name: 'plane' }, loss: 'bce' }, /^loss: 'bce' needs a classification dataset/],
  [{ colour: 'blue' }, /^config\.key: 'colour' is unknown; allowed: dataset, features/],
];

test('each bad trainer config throws an Error with the C++ message', async () => {
  const e = await engine();
  for (const [config, message] of BAD_TRAINERS) {
    assert.throws(() => e.trainer(config), (err) => err instanceof Error && message.test(err.message),
      `config ${JSON.stringify(config)}`);
  }
});

test('bad live changes and calls throw and leave the trainer usable', async () => {
  const e = await engine();
  const t = e.trainer({ dataset: { name: 'xor', n: 100 } });
  assert.throws(() => t.set('lr', -0.5), /^Error: rmsprop\.lr: -0\.5 is out of range/);
  assert.throws(() => t.set('lr', NaN), /rmsprop\.lr: nan is out of range/);
  assert.throws(() => t.set('momentum', Infinity), /rmsprop\.momentum: inf is out of range/);
  assert.throws(() => t.set('colour', 1), /rmsprop\.key: 'colour' is unknown/);
  assert.equal(t.optimizer.lr, 0.01, 'a failed set keeps the old value');
  assert.throws(() => t.addPoint({ x1: 0, x2: 0, label: 0.5 }), /point\.label: 0\.5 is not a class; allowed: 0 or 1/);
  assert.throws(() => t.addPoint({ x1: NaN, x2: 0, label: 1 }), /point\.x1: nan is out of range/);
  assert.throws(() => t.removePoint(1e6), /point\.index/);
  assert.throws(() => t.decisionGrid(1), /grid\.n: 1 is out of range; allowed: integers 2\.\.512/);
  assert.throws(() => t.setBatchSize(20000), /batch_size: 20000 is out of range/);
  assert.throws(() => t.setWeights([{ W: [[1]], b: [0] }]), /weights: expected one \{W, b\} per layer/);
  assert.throws(() => t.regenerate({ name: 'plane' }), /dataset\.name: 'plane' is a regression dataset/);
  assert.throws(() => t.step(-1), /step/);
  // Still alive and training.
  assert.equal(t.step(50), 50);
  assert.equal(t.steps, 50);
  assert.ok(Number.isFinite(t.evaluate().train_loss));
  t.dispose();
});

test('bad optimizer calls throw and the optimizer keeps working', async () => {
  const e = await engine();
  const o = e.rmsprop({ lr: 0.1 });
  const p = new Float64Array([1, 2, 3]);
  assert.throws(() => o.step(p, [1, 2]), /grads: has 2 values; params has 3/);
  o.step(p, [1, 1, 1]);
  assert.throws(() => o.step(new Float64Array(4), [1, 1, 1, 1]), /rmsprop\.step: got 4 parameters, but the state was sized for 3/);
  o.setGroups([1, 1]);
  assert.throws(() => o.step(p, [1, 1, 1]), /rmsprop\.groups: groups cover 2 of 3 parameters/);
  assert.throws(() => o.setGroups([0, 3]), /groups: sizes must be positive integers/);
  o.setGroups([2, 1]);
  assert.equal(o.step(p, [1, 1, 1]).length, 2, 'one stats entry per group');
  assert.equal(o.steps, 2, 'failed steps did not count');
  assert.throws(() => e.optimizer({ name: 'adam', beta1: -0.1 }), /adam\.beta1: -0\.1 is out of range; allowed: \[0, 1\)/);
  assert.throws(() => e.surface({ name: 'quadratic', a: -1 }, 0, 0), /surface\.a/);
  assert.throws(() => e.names('colours'), /names: 'colours' is unknown/);
  o.dispose();
});
