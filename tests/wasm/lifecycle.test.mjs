// Handles are owned by the wrappers: dispose() frees them, use after dispose is an Error, and
// creating, stepping and disposing many trainers leaves the wasm heap where it was.
import test from 'node:test';
import assert from 'node:assert/strict';

import { engine } from './helpers.mjs';

const CYCLES = 10000;

test(`${CYCLES} create/step/dispose cycles keep the wasm heap flat`, async (t) => {
  const e = await engine();
  const config = { dataset: { name: 'circle', n: 60 }, hidden: [4, 4] };
  // Warm up so allocator pools and one-time statics exist before measuring.
  for (let i = 0; i < 200; i++) {
    const tr = e.trainer(config);
    tr.step(2);
    tr.history({ drain: true });
    tr.dispose();
  }
  const before = e.memory();
  for (let i = 0; i < CYCLES; i++) {
    const tr = e.trainer(config);
    tr.step(2);
    tr.decisionGrid(8);
    tr.dispose();
    const o = e.rmsprop();
    o.step(new Float64Array(3), [1, 2, 3]);
    o.dispose();
  }
  const after = e.memory();
  t.diagnostic(`wasm heap ${before.heap} -> ${after.heap} bytes; malloc in use ${before.used} -> ${after.used} bytes after ${CYCLES} cycles`);
  assert.equal(after.heap, before.heap, 'the heap did not grow');
  // At most 1 KiB of growth over all the cycles (measured: none).
  assert.ok(after.used - before.used <= 1024, `malloc in use grew by ${after.used - before.used} bytes`);
});

test('use after dispose throws a clear Error and dispose is idempotent', async () => {
  const e = await engine();
  const tr = e.trainer({});
  tr.dispose();
  tr.dispose();
  assert.throws(() => tr.step(1), /^Error: trainer has been disposed$/);
  const o = e.sgd();
  o.dispose();
  assert.throws(() => o.step(new Float64Array(1), [1]), /optimizer has been disposed/);
});

test('history arrays are copies that survive memory growth', async () => {
  const e = await engine();
  const tr = e.trainer({ dataset: { name: 'spiral', n: 200 }, hidden: [8, 8] });
  tr.step(100);
  const h = tr.history();
  const snapshot = Array.from(h.train_loss);
  // Force the heap to grow: a large grid allocates megabytes.
  const big = e.trainer({ dataset: { name: 'xor', n: 10000 }, hidden: [64, 64, 64] });
  big.decisionGrid(512);
  assert.ok(e.memory().heap > 16 * 1024 * 1024, 'heap grew');
  assert.deepEqual(Array.from(h.train_loss), snapshot);
  assert.equal(h.train_loss.length, 100);
  big.dispose();
  tr.dispose();
});

// A failing call must free everything it allocated: the bindings return the error instead of
// throwing from inside C++ (a JavaScript throw there skipped the C++ destructors and the glue's
// argument clean-up; every failing set('lr', -1) leaked its 16-byte key string).
test(`${CYCLES} failing calls of each kind keep the bytes in use flat`, async (t) => {
  const e = await engine();
  const tr = e.trainer({ dataset: { name: 'circle', n: 60 }, hidden: [4, 4] });
  const o = e.rmsprop();
  const p = new Float64Array(3);
  const badWeights = tr.weights().map(({ W, b }) => ({ W, b: b.map(() => NaN) }));
  const kinds = {
    "trainer.set('lr', -1)": () => tr.set('lr', -1),
    "trainer.set('colour', 1)": () => tr.set('colour', 1),
    "optimizer.set('lr', -1)": () => o.set('lr', -1),
    "optimizer.get('nope')": () => o.get('nope'),
    "engine.preset('nope')": () => e.preset('nope'),
    "engine.names('nope')": () => e.names('nope'),
    'engine.trainer(bad config)': () => e.trainer({ optimizer: { name: 'rmsprop', lr: -1 } }),
    'engine.optimizer(bad spec)': () => e.optimizer({ name: 'adam', beta1: 2 }),
    'engine.dataset(bad spec)': () => e.dataset({ name: 'nope' }),
    'engine.surface(NaN)': () => e.surface({ name: 'beale' }, NaN, 0),
    'trainer.setOptimizer(bad)': () => tr.setOptimizer({ name: 'nope' }),
    'trainer.regenerate(bad)': () => tr.regenerate({ name: 'plane' }),
    "trainer.step('x')": () => tr.step('x'),
    'trainer.setBatchSize(10.5)': () => tr.setBatchSize(10.5),
    'trainer.decisionGrid(1)': () => tr.decisionGrid(1),
    'trainer.removePoint(-1)': () => tr.removePoint(-1),
    'trainer.addPoint(bad label)': () => tr.addPoint({ x1: 0, x2: 0, label: 0.5 }),
    'trainer.setPoints(NaN)': () => tr.setPoints({ x1: [NaN], x2: [0], label: [1] }),
    'trainer.setWeights(NaN)': () => tr.setWeights(badWeights),
    'optimizer.step(mismatch)': () => o.step(p, [1]),
    'optimizer.setGroups([0])': () => o.setGroups([0]),
  };
  const failAll = (f, n) => {
    for (let i = 0; i < n; i++) assert.throws(f);
  };
  for (const [name, f] of Object.entries(kinds)) {
    failAll(f, 200);  // warm-up: allocator pools, one-time statics
    const before = e.memory().used;
    failAll(f, CYCLES);
    const grown = e.memory().used - before;
    t.diagnostic(`${name}: ${CYCLES} failing calls, malloc in use ${before} -> ${before + grown} bytes`);
    assert.ok(grown <= 256, `${name}: malloc in use grew by ${grown} bytes over ${CYCLES} failing calls`);
  }
  // And everything still works.
  assert.equal(tr.step(2), 2);
  tr.dispose();
  o.dispose();
});
