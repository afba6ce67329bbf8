// Every validation error reaches JavaScript as an Error carrying the C++ message, and the
// module keeps working afterwards.
import test from 'node:test';
import assert from 'node:assert/strict';

import { inspect } from 'node:util';

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
  // A non-finite hyperparameter reads as set() says it: the optimizer's field name and range.
  [{ optimizer: { name: 'rmsprop', lr: NaN } }, /^rmsprop\.lr: nan is out of range; allowed: finite and >= 0$/],
  [{ optimizer: { name: 'rmsprop', alpha: -Infinity } }, /^rmsprop\.alpha: -inf is out of range; allowed: \[0, 1\]$/],
  [{ optimizer: { name: 'adam', preset: 'keras', beta1: NaN } }, /^optimizer\.preset: presets exist only for rmsprop/],
  [{ optimizer: { name: 'rmsprop', centered: NaN } }, /^rmsprop\.centered: nan is not a boolean; allowed: 0 or 1$/],
  // Types are named, a bigint as a bigint.
  [{ seed: 5n }, /^seed: expected a number, got a bigint$/],
  [{ hidden: [8n] }, /^hidden\[0\]: expected a number, got a bigint$/],
  [{ hidden: new BigInt64Array([8n]) }, /^hidden\[0\]: expected a number, got a bigint$/],
  [{ activation: Symbol('tanh') }, /^activation: expected a string, got a symbol$/],
  [{ dataset: () => 'circle' }, /^dataset: expected an object, got a function$/],
];

