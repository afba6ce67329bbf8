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
