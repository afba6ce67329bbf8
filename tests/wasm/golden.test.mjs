// The wasm engine replays PyTorch's reference trajectories at the same tolerance as native.
import test from 'node:test';
import assert from 'node:assert/strict';

import { readFileSync } from 'node:fs';
import path from 'node:path';

import { createReplayer } from '../../web/engine/replay.js';
import { ROOT, compareExpected, goldenPath, loadGolden } from './helpers.mjs';

const replayer = createReplayer();
// The cases scripts/make-golden.py computes with torch.optim beyond the public file.
const extendedPath = path.join(ROOT, 'tests/golden/torch_extended.json');

// Replays every case of a golden file in wasm; every number within the README's tolerance.
async function replayAll(doc, file, minCases) {
  const e = await replayer;
  const input = structuredClone(doc);
  for (const c of input.cases) delete c.expected;
  const out = e.replay(input);
  assert.equal(out.cases.length, doc.cases.length, file);
  assert.ok(doc.cases.length >= minCases);
  for (let i = 0; i < doc.cases.length; i++) {
    const name = doc.cases[i].name;
    assert.equal(out.cases[i].error, undefined, `${name}: ${out.cases[i].error}`);
    const bad = compareExpected(out.cases[i].expected, doc.cases[i].expected, 1e-9, 1e-12);
    assert.deepEqual(bad.slice(0, 5), [], `${name}: ${bad.length} mismatches`);
  }
}

test('wasm replay reproduces every PyTorch reference case within 1e-9 relative', () =>
  replayAll(loadGolden(), goldenPath(), 20));

test('wasm replay reproduces every extended PyTorch case (tests/golden/torch_extended.json) within 1e-9 relative', () =>
  replayAll(JSON.parse(readFileSync(extendedPath, 'utf8')), extendedPath, 250));

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
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(path.join(tmpdir(), 'rp-replay-'));
  for (const [i, file] of [goldenPath(), extendedPath].entries()) {
    const outputs = {};
    for (const engineName of ['native', 'wasm']) {
      const out = path.join(dir, `${i}-${engineName}.json`);
      execFileSync('node', [path.join(ROOT, 'scripts/replay.mjs'), '--engine', engineName, '--in', file, '--out', out]);
      outputs[engineName] = readFileSync(out, 'utf8');
    }
    assert.ok(outputs.native.length > 1000);
    if (outputs.wasm === outputs.native) continue;
    let at = 0;
    while (outputs.native[at] === outputs.wasm[at]) at++;
    assert.fail(`${file}: first difference at byte ${at}: ${outputs.native.slice(at - 40, at + 40)}`);
  }
});

test('unreadable documents are errors naming the problem', async () => {
  const e = await replayer;
  assert.throws(() => e.replay({ format: 'other', cases: [] }), /document\.format: 'other' is not supported/);
  assert.throws(() => e.replayText('{"format": '), /document: not valid JSON \(parse error at byte 11/);
  assert.throws(() => e.replay({ format: 'rmsprop-golden/1' }), /document\.cases: is missing/);
});
