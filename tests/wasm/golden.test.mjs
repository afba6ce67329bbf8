// The wasm engine replays PyTorch's reference trajectories at the same tolerance as native.
import test from 'node:test';
import assert from 'node:assert/strict';

import { createReplayer } from '../../web/engine/replay.js';
import { compareExpected, goldenPath, loadGolden } from './helpers.mjs';

const replayer = createReplayer();

test('wasm replay reproduces every PyTorch reference case within 1e-9 relative', async () => {
  const e = await replayer;
  const doc = loadGolden();
  const input = structuredClone(doc);
  for (const c of input.cases) delete c.expected;
  const out = e.replay(input);
  assert.equal(out.cases.length, doc.cases.length, goldenPath());
  assert.ok(doc.cases.length >= 20);
  for (let i = 0; i < doc.cases.length; i++) {
    const name = doc.cases[i].name;
    assert.equal(out.cases[i].error, undefined, `${name}: ${out.cases[i].error}`);
    const bad = compareExpected(out.cases[i].expected, doc.cases[i].expected, 1e-9, 1e-12);
    assert.deepEqual(bad.slice(0, 5), [], `${name}: ${bad.length} mismatches`);
  }
});

test('a malformed case gets an error entry and the others still replay', async () => {
  const e = await replayer;
  const doc = loadGolden();
  const bad = structuredClone(doc.cases[0]);
  bad.name = 'broken';
  bad.optimizer.alpha = 1.5;
  doc.cases.push(bad);
  const out = e.replay(doc);
  const last = out.cases.at(-1);
  assert.match(last.error, /rmsprop\.alpha: 1\.5 is out of range; allowed: \[0, 1\]/);
  assert.equal(last.expected, undefined);
  assert.ok(out.cases[0].expected.params.length > 0);
});

test('the native and the wasm replay tools write byte-identical files', async () => {
  const { execFileSync } = await import('node:child_process');
  const { readFileSync, mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const { ROOT } = await import('./helpers.mjs');
  const dir = mkdtempSync(path.join(tmpdir(), 'rp-replay-'));
  const outputs = {};
  for (const engineName of ['native', 'wasm']) {
    const out = path.join(dir, `${engineName}.json`);
    execFileSync('node', [path.join(ROOT, 'scripts/replay.mjs'), '--engine', engineName, '--in', goldenPath(), '--out', out]);
    outputs[engineName] = readFileSync(out, 'utf8');
  }
  assert.ok(outputs.native.length > 1000);
  const at = [...outputs.native].findIndex((ch, i) => ch !== outputs.wasm[i]);
  assert.equal(outputs.wasm, outputs.native, `first difference at byte ${at}: ${outputs.native.slice(at - 40, at + 40)}`);
});

test('unreadable documents are errors naming the problem', async () => {
  const e = await replayer;
  assert.throws(() => e.replay({ format: 'other', cases: [] }), /document\.format: 'other' is not supported/);
  assert.throws(() => e.replayText('{"format": '), /document: not valid JSON \(parse error at byte 11/);
  assert.throws(() => e.replay({ format: 'rmsprop-golden/1' }), /document\.cases: is missing/);
});
