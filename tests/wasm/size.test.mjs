// The engine the page loads stays small. Budget (issue: the wasm module and its loader JS):
// at most 100 000 bytes gzipped for rmsprop_core.wasm + rmsprop_core.mjs. The hand-written
// wrappers (engine.js, load.js) are reported too; they count toward the page's weight.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

import { ROOT } from './helpers.mjs';

const gz = (f) => gzipSync(readFileSync(path.join(ROOT, f)), { level: 9 }).length;
const BUDGET = 100000;

test('the wasm module and its loader are at most 100 000 bytes gzipped', (t) => {
  const module = ['web/engine/gen/rmsprop_core.wasm', 'web/engine/gen/rmsprop_core.mjs'];
  const wrappers = ['web/engine/engine.js', 'web/engine/load.js'];
  let total = 0;
  for (const f of module) {
    total += gz(f);
    t.diagnostic(`${f}: ${gz(f)} bytes gzipped`);
  }
  const extra = wrappers.reduce((sum, f) => sum + gz(f), 0);
  t.diagnostic(`module + loader: ${total} bytes gzipped (budget ${BUDGET}); with the JS wrappers: ${total + extra}`);
  assert.ok(total <= BUDGET, `${total} bytes gzipped is over the ${BUDGET}-byte budget`);
});