test('each bad trainer config throws an Error with the C++ message', async () => {
  const e = await engine();
  for (const [config, message] of BAD_TRAINERS) {
    assert.throws(() => e.trainer(config), (err) => err instanceof Error && message.test(err.message),
      `config ${inspect(config)}`);
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
  assert.throws(() => o.setGroups([0, 3]), /^Error: groups\[0\]: 0 is out of range; allowed: integers 1\.\.1000000000$/);
  assert.throws(() => o.setGroups([1, 1.5]), /^Error: groups\[1\]: 1\.5 is not an integer; allowed: integers 1\.\.1000000000$/);
  o.setGroups([2, 1]);
  assert.equal(o.step(p, [1, 1, 1]).length, 2, 'one stats entry per group');
  assert.equal(o.steps, 2, 'failed steps did not count');
  assert.throws(() => e.optimizer({ name: 'adam', beta1: -0.1 }), /adam\.beta1: -0\.1 is out of range; allowed: \[0, 1\)/);
  assert.throws(() => e.surface({ name: 'quadratic', a: Infinity }, 0, 0), /function\.a: inf is not a finite number/);
  assert.deepEqual(e.surface({ name: 'quadratic', a: -1 }, 1, 0), { f: -0.5, gx: -1, gy: 0 }, 'any finite a: the function is defined');
  assert.throws(() => e.names('colours'), /names: 'colours' is unknown/);
  o.dispose();
});

test('a NaN hyperparameter gets the same message from a config, setOptimizer, optimizer() and set()', async () => {
  const e = await engine();
  const t = e.trainer({});
  const message = (f) => { try { f(); } catch (err) { return err.message; } return null; };
  const fromSet = message(() => t.set('lr', NaN));
  assert.equal(fromSet, 'rmsprop.lr: nan is out of range; allowed: finite and >= 0');
  assert.equal(message(() => e.trainer({ optimizer: { name: 'rmsprop', lr: NaN } })), fromSet);
  assert.equal(message(() => t.setOptimizer({ name: 'rmsprop', lr: NaN })), fromSet);
  assert.equal(message(() => e.optimizer({ name: 'rmsprop', lr: NaN })), fromSet);
  assert.equal(message(() => e.rmsprop({ lr: NaN })), fromSet);
  assert.equal(message(() => e.adam({ beta2: Infinity })), 'adam.beta2: inf is out of range; allowed: [0, 1)');
  t.dispose();
});

// Integers are checked in the engine, before any cast, naming the field, the value and the range.
const BAD_INTEGERS = [
  ['setBatchSize', NaN, 'batch_size: nan is not an integer; allowed: integers 0..10000'],
  ['setBatchSize', 10.9, 'batch_size: 10.9 is not an integer; allowed: integers 0..10000'],
  ['setBatchSize', 'abc', "batch_size: expected a number, got 'abc'; allowed: integers 0..10000"],
  ['setBatchSize', '10', "batch_size: expected a number, got '10'; allowed: integers 0..10000"],
  ['setBatchSize', 10n, 'batch_size: expected a number, got a bigint (10n); allowed: integers 0..10000'],
  ['setBatchSize', -(2 ** 32) + 5, 'batch_size: -4294967291 is out of range; allowed: integers 0..10000'],
  ['setBatchSize', 1e10, 'batch_size: 10000000000 is out of range; allowed: integers 0..10000'],
  ['setBatchSize', null, 'batch_size: expected a number, got null; allowed: integers 0..10000'],
  ['setBatchSize', [5], 'batch_size: expected a number, got an array; allowed: integers 0..10000'],
  ['setBatchSize', Symbol('x'), 'batch_size: expected a number, got a symbol; allowed: integers 0..10000'],
  ['decisionGrid', 2.9, 'grid.n: 2.9 is not an integer; allowed: integers 2..512'],
  ['decisionGrid', NaN, 'grid.n: nan is not an integer; allowed: integers 2..512'],
  ['decisionGrid', 2 ** 32 + 10, 'grid.n: 4294967306 is out of range; allowed: integers 2..512'],
  ['decisionGrid', 1e10, 'grid.n: 10000000000 is out of range; allowed: integers 2..512'],
  ['decisionGrid', Infinity, 'grid.n: inf is not an integer; allowed: integers 2..512'],
  ['neuronGrids', 3.5, 'grid.n: 3.5 is not an integer; allowed: integers 2..128'],
  ['neuronGrids', 129, 'grid.n: 129 is out of range; allowed: integers 2..128'],
  ['step', 2.5, 'step.k: 2.5 is not an integer; allowed: integers 0..1000000000'],
  ['step', NaN, 'step.k: nan is not an integer; allowed: integers 0..1000000000'],
  ['step', -1, 'step.k: -1 is out of range; allowed: integers 0..1000000000'],
  ['step', 2 ** 32 + 1, 'step.k: 4294967297 is out of range; allowed: integers 0..1000000000'],
  ['step', 'x', "step.k: expected a number, got 'x'; allowed: integers 0..1000000000"],
  ['step', null, 'step.k: expected a number, got null; allowed: integers 0..1000000000'],
  ['step', 3n, 'step.k: expected a number, got a bigint (3n); allowed: integers 0..1000000000'],
  ['removePoint', 1.5, 'point.index: 1.5 is not an integer; allowed: integers 0..99'],
  ['removePoint', -1, 'point.index: -1 is out of range; allowed: integers 0..99'],
  ['removePoint', 2 ** 32, 'point.index: 4294967296 is out of range; allowed: integers 0..99'],
];

test('integer arguments refuse NaN, fractions, non-numbers and wrapping values, naming them', async () => {
  const e = await engine();
  const t = e.trainer({ dataset: { name: 'xor', n: 100 } });
  for (const [method, value, message] of BAD_INTEGERS) {
    assert.throws(() => t[method](value), (err) => err instanceof Error && err.message === message,
      `${method}(${inspect(value)}) -> ${message}`);
  }
  // Nothing changed: full batch, no steps, every point kept; and the trainer still works.
  assert.equal(t.steps, 0);
  assert.equal(t.points().x1.length, 100);
  assert.equal(t.step(3), 3);
  assert.equal(t.history().rows, 3, 'full batch: one row per step');
  t.setBatchSize(10);
  assert.equal(t.decisionGrid(4.0).length, 16);
  t.removePoint(99);
  assert.equal(t.points().x1.length, 99);
  assert.throws(() => t.removePoint(99), /^Error: point\.index: 99 is out of range; allowed: integers 0\.\.98$/);
  t.dispose();
});

test('step(0) is a no-op even when the train split is empty', async () => {
  const e = await engine();
  const t = e.trainer({});
  t.setPoints({ x1: [1], x2: [1], label: [1], test: [1] });
  assert.equal(t.trainSize, 0);
  assert.equal(t.step(0), 0);
  assert.throws(() => t.step(1), /^Error: data: the train split is empty/);
  t.dispose();
});

test('a surface at a point that is not finite throws, naming the coordinate', async () => {
  const e = await engine();
  assert.throws(() => e.surface({ name: 'beale' }, NaN, Infinity), /^Error: x: nan is not a finite number$/);
  assert.throws(() => e.surface({ name: 'rosenbrock' }, 0, -Infinity), /^Error: y: -inf is not a finite number$/);
  assert.throws(() => e.surface({ name: 'saddle' }, 'a', 0), /^Error: x: nan is not a finite number$/);
  assert.equal(e.surface({ name: 'beale' }, 3, 0.5).f, 0);
});

test('typed arrays are taken wherever an array of numbers is', async () => {
  const e = await engine();
  const t = e.trainer({ hidden: new Int32Array([8, 8]), dataset: { name: 'circle', n: 60 } });
  assert.deepEqual(t.layers, [2, 8, 8, 1]);
  t.setOptimizer({ name: 'sgd', lr: new Float64Array([0.1])[0] });
  const w = t.weights();
  t.setWeights(w.map(({ W, b }) => ({ W: W.map((row) => Float64Array.from(row)), b: Float32Array.from(b, () => 0.5) })));
  assert.deepEqual(t.weights()[0].b, Array(8).fill(0.5));
  t.setPoints({ x1: new Float32Array([1, -1]), x2: new Int8Array([1, -1]), label: new Uint8Array([1, 0]) });
  assert.equal(t.trainSize, 2);
  t.dispose();
  const o = e.sgd({ lr: 0.5 });
  o.setGroups(new Uint16Array([1, 2]));
  const p = new Float64Array([1, 1, 1]);
  assert.equal(o.step(p, new Float32Array([1, 2, 4])).length, 2);
  assert.deepEqual(Array.from(p), [0.5, 0, -1]);
  assert.throws(() => o.step(p, new BigInt64Array([1n, 2n, 3n])), /^Error: grads\[0\]: expected a number, got a bigint$/);
  assert.throws(() => o.step(p, [1, '2', 3]), /^Error: grads\[1\]: expected a number, got a string$/);
  assert.throws(() => o.step(p, 'abc'), /^Error: grads: expected an array of numbers/);
  o.dispose();
});

test('a config whose getter throws fails in JavaScript and leaves the engine working', async () => {
  const e = await engine();
  const config = { get hidden() { throw new Error('getter says no'); } };
  assert.throws(() => e.trainer(config), /^Error: getter says no$/);
  const t = e.trainer({});
  assert.equal(t.step(2), 2);
  t.dispose();
});
