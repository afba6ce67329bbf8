// Comparison mode (compare.html): its link parser in Node, then the page in headless Chromium,
// served from dist/ exactly as `npm start` serves it. Screenshots go to tests/artifacts/compare-*.png.
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { launch, strictPage } from './browser.mjs';
import { ROOT } from '../wasm/helpers.mjs';
import {
  DEFAULT_RUNS, MAX_RUNS, compareHash, defaultShared, parseCompareHash, runSpec, runTitle, runTrainerConfig,
} from '../../web/compare/state.js';

const ARTIFACTS = path.join(ROOT, 'tests/artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

const hasNotice = (notices, ...parts) => notices.some((n) => parts.every((p) => n.includes(p)));
function assertNotice(notices, ...parts) {
  assert.ok(hasNotice(notices, ...parts), `no notice with ${JSON.stringify(parts)} in ${JSON.stringify(notices)}`);
}

// ------------------------------------------------------------------ the link, in Node

test('state: no hash is the default comparison, and its link is just "#"', () => {
  for (const h of ['', '#', undefined, null, 42]) {
    const r = parseCompareHash(h);
    assert.deepEqual(r.notices, []);
    assert.deepEqual(r.shared, defaultShared());
    assert.deepEqual(r.runs, DEFAULT_RUNS.map((x) => ({ name: x.name, hp: { ...x.hp } })));
  }
  assert.deepEqual(DEFAULT_RUNS.map(runTitle), ['RMSProp (PyTorch)', 'RMSProp (eps in √)', 'SGD + momentum 0.9', 'Adam']);
  assert.deepEqual(DEFAULT_RUNS.map((r) => r.hp.lr), [0.01, 0.01, 0.01, 0.01]);
  assert.equal(DEFAULT_RUNS[1].hp.eps_in_sqrt, true);
  assert.equal(DEFAULT_RUNS[1].hp.eps, 1e-7);
  assert.equal(compareHash(defaultShared(), DEFAULT_RUNS), '#');
});

test('state: runs and shared settings are read, and written back the same', () => {
  const hash = '#dataset=spiral&hidden=8,8&run1=rmsprop:alpha=0.9&run2=sgd:momentum=0.9,nesterov=1&run3=rmsprop:preset=keras,lr=0.01&run4=adagrad:lr=0.1';
  const r = parseCompareHash(hash);
  assert.deepEqual(r.notices, []);
  assert.equal(r.shared.dataset, 'spiral');
  assert.deepEqual(r.shared.hidden, [8, 8]);
  assert.deepEqual(r.runs.map((x) => x.name), ['rmsprop', 'sgd', 'rmsprop', 'adagrad']);
  assert.equal(r.runs[0].hp.alpha, 0.9);
  assert.equal(r.runs[1].hp.nesterov, true);
  assert.deepEqual([r.runs[2].hp.alpha, r.runs[2].hp.eps, r.runs[2].hp.eps_in_sqrt, r.runs[2].hp.lr], [0.9, 1e-7, true, 0.01]);
  assert.equal(compareHash(r.shared, r.runs), hash);
  // Round trip: what is written reads back to the same state.
  const again = parseCompareHash(compareHash(r.shared, r.runs));
  assert.deepEqual(again.runs, r.runs);
  assert.deepEqual(again.shared, r.shared);
});

test('state: the runs differ only in their optimizer', () => {
  const r = parseCompareHash('#dataset=moons&batch=16&seed=7&run1=rmsprop&run2=adam:lr=0.003');
  const [a, b] = r.runs.map((run) => runTrainerConfig(r.shared, run));
  assert.notDeepEqual(a.optimizer, b.optimizer);
  assert.deepEqual({ ...a, optimizer: null }, { ...b, optimizer: null });
  assert.equal(a.seed, 7);
  assert.equal(a.batch_size, 16);
  assert.deepEqual(b.optimizer, { name: 'adam', lr: 0.003, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0, amsgrad: false, maximize: false });
});

test('state: malformed values fall back to defaults, out of range ones are clamped, each with a notice', () => {
  const r = parseCompareHash('#run1=rmsprop:lr=abc,alpha=5,eps=NaN,centered=maybe,momentum=-1&run2=sgd:lr=1e999,alpha=0.9,,oops&run3=nadam:lr=1&run4=&run5=adam&n=NaN&lr=99');
  const n = r.notices;
  assertNotice(n, 'run1 lr', "'abc'", 'using the default 0.01');
  assertNotice(n, 'run1 alpha', 'above the maximum 0.9999');
  assertNotice(n, 'run1 eps', "'NaN'");
  assertNotice(n, 'run1 centered', "'maybe'", '1, 0, true or false');
  assertNotice(n, 'run1 momentum', 'below the minimum 0');
  assertNotice(n, 'run2 lr', "'1e999'");
  assertNotice(n, 'run2', "sgd has no setting 'alpha'");
  assertNotice(n, 'run2', "'oops'", 'key=value');
  assertNotice(n, 'run3', "'nadam' is not an optimizer", 'using the default SGD + momentum 0.9');
  assertNotice(n, 'run4', 'no optimizer given');
  assertNotice(n, 'run5', `at most ${MAX_RUNS} runs`);
  assertNotice(n, 'n:', "'NaN'");
  assert.ok(!n.some((t) => t.startsWith('lr:')), 'the main page\'s lr key is ignored here, like any unknown key');
  assert.deepEqual(r.runs[0].hp, { ...DEFAULT_RUNS[0].hp, alpha: 0.9999 });
  assert.equal(r.runs[1].hp.lr, 0.01);
  assert.deepEqual(r.runs[2], DEFAULT_RUNS[2]);
  assert.deepEqual(r.runs[3], DEFAULT_RUNS[3]);
  assert.equal(r.shared.n, 400);
});

test('state: Nesterov without momentum is turned off; presets are rmsprop-only', () => {
  const r = parseCompareHash('#run1=sgd:nesterov=1&run2=adam:preset=keras&run3=rmsprop:preset=tf2');
  assertNotice(r.notices, 'run1', 'Nesterov', 'turned off');
  assertNotice(r.notices, 'run2', 'presets are for rmsprop only');
  assertNotice(r.notices, 'run3', "preset 'tf2'");
  assert.equal(r.runs[0].hp.nesterov, false);
});

test('state: hostile text is shortened, never thrown, and the last occurrence of a key wins', () => {
  const long = 'x'.repeat(500);
  const r = parseCompareHash(`#run1=${long}&run2=adam:lr=0.1,lr=0.2&run2=adam:lr=0.3&run1=%E0%A4%A&dataset=%3Cscript%3E`);
  for (const t of r.notices) assert.ok(t.length < 400, `short notice: ${t.length}`);
  assertNotice(r.notices, 'malformed percent-encoding');
  assert.equal(r.runs[1].hp.lr, 0.3);
  const huge = parseCompareHash(`#run1=${'a'.repeat(20000)}`);
  assertNotice(huge.notices, 'too long');
  assert.equal(runSpec(r.runs[1]), 'adam:lr=0.3');
});

// ------------------------------------------------------------------ the page

let env;
test.before(async () => { env = await launch({ root: path.join(ROOT, 'dist') }); });
test.after(async () => { await env?.close(); });

async function open(hash = '', { width = 1280, height = 800 } = {}) {
  const problems = [];
  const page = await strictPage(env.browser, problems);
  await page.setViewportSize({ width, height });
  await page.goto(`${env.baseUrl}compare.html${hash}`);
  // Ready when the worker has sent the points and a first metrics batch with the grids.
  await page.waitForFunction(() => window.compare?.state.points && window.compare.state.last.every((s) => s !== null), null, { timeout: 20000 });
  return { page, problems };
}

const runSteps = (page) => page.evaluate(() => window.compare.state.last.map((s) => s.steps));
const losses = (page, run, count) => page.evaluate(([r, n]) => window.compare.charts.values(r, 'train_loss').slice(0, n), [run, count]);

async function playUntil(page, steps) {
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForFunction((n) => window.compare.state.last.every((s) => s.steps >= n || s.divergence?.stopped), steps, { timeout: 60000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  // Every batch sent before the pause has arrived once the pause's own batch has.
  await page.waitForFunction(() => !window.compare.bridge.running);
  await page.waitForTimeout(100);
}

test('the page loads the default comparison with one Play button and no console errors', async () => {
  const { page, problems } = await open();
  assert.equal(await page.title(), 'Compare optimizers · RMSProp playground');
  assert.equal(await page.getByRole('button', { name: 'Play' }).count(), 1);
  assert.equal(await page.locator('.cmp-run').count(), 4);
  const titles = await page.locator('.cmp-run-title').allTextContents();
  assert.deepEqual(titles, ['1 · RMSProp (PyTorch)', '2 · RMSProp (eps in √)', '3 · SGD + momentum 0.9', '4 · Adam']);
  assert.equal(await page.locator('.cmp-figure').count(), 3);
  assert.equal(await page.locator('.cmp-run canvas').count(), 4, 'a decision view per run');
  // Every control has a name.
  const unnamed = await page.evaluate(() => [...document.querySelectorAll('button, input, select')]
    .filter((e) => !e.closest('[hidden]') && !(e.getAttribute('aria-label') || e.labels?.[0]?.textContent.trim() || e.textContent.trim()))
    .map((e) => e.outerHTML.slice(0, 80)));
  assert.deepEqual(unnamed, []);
  assert.deepEqual(problems, []);
  await page.close();
});

test('two runs with the same settings give identical loss curves, number for number', async () => {
  const { page, problems } = await open('#dataset=spiral&hidden=6,6&batch=32&run1=rmsprop:alpha=0.9&run2=rmsprop:alpha=0.9');
  await playUntil(page, 300);
  const [a, b] = [await losses(page, 0, 200), await losses(page, 1, 200)];
  assert.equal(a.length, 200);
  assert.ok(a.every(Number.isFinite));
  assert.deepEqual(a, b, 'the same numbers, exactly');
  const [ga, gb] = await page.evaluate(() => [0, 1].map((r) => window.compare.charts.values(r, 'grad.0').slice(0, 200)));
  assert.deepEqual(ga, gb);
  assert.deepEqual(problems, []);
  await page.close();
});

test('runs with different lr start at the same loss and then part ways', async () => {
  const { page, problems } = await open('#run1=rmsprop:lr=0.01&run2=rmsprop:lr=0.001');
  await playUntil(page, 200);
  const [a, b] = [await losses(page, 0, 200), await losses(page, 1, 200)];
  assert.equal(a[0], b[0], 'the same initial weights: the same loss at step 1');
  assert.notEqual(a[1], b[1]);
  assert.ok(a.slice(1).every((v, i) => v !== b[i + 1]), 'different at every later step');
  assert.ok(a[199] < b[199], `the larger lr is ahead after 200 steps (${a[199]} vs ${b[199]})`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('Play drives every run in lock-step; Step and Reset act on all of them', async () => {
  const { page, problems } = await open();
  assert.deepEqual(await runSteps(page), [0, 0, 0, 0]);
  await page.getByRole('button', { name: 'Step' }).click();
  await page.waitForFunction(() => window.compare.state.last.every((s) => s.steps === 1));
  await page.getByRole('button', { name: 'Play' }).click();
  assert.equal(await page.getByRole('button', { name: 'Pause' }).count(), 1, 'the button now says Pause');
  await page.waitForFunction(() => window.compare.state.last.every((s) => s.steps >= 1500), null, { timeout: 60000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.waitForFunction(() => !window.compare.bridge.running);
  await page.waitForTimeout(100);
  const steps = await runSteps(page);
  assert.ok(steps[0] >= 1500);
  assert.deepEqual(steps, steps.map(() => steps[0]), `every run has made the same number of steps: ${steps}`);
  const shown = await page.$$eval('.cmp-run-status dd', (d) => d.map((e) => e.textContent));
  assert.equal(shown.filter((t) => t === steps[0].toLocaleString('en')).length, 4, 'each card shows its step count');
  const points = await page.evaluate(() => window.compare.charts.pointCount());
  for (const [i, n] of points.entries()) assert.ok(n > 10, `chart ${i} has drawn points (${n})`);
  // Every run trained: the loss fell.
  for (let r = 0; r < 4; r++) {
    const v = await page.evaluate((i) => window.compare.charts.values(i, 'train_loss'), r);
    assert.ok(v.at(-1) < v[0], `run ${r + 1}: loss fell from ${v[0]} to ${v.at(-1)}`);
  }
  await page.screenshot({ path: path.join(ARTIFACTS, 'compare-1280.png'), fullPage: true });
  await page.screenshot({ path: path.join(ARTIFACTS, 'compare-1280-fold.png') });
  await page.getByRole('button', { name: 'Reset' }).click();
  await page.waitForFunction(() => window.compare.state.last.every((s) => s.steps === 0));
  assert.equal(await page.evaluate(() => window.compare.charts.rows), 0);
  assert.deepEqual(problems, []);
  await page.close();
});

test('hovering a chart shows every run\'s exact value at that step', async () => {
  const { page, problems } = await open('#run1=rmsprop&run2=sgd:momentum=0.9');
  await playUntil(page, 400);
  const plot = page.locator('.cmp-figure[data-chart="loss"] .u-over');
  const box = await plot.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const { text, step, last, values } = await page.evaluate(async () => {
    const { formatValue } = await import('./web/ui/charts.js');
    const c = window.compare.charts;
    const row = c.hoverRow;
    return {
      last: c.steps().at(-1),
      text: document.querySelector('.cmp-figure[data-chart="loss"] .cmp-readout').textContent,
      step: c.steps()[row],
      values: [0, 1].map((r) => formatValue(c.values(r, 'train_loss')[row])),
    };
  });
  assert.match(text, new RegExp(`step ${step.toLocaleString('en')}`));
  assert.ok(step > 0.3 * last && step < 0.7 * last, `the hovered step is mid-chart (${step} of ${last})`);
  for (const v of values) assert.ok(text.includes(`train ${v}`), `${v} in ${text}`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a link with a comparison reproduces it', async () => {
  const hash = '#dataset=xor&batch=20&hidden=8,6&activation=relu&seed=3&run1=rmsprop:preset=keras,lr=0.003&run2=adam:lr=0.003,amsgrad=1&run3=sgd:momentum=0.9,nesterov=1';
  const { page, problems } = await open(hash);
  assert.equal(await page.locator('.cmp-run').count(), 3);
  assert.deepEqual(await page.locator('.cmp-run-title').allTextContents(), ['1 · RMSProp (Keras / TF2)', '2 · Adam (AMSGrad)', '3 · SGD + Nesterov 0.9']);
  assert.equal(await page.getByLabel('Run 1 lr').inputValue(), '0.003');
  assert.equal(await page.getByLabel('Run 1 alpha (decay)').inputValue(), '0.9');
  assert.equal(await page.getByLabel('Run 1 eps inside √ (Keras/TF)').isChecked(), true);
  assert.equal(await page.getByLabel('Run 2 AMSGrad').isChecked(), true);
  assert.equal(await page.getByLabel('Run 3 Nesterov').isChecked(), true);
  assert.equal(await page.getByLabel('Dataset').inputValue(), 'xor');
  assert.equal(await page.getByLabel('Activation').inputValue(), 'relu');
  assert.equal(await page.getByLabel('Hidden layers (e.g. 8,8)').inputValue(), '8,6');
  const config = await page.evaluate(() => window.compare.bridge.config);
  assert.equal(config.runs.length, 3);
  for (const c of config.runs) {
    assert.deepEqual(c.hidden, [8, 6]);
    assert.equal(c.seed, 3);
    assert.equal(c.batch_size, 20);
    assert.equal(c.dataset.name, 'xor');
  }
  assert.deepEqual(config.runs[0].optimizer, { name: 'rmsprop', lr: 0.003, alpha: 0.9, eps: 1e-7, momentum: 0, weight_decay: 0, initial_accumulator: 0, centered: false, eps_in_sqrt: true, maximize: false });
  assert.equal(new URL(page.url()).hash, hash, 'the page writes the same link back');
  assert.deepEqual(problems, []);
  await page.close();
});

test('editing a run restarts every run from the same weights and goes into the link', async () => {
  const { page, problems } = await open('#run1=rmsprop&run2=rmsprop');
  await page.getByRole('button', { name: 'Step' }).click();
  await page.waitForFunction(() => window.compare.state.last.every((s) => s.steps === 1));
  const lr = page.getByLabel('Run 2 lr');
  await lr.fill('0.05');
  await lr.press('Enter');
  await page.waitForFunction(() => window.compare.bridge.config.runs[1].optimizer.lr === 0.05);
  assert.match(page.url(), /run2=rmsprop:lr=0\.05/);
  await page.waitForFunction(() => window.compare.state.last.every((s) => s.steps === 0));
  // Out of range: clamped, with a notice.
  await page.getByLabel('Run 1 alpha (decay)').fill('3');
  await page.getByLabel('Run 1 alpha (decay)').press('Enter');
  await page.waitForFunction(() => window.compare.bridge.config.runs[0].optimizer.alpha === 0.9999);
  assert.match(await page.$eval('#notices', (e) => e.textContent), /Run 1 alpha: 3 is above the maximum 0\.9999/);
  // Another optimizer keeps the lr; a preset sets RMSProp's values.
  await page.getByLabel('Run 2 optimizer').selectOption('adam');
  await page.waitForFunction(() => window.compare.bridge.config.runs[1].optimizer.name === 'adam');
  assert.equal(await page.getByLabel('Run 2 lr').inputValue(), '0.05');
  await page.getByLabel('Run 1 preset').selectOption('tf1');
  await page.waitForFunction(() => window.compare.bridge.config.runs[0].optimizer.initial_accumulator === 1);
  assert.match(page.url(), /run1=rmsprop:preset=tf1&run2=adam:lr=0\.05/);
  // Add a run (a copy of the last) and remove one.
  await page.getByRole('button', { name: /Add a run/ }).click();
  await page.waitForFunction(() => window.compare.bridge.config.runs.length === 3);
  assert.match(page.url(), /run3=adam:lr=0\.05/);
  await page.getByRole('button', { name: 'Remove run 1' }).click();
  await page.waitForFunction(() => window.compare.bridge.config.runs.length === 2);
  assert.deepEqual(await page.locator('.cmp-run-title').allTextContents(), ['1 · Adam', '2 · Adam']);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a shared setting changes every run; the layer selects follow the network', async () => {
  const { page, problems } = await open('#run1=rmsprop&run2=sgd');
  await page.getByLabel('Dataset').selectOption('plane');
  await page.waitForFunction(() => window.compare.bridge.config.runs.every((c) => c.dataset.name === 'plane'));
  assert.equal(await page.evaluate(() => window.compare.state.shared.problem), 'regression');
  assert.match(page.url(), /dataset=plane/);
  const hidden = page.getByLabel('Hidden layers (e.g. 8,8)');
  await hidden.fill('6, 5,x,3');
  await hidden.press('Enter');
  await page.waitForFunction(() => window.compare.bridge.config.runs.every((c) => c.hidden.join() === '6,5,3'));
  assert.match(await page.$eval('#notices', (e) => e.textContent), /hidden: ignored 'x'/);
  assert.equal(await hidden.inputValue(), '6,5,3');
  assert.deepEqual(await page.getByLabel('Gradient RMS of').locator('option').allTextContents(),
    ['mean over layers', 'layer 1', 'layer 2', 'layer 3', 'output layer']);
  await page.getByLabel('Step size of').selectOption({ label: 'output layer' });
  await page.getByRole('button', { name: 'Step' }).click();
  await page.waitForFunction(() => window.compare.state.last.every((s) => s.steps === 1));
  await page.waitForFunction(() => /step 1/.test(document.querySelector('.cmp-figure[data-chart="step"] .cmp-readout').textContent));
  const readout = await page.$eval('.cmp-figure[data-chart="step"] .cmp-readout', (e) => e.textContent);
  assert.match(readout, /SGD\s*0\.01/, `SGD's step size is its lr: ${readout}`);
  await page.getByLabel('feature x₁²').check();
  await page.waitForFunction(() => window.compare.bridge.config.runs.every((c) => c.features.join() === 'x1,x2,x1sq'));
  assert.deepEqual(problems, []);
  await page.close();
});

test('a hostile hash shows notices, uses defaults and runs nothing', async () => {
  const hostile = '#dataset=<img src=x onerror=window.pwned=1>&run1=<script>window.pwned=2</script>'
    + '&run2=sgd:lr=1e999,momentum=<img src=x onerror=window.pwned=3>&run3=rmsprop:alpha=5,<b>x</b>=1&hidden=<svg onload=window.pwned=4>';
  const { page, problems } = await open(hostile);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.equal(await page.$$eval('#notices script, #notices img, #notices svg, #notices b, .cmp-run img, .cmp-run script', (n) => n.length), 0);
  const notes = await page.$eval('#notices', (e) => e.textContent);
  for (const part of ['dataset', 'run1', 'run2 lr', 'run2 momentum', 'run3 alpha', 'hidden']) assert.ok(notes.includes(part), `a notice about ${part}`);
  assert.equal(await page.getByLabel('Run 3 alpha (decay)').inputValue(), '0.9999');
  assert.deepEqual(await page.locator('.cmp-run-title').allTextContents(), ['1 · RMSProp (PyTorch)', '2 · SGD', '3 · RMSProp (α 0.9999)']);
  const config = await page.evaluate(() => window.compare.bridge.config);
  assert.deepEqual(config.runs.map((c) => c.hidden), [[4, 2], [4, 2], [4, 2]]);
  assert.equal(config.runs[0].dataset.name, 'circle');
  await page.screenshot({ path: path.join(ARTIFACTS, 'compare-hostile-hash.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

test('a run that diverges stops with its diagnosis; the others carry on', async () => {
  const { page, problems } = await open('#activation=linear&output=linear&run1=rmsprop&run2=sgd:lr=10,momentum=0.99&run3=adam:lr=0.01');
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForFunction(() => window.compare.state.last[1].divergence?.stopped, null, { timeout: 20000 });
  const stoppedAt = await page.evaluate(() => window.compare.state.last[1].steps);
  await page.waitForFunction((n) => window.compare.state.last[0].steps > n + 500 && window.compare.state.last[2].steps > n + 500, stoppedAt, { timeout: 30000 });
  assert.equal(await page.getByRole('button', { name: 'Pause' }).count(), 1, 'still playing');
  assert.equal(await page.evaluate(() => window.compare.state.last[1].steps), stoppedAt, 'the diverged run stays stopped');
  const card = page.locator('.cmp-run').nth(1);
  assert.match(await card.locator('.cmp-run-problem').textContent(), /Training stopped at step \d+/);
  assert.equal(await page.locator('.cmp-run').nth(0).locator('.cmp-run-problem').isVisible(), false);
  assert.match(await page.$eval('#notices', (e) => e.textContent), /Run 2 \(SGD \+ momentum 0\.99\) stopped/);
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.screenshot({ path: path.join(ARTIFACTS, 'compare-diverged.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

test('works on a 390 px wide phone screen', async () => {
  const { page, problems } = await open('', { width: 390, height: 844 });
  await playUntil(page, 300);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal page scroll (${overflow}px)`);
  await page.screenshot({ path: path.join(ARTIFACTS, 'compare-390.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('keyboard: Play is reachable with Tab and toggles with Enter', async () => {
  const { page, problems } = await open('#run1=rmsprop');
  let focused = '';
  for (let i = 0; i < 12 && focused !== 'Play'; i++) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
  }
  assert.equal(focused, 'Play');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.compare.state.last[0].steps > 20, null, { timeout: 20000 });
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Play');
  assert.deepEqual(problems, []);
  await page.close();
});
