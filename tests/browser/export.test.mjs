// The Export panel of the playground page in headless Chromium, served from dist/ as `npm start`
// serves it: every export is triggered from its button, the downloads are captured and checked
// (CSV rows = steps, JSON parses, PNGs are PNGs, the scripts parse and embed the page's run, the
// weights reload into the engine and give the loss the page shows). Screenshots go to
// tests/artifacts/.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { launch, strictPage } from './browser.mjs';
import { ROOT } from '../wasm/helpers.mjs';
import { createEngine } from '../../web/engine/engine.js';
import { createReplayer } from '../../web/engine/replay.js';
import { extractCase } from '../../web/export/python.js';
import { formatLoss } from '../../web/ui/readouts.js';

const ARTIFACTS = path.join(ROOT, 'tests/artifacts');
mkdirSync(ARTIFACTS, { recursive: true });
const HAS_PYTHON = spawnSync('python3', ['--version']).status === 0;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let env;
test.before(async () => { env = await launch({ root: path.join(ROOT, 'dist') }); });
test.after(async () => { await env?.close(); });

async function open(hash = '', { clipboard = true } = {}) {
  const problems = [];
  const page = await strictPage(env.browser, problems);
  if (clipboard) await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.baseUrl });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${env.baseUrl}${hash}`);
  await page.waitForFunction(() => window.playground?.exports?.recorder.ready && document.querySelector('#decision canvas'), null, { timeout: 20000 });
  return { page, problems };
}

/** Trains until at least n steps, then pauses and waits for the last batch. */
async function train(page, n) {
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForFunction((k) => window.playground.state.steps >= k, n, { timeout: 30000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  // The worker's own word: batches sent before it saw the pause still say "running".
  await page.waitForFunction(() => window.playground.state.workerRunning === false);
  // The pause flushes the last rows: wait until the record holds every step.
  await page.waitForFunction(() => {
    const { recorder } = window.playground.exports;
    return recorder.rows > 0 && recorder.history().step.at(-1) === recorder.steps;
  });
  return page.evaluate(() => window.playground.exports.recorder.steps);
}

/**
 * Scrolls to the Export panel, as a person would, and waits for it: the page loads its code
 * when it comes near the screen.
 */
async function showExports(page) {
  await page.locator('.export').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => window.playground.exports.panel !== null);
}

/** Clicks a button and returns the download: {name, bytes}. */
async function download(page, name) {
  await showExports(page);
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name, exact: true }).click()]);
  const file = await dl.path();
  return { name: dl.suggestedFilename(), bytes: readFileSync(file) };
}

const pageHistory = (page) => page.evaluate(() => {
  const h = window.playground.exports.recorder.history();
  return { rows: h.rows, step: Array.from(h.step), train_loss: Array.from(h.train_loss), stride: h.stride };
});

let replayerPromise;
async function replayLoss(c) {
  replayerPromise ??= createReplayer();
  const out = (await replayerPromise).replay({ format: 'rmsprop-golden/1', cases: [c] });
  assert.equal(out.cases[0].error, undefined, out.cases[0].error);
  return out.cases[0].expected.loss;
}

test('every export downloads and parses; the PyTorch script embeds the page\'s run exactly; weights reload', async () => {
  const { page, problems } = await open('#dataset=spiral&hidden=6,4&lr=0.02&reg=l2&regRate=0.001&features=x1,x2,sinx1');
  const steps = await train(page, 60);
  assert.ok(steps >= 60);
  await page.locator('.export').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(ARTIFACTS, 'export-page.png'), fullPage: true });
  await page.locator('.export').screenshot({ path: path.join(ARTIFACTS, 'export-panel.png') });

  // Metrics CSV: a header and one row per step.
  const history = await pageHistory(page);
  assert.equal(history.stride, 1);
  assert.equal(history.rows, steps, 'the page recorded every step');
  const csv = await download(page, 'Download the metrics history as CSV');
  assert.equal(csv.name, `rmsprop-metrics-step${steps}.csv`);
  const lines = csv.bytes.toString('utf8').trimEnd().split('\n');
  const header = lines[0].split(',');
  assert.equal(header[0], 'step');
  assert.ok(header.includes('layer3_step_median'), 'per-layer diagnostics for the 3 layers');
  assert.equal(header.length, 7 + 3 * 11);
  assert.equal(lines.length - 1, steps, 'CSV rows = steps');
  assert.deepEqual(lines.slice(1).map((l) => Number(l.split(',')[0])), history.step);
  assert.deepEqual(lines.slice(1).map((l) => Number(l.split(',')[header.indexOf('train_loss')])), history.train_loss);

  // Metrics JSON.
  const json = JSON.parse((await download(page, 'Download the metrics history as JSON')).bytes.toString('utf8'));
  assert.equal(json.format, 'rmsprop-playground-metrics/1');
  assert.equal(json.rows, steps);
  assert.deepEqual(json.train_loss, history.train_loss);
  assert.equal(json.layers.length, 3);
  assert.equal(json.layers[0].grad_rms.length, steps);
  assert.deepEqual(json.config.hidden, [6, 4]);

  // Every chart, and the output plot, as PNG.
  const charts = [
    ['Download the loss chart as PNG', 'loss'],
    ['Download the gradient RMS chart as PNG', 'grad'],
    ['Download the chart of effective learning rates per layer as PNG', 'step'],
    ['Download the update/parameter ratio chart as PNG', 'ratio'],
    ['Download the output plot as PNG', 'output'],
  ];
  for (const [label, id] of charts) {
    const png = await download(page, label);
    assert.equal(png.name, `rmsprop-${id}-step${steps}.png`);
    assert.ok(png.bytes.subarray(0, 8).equals(PNG_SIGNATURE), `${id}: PNG signature`);
    assert.ok(png.bytes.length > 2000, `${id}: a real image (${png.bytes.length} bytes)`);
    writeFileSync(path.join(ARTIFACTS, `export-${id}.png`), png.bytes);
  }

  // The PyTorch script: valid Python; its embedded case replays to the page's losses, exactly.
  const py = await download(page, 'Download the PyTorch script');
  assert.match(py.name, /^playground-spiral-3-6-4-1-tanh-mse-step\d+\.py$/);
  const script = py.bytes.toString('utf8');
  if (HAS_PYTHON) {
    const parsed = spawnSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: script });
    assert.equal(parsed.status, 0, parsed.stderr?.toString());
  }
  assert.ok(script.includes('optimizer = torch.optim.RMSprop(model.parameters(), lr=0.02, alpha=0.99, eps=1e-08, weight_decay=0.0, momentum=0.0, centered=False)'));
  const c = extractCase(script);
  assert.equal(c.steps, steps);
  assert.deepEqual(c.model, { layers: [3, 6, 4, 1], activation: 'tanh', output: 'tanh', loss: 'mse', regularization: 'l2', reg_rate: 0.001 });
  const replayed = await replayLoss(c);
  assert.deepEqual(replayed, history.train_loss, 'the replayed case gives the page\'s loss at every step, bit for bit');

  // The Keras script too.
  const keras = (await download(page, 'Download the Keras script')).bytes.toString('utf8');
  assert.match(keras, /tf\.keras\.optimizers\.RMSprop\(learning_rate=0\.02, rho=0\.99, momentum=0\.0, epsilon=1e-08, centered=False\)/);
  assert.deepEqual(extractCase(keras), c);

  // Copy as PyTorch: the clipboard holds the same script.
  await page.getByRole('button', { name: 'Copy as PyTorch' }).click();
  await page.waitForFunction(() => /Copied the PyTorch script/.test(document.querySelector('.export-status').textContent));
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), script);

  // The trained weights: PyTorch's layout; in the engine they give the loss the page shows one
  // step later (the page records each step's loss before its update).
  const w = await download(page, 'Trained weights JSON');
  assert.equal(w.name, `rmsprop-weights-step${steps}.json`);
  const weights = JSON.parse(w.bytes.toString('utf8'));
  assert.deepEqual(weights.map((l) => [l.W.length, l.W[0].length, l.b.length]), [[6, 3, 6], [4, 6, 4], [1, 4, 1]]);
  await page.getByRole('button', { name: 'Step' }).click();
  await page.waitForFunction((s) => window.playground.state.steps === s + 1 && window.playground.state.lastRow, steps);
  const shown = await page.evaluate(() => window.playground.state.lastRow.train_loss);
  const { config, points } = await page.evaluate(() => {
    const p = window.playground.bridge.points;
    const arr = (a) => Array.from(a);
    return { config: window.playground.exports.recorder.run.config, points: { x1: arr(p.x1), x2: arr(p.x2), label: arr(p.label), test: arr(p.test), user: arr(p.user) } };
  });
  const engine = await createEngine();
  const trainer = engine.trainer(config);
  trainer.setPoints(Object.fromEntries(Object.entries(points).map(([k, v]) => [k, Float64Array.from(v)])));
  trainer.setWeights(weights);
  assert.equal(trainer.evaluate().train_loss, shown, 'the exported weights give the loss the page shows');
  const text = await page.$eval('#scores', (e) => e.textContent);
  assert.ok(text.includes(formatLoss(shown)), `the page shows ${formatLoss(shown)}: ${text}`);
  trainer.dispose();
  assert.deepEqual(problems, []);
  await page.close();
});

test('a preset picked on the page, live changes and mini-batches reach the exported code', async () => {
  const { page, problems } = await open('#batch=10&hidden=4');
  await page.getByLabel('Preset').selectOption('keras');
  await page.waitForFunction(() => window.playground.exports.recorder.run?.optimizer.eps_in_sqrt === true);
  const steps = await train(page, 30);
  const box = page.getByLabel('Learning rate (lr) (exact value)');
  await box.fill('0.004');
  await box.press('Enter');
  await page.waitForFunction(() => window.playground.exports.recorder.run.changes.length === 1);
  const run = await page.evaluate(() => window.playground.exports.recorder.run);
  assert.deepEqual(run.changes, [[steps, { lr: 0.004 }]], 'the lr change, at the step it took effect');
  assert.equal(run.batchSize, 10);
  assert.ok(run.shuffles.length >= 1);

  const script = (await download(page, 'Download the PyTorch script')).bytes.toString('utf8');
  assert.match(script, /^class PlaygroundRMSprop\(torch\.optim\.Optimizer\):/m);
  assert.ok(script.includes('optimizer = PlaygroundRMSprop(model.parameters(), lr=0.001, alpha=0.9, eps=1e-07, weight_decay=0.0, momentum=0.0, centered=False, eps_in_sqrt=True, initial_accumulator=0.0)'));
  assert.match(script, /# NOTE eps placement: this run divides by sqrt\(v \+ eps\)/);
  assert.match(script, /^class BatchOrder:/m);
  assert.match(script, /^BATCH = \{"seed":1,"shuffles":\[\d+\],"batch_size":10\}/m);
  const keras = (await download(page, 'Download the Keras script')).bytes.toString('utf8');
  assert.match(keras, /tf\.keras\.optimizers\.RMSprop\(learning_rate=0\.001, rho=0\.9, momentum=0\.0, epsilon=1e-07, centered=False\)/);
  if (HAS_PYTHON) {
    for (const text of [script, keras]) {
      const parsed = spawnSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: text });
      assert.equal(parsed.status, 0, parsed.stderr?.toString());
    }
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test('without a clipboard the code appears in a read-only box to copy by hand', async () => {
  const { page, problems } = await open('', { clipboard: false });
  await page.evaluate(() => {
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('denied')) }, configurable: true });
  });
  await showExports(page);
  await page.getByRole('button', { name: 'Copy as Keras' }).click();
  const area = page.getByRole('textbox', { name: 'Keras script' });
  await area.waitFor();
  assert.equal(await area.getAttribute('readonly'), '');
  const value = await area.inputValue();
  assert.match(value, /^#!\/usr\/bin\/env python3\n"""An RMSProp playground run, recreated in tf\.keras/);
  assert.equal(await page.evaluate(() => {
    const a = document.activeElement;
    return a.selectionStart === 0 && a.selectionEnd === a.value.length;
  }), true, 'the text is selected');
  assert.match(await page.$eval('.export-status', (e) => e.textContent), /is in the box below/);
  await page.locator('.export').screenshot({ path: path.join(ARTIFACTS, 'export-fallback.png') });
  await page.getByRole('button', { name: 'Close' }).click();
  assert.equal(await page.locator('.export-fallback').isHidden(), true);
  assert.deepEqual(problems, []);
  await page.close();
});
