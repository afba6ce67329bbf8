// The loss-surface page (surface.html) and <rmsprop-surface> in headless Chromium, served from
// dist/ exactly as `npm start` serves it (its modules alone: tests/web/surface-modules.test.mjs).
// Screenshots go to tests/artifacts/surface-*.png (git-ignored).
import test from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { launch, strictPage } from './browser.mjs';
import { ARTIFACTS, canvasColours, open, runs } from './surface-page.mjs';
import { engine as loadEngine } from '../wasm/helpers.mjs';
import { FUNCTION_NAMES, reached, surfaceInfo } from '../../web/surface/functions.js';
import { functionDefaults, parseSurfaceHash, presetOf } from '../../web/surface/state.js';

test('the page loads with no console errors, draws the contour plot and plays', async () => {
  const { page, problems } = await open();
  assert.equal(await page.title(), 'Loss surfaces – RMSProp playground');
  assert.ok(await canvasColours(page) > 20, 'the contour canvas is drawn (bands, lines, axes)');
  const { levels } = await page.evaluate(() => window.surfacePage.plot.levels);
  const ratios = levels.slice(1).map((v, i) => v / levels[i]);
  assert.ok(levels.length >= 8 && ratios.every((r) => r >= 1.4 && r <= 10), `log-spaced levels: ${levels.join(', ')}`);
  assert.equal(await page.getByRole('button', { name: 'Play' }).count(), 1);
  assert.deepEqual((await runs(page)).map((r) => r.label), ['RMSProp', 'SGD', 'SGD + momentum 0.9', 'Adam']);
  // Canvas is backed by device pixels.
  const size = await page.$eval('.contour-canvas', (c) => ({ w: c.width, css: c.clientWidth, dpr: devicePixelRatio }));
  assert.equal(size.w, Math.round(size.css * size.dpr));

  await page.getByRole('button', { name: 'Play' }).click();
  assert.equal(await page.getByRole('button', { name: 'Pause' }).count(), 1, 'the button now says Pause');
  await page.waitForFunction(() => window.surfacePage.state.step >= 40, null, { timeout: 20000 });
  const r = await runs(page);
  assert.ok(r.every((x) => x.steps >= 40));
  assert.ok(r[0].reachedAt > 0, 'RMSProp reached the minimum');
  // The readout shows the per-coordinate step sizes; RMSProp's x step is much larger than its y step.
  const bars = await page.$$eval('.run-card', (cards) => cards.map((c) => [...c.querySelectorAll('.bar-value')].map((v) => v.textContent)));
  const [sx, sy] = bars[0].map(Number);
  assert.ok(sx > 10 * sy, `RMSProp: lr/(√v+ε) is larger along the flat x (${sx}) than along the steep y (${sy})`);
  assert.deepEqual(bars[1], ['0.05', '0.05'], 'SGD: lr for both');
  await page.screenshot({ path: path.join(ARTIFACTS, 'surface-1280.png') });
  await page.getByRole('button', { name: 'Pause' }).click();
  assert.deepEqual(problems, []);
  await page.close();
});

test('on the ill-conditioned bowl RMSProp reaches the minimum in fewer steps than SGD at the same lr', async (t) => {
  const hash = '#function=quadratic&a=1&b=100&start=1,1&optimizers=rmsprop,sgd&lr=0.01&speed=0';
  const { page, problems } = await open(hash);
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForFunction(() => window.surfacePage.runs().every((r) => r.reachedAt >= 0 || r.status !== 'running'), null, { timeout: 30000 });
  const [rms, sgd] = await runs(page);
  t.diagnostic(`quadratic a=1 b=100 from (1, 1), lr 0.01: RMSProp reached the minimum at step ${rms.reachedAt}, SGD at step ${sgd.reachedAt}`);
  assert.equal(rms.name, 'rmsprop');
  assert.equal(sgd.name, 'sgd');
  assert.ok(rms.reachedAt > 0 && sgd.reachedAt > 0, 'both get there');
  assert.ok(rms.reachedAt < sgd.reachedAt, `RMSProp ${rms.reachedAt} < SGD ${sgd.reachedAt}`);
  // The same numbers from the engine in Node (the page adds nothing of its own).
  const engine = await loadEngine();
  const info = surfaceInfo('quadratic', 1, 100);
  for (const [name, want] of [['rmsprop', rms.reachedAt], ['sgd', sgd.reachedAt]]) {
    const o = engine.optimizer({ name, lr: 0.01 });
    o.setGroups([1, 1]);
    const p = Float64Array.of(1, 1);
    let step = 0;
    for (;;) {
      const e = engine.surface({ name: 'quadratic', a: 1, b: 100 }, p[0], p[1]);
      if (reached(info, p[0], p[1], e.f)) break;
      o.step(p, Float64Array.of(e.gx, e.gy));
      step += 1;
    }
    o.dispose();
    assert.equal(step, want, `${name}: the page's count matches the engine in Node`);
  }
  // The page paused itself once every run got there.
  assert.equal(await page.getByRole('button', { name: 'Play' }).count(), 1);
  assert.match(await page.$eval('#notices', (e) => e.textContent), /every run has reached the minimum/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('clicking or dragging on the plot moves the start point and restarts every run', async () => {
  const { page, problems } = await open();
  await page.getByRole('button', { name: 'Step' }).click();
  await page.getByRole('button', { name: 'Step' }).click();
  // The steps are taken in the worker: wait for its answer.
  await page.waitForFunction(() => window.surfacePage.runs().every((r) => r.steps === 2));
  const canvas = page.locator('.contour-canvas');
  const box = await canvas.boundingBox();
  const at = (x, y) => page.evaluate(([x, y]) => window.surfacePage.plot.toPx(x, y), [x, y]);
  const [px, py] = await at(-1, 0.5);
  await canvas.click({ position: { x: px, y: py } });
  let start = await page.evaluate(() => window.surfacePage.state.settings.start);
  assert.ok(Math.abs(start[0] + 1) < 0.01 && Math.abs(start[1] - 0.5) < 0.01, `start ${start}`);
  let r = await runs(page);
  assert.ok(r.every((x) => x.steps === 0 && Math.abs(x.x - start[0]) < 1e-12 && Math.abs(x.y - start[1]) < 1e-12), 'every run restarted there');
  assert.match(page.url(), /start=-1,0\.5/);
  assert.equal(await page.getByLabel('start x').inputValue(), String(start[0]));

  // Drag: the start follows the pointer; the release fixes it.
  const [ax, ay] = await at(0.5, -0.5);
  const [bx, by] = await at(-0.75, -1);
  await page.mouse.move(box.x + ax, box.y + ay);
  await page.mouse.down();
  await page.mouse.move(box.x + (ax + bx) / 2, box.y + (ay + by) / 2, { steps: 4 });
  await page.mouse.move(box.x + bx, box.y + by, { steps: 4 });
  await page.mouse.up();
  start = await page.evaluate(() => window.surfacePage.state.settings.start);
  assert.ok(Math.abs(start[0] + 0.75) < 0.01 && Math.abs(start[1] + 1) < 0.01, `dragged start ${start}`);
  r = await runs(page);
  assert.ok(r.every((x) => x.steps === 0 && x.x === start[0] && x.y === start[1]));

  // The keyboard moves it too (the plot is focusable).
  await canvas.focus();
  await page.keyboard.press('ArrowRight');
  const moved = await page.evaluate(() => window.surfacePage.state.settings.start);
  assert.ok(moved[0] > start[0] && moved[1] === start[1], `arrow key: ${moved}`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a link with settings reproduces them', async () => {
  const hash = '#function=rosenbrock&a=1.5&b=50&start=-1,2.5&optimizers=rmsprop,adam&r1.alpha=0.95&r1.centered=1&r2.beta1=0.8&r2.label=My%20Adam&speed=5';
  const { page, problems } = await open(hash);
  assert.equal(await page.getByLabel('Function').inputValue(), 'rosenbrock');
  assert.equal(await page.locator('#fn-a').inputValue(), '1.5');
  assert.equal(await page.locator('#fn-b').inputValue(), '50');
  assert.equal(await page.getByLabel('start x').inputValue(), '-1');
  assert.equal(await page.getByLabel('start y').inputValue(), '2.5');
  assert.equal(await page.getByLabel('Speed (steps per frame)').inputValue(), '5');
  const run1 = page.getByRole('region', { name: 'Run 1', exact: true });
  assert.equal(await run1.getByLabel('alpha', { exact: true }).inputValue(), '0.95');
  assert.equal(await run1.getByLabel('centered', { exact: true }).isChecked(), true);
  assert.equal(await run1.getByLabel('Preset', { exact: true }).inputValue(), 'custom');
  const run2 = page.getByRole('region', { name: 'Run 2', exact: true });
  assert.equal(await run2.getByLabel('Optimizer', { exact: true }).inputValue(), 'adam');
  assert.equal(await run2.getByLabel('beta1', { exact: true }).inputValue(), '0.8');
  assert.equal(await run2.getByLabel('Name', { exact: true }).inputValue(), 'My Adam');
  assert.deepEqual((await runs(page)).map((r) => [r.name, r.label, r.x, r.y]), [['rmsprop', 'RMSProp, centered', -1, 2.5], ['adam', 'My Adam', -1, 2.5]]);
  assert.match(await page.$eval('#legend', (e) => e.textContent), /My Adam, lr 0\.05/);
  assert.equal(decodeURIComponent(new URL(page.url()).hash), decodeURIComponent(hash), 'the page writes back the same link');

  // Editing a run changes the link; the link then reproduces the edit.
  await run2.getByLabel('lr', { exact: true }).fill('0.2');
  await run2.getByLabel('lr', { exact: true }).press('Enter');
  await page.waitForFunction(() => /r2\.lr=0\.2/.test(location.hash));
  await run1.getByLabel('Preset', { exact: true }).selectOption('keras');
  await page.waitForFunction(() => /r1\.eps_in_sqrt=1/.test(location.hash));
  const again = parseSurfaceHash(new URL(page.url()).hash);
  assert.equal(again.settings.runs[1].hp.lr, 0.2);
  assert.equal(presetOf(again.settings.runs[0].hp), 'keras');
  assert.equal(again.settings.runs[0].hp.lr, 0.05);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the runs can be added, removed and retyped', async () => {
  const { page, problems } = await open('#optimizers=sgd');
  assert.equal(await page.getByRole('button', { name: 'Remove run 1' }).isDisabled(), true, 'the last run cannot go');
  for (let i = 0; i < 3; i++) await page.getByRole('button', { name: '+ Add an optimizer' }).click();
  assert.deepEqual((await runs(page)).map((r) => r.name), ['sgd', 'rmsprop', 'adam', 'adagrad']);
  assert.equal(await page.getByRole('button', { name: '+ Add an optimizer' }).isDisabled(), true, 'at most four');
  await page.getByRole('button', { name: 'Remove run 3' }).click();
  await page.getByRole('region', { name: 'Run 1', exact: true }).getByLabel('Optimizer', { exact: true }).selectOption('rmsprop');
  assert.deepEqual((await runs(page)).map((r) => r.name), ['rmsprop', 'rmsprop', 'adagrad']);
  assert.match(page.url(), /optimizers=rmsprop,rmsprop,adagrad/);
  // A value out of range is clamped, with a notice.
  const lr = page.getByRole('region', { name: 'Run 3', exact: true }).getByLabel('lr', { exact: true });
  await lr.fill('50');
  await lr.press('Enter');
  await page.waitForFunction(() => window.surfacePage.runs()[2].lr === 10);
  assert.match(await page.$eval('#notices', (e) => e.textContent), /run 3 lr: 50 is above the maximum 10/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a hostile hash shows notices, defaults and clamps, and runs nothing', async () => {
  const hostile = '#function=<img src=x onerror=window.pwned=1>&b=1e999&lr=NaN&optimizers=rmsprop,<script>window.pwned=2</script>,sgd'
    + '&r1.alpha=5&r1.label=<img src=x onerror=window.pwned=3>&start=javascript:alert(1)&hide=<svg onload=window.pwned=4>';
  const { page, problems } = await open(hostile);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.equal(await page.$$eval('#notices script, #notices img, #notices svg, .run-card img, #legend img', (n) => n.length), 0);
  const notes = await page.$eval('#notices', (e) => e.textContent);
  for (const key of ['function', 'b:', 'lr:', 'optimizers', 'r1.alpha', 'start', 'hide']) assert.ok(notes.includes(key), `a notice about ${key}`);
  assert.equal(await page.getByLabel('Function').inputValue(), 'quadratic');
  const r = await runs(page);
  assert.deepEqual(r.map((x) => x.name), ['rmsprop', 'sgd']);
  assert.equal(r[0].label, '<img src=x onerror=window.pwned=3>', 'the label is shown as text');
  assert.equal(await page.getByRole('region', { name: 'Run 1', exact: true }).getByLabel('alpha', { exact: true }).inputValue(), '0.9999');
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForFunction(() => window.surfacePage.state.step >= 10);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  await page.screenshot({ path: path.join(ARTIFACTS, 'surface-hostile-hash.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

test('a diverging run stops with a notice naming it; the others go on', async () => {
  const { page, problems } = await open('#function=quadratic&b=100&optimizers=rmsprop,sgd&lr=0.05&speed=5');
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForFunction(() => document.querySelector('.notice.error'), null, { timeout: 20000 });
  const text = await page.$eval('.notice.error', (e) => e.textContent);
  assert.match(text, /^SGD \(lr 0\.05\) stopped at step \d+: \|y\| = .* is beyond 1e6\. It diverged; a smaller lr keeps it stable\./);
  await page.waitForFunction(() => window.surfacePage.runs()[0].reachedAt >= 0, null, { timeout: 20000 });
  const [rms, sgd] = await runs(page);
  assert.equal(sgd.status, 'diverged');
  assert.notEqual(rms.status, 'diverged');
  assert.match(await page.locator('.run-card').nth(1).textContent(), /diverged at step/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'surface-diverged.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

test('every function draws, with its own minima and a working run', async () => {
  const { page, problems } = await open('#speed=20');
  for (const name of FUNCTION_NAMES) {
    await page.getByLabel('Function').selectOption(name);
    assert.ok(await canvasColours(page) > 20, `${name} is drawn`);
    const r = await runs(page);
    const { a, b } = functionDefaults(name);
    const want = surfaceInfo(name, a, b).start;
    assert.ok(r.every((x) => x.x === want[0] && x.y === want[1] && x.steps === 0), `${name}: runs start at its default start`);
    await page.getByRole('button', { name: 'Step' }).click();
    await page.waitForFunction(() => window.surfacePage.runs().every((x) => x.steps === 1 || x.status === 'diverged'));
    assert.ok((await runs(page)).every((x) => x.steps === 1 || x.status === 'diverged'), `${name}: one step`);
    if (name === 'himmelblau' || name === 'saddle') {
      await page.screenshot({ path: path.join(ARTIFACTS, `surface-${name}.png`) });
    }
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test('works on a 390 px wide phone screen', async () => {
  const { page, problems } = await open('', { width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal page scroll (${overflow}px)`);
  assert.ok(await canvasColours(page) > 20);
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForFunction(() => window.surfacePage.state.step >= 30, null, { timeout: 20000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.screenshot({ path: path.join(ARTIFACTS, 'surface-390.png') });
  await page.screenshot({ path: path.join(ARTIFACTS, 'surface-390-full.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('every control is labelled and reachable from the keyboard', async () => {
  const { page, problems } = await open();
  const unlabelled = await page.$$eval('input, select, button, canvas[tabindex]', (els) => els
    .filter((e) => !e.closest('[hidden]'))
    .filter((e) => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim())
    .map((e) => e.outerHTML.slice(0, 80)));
  assert.deepEqual(unlabelled, []);
  // Tab from the top reaches Play; Space starts it.
  await page.locator('body').focus();
  let found = false;
  for (let i = 0; i < 10 && !found; i++) {
    await page.keyboard.press('Tab');
    found = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') === 'Play');
  }
  assert.ok(found, 'Tab reaches the Play button');
  await page.keyboard.press('Space');
  await page.waitForFunction(() => window.surfacePage.state.step >= 5);
  assert.equal(await page.getByRole('button', { name: 'Pause' }).count(), 1);
  assert.deepEqual(problems, []);
  await page.close();
});

test('embed mode hides the page chrome and what hide= names', async () => {
  const { page, problems } = await open('#embed=1&hide=runs,readout');
  assert.equal(await page.locator('.masthead').isVisible(), false);
  assert.equal(await page.locator('footer').isVisible(), false);
  assert.equal(await page.locator('[data-section="runs"]').isVisible(), false);
  assert.equal(await page.locator('[data-section="readout"]').isVisible(), false);
  assert.equal(await page.locator('[data-section="chart"]').isVisible(), true);
  assert.deepEqual(problems, []);
  await page.close();
});

test('<rmsprop-surface> embeds the surface page with its attributes as settings', async () => {
  const local = await launch();  // the repository root: the fixture and the page side by side
  try {
    const problems = [];
    const page = await strictPage(local.browser, problems);
    await page.setViewportSize({ width: 1000, height: 900 });
    await page.goto(`${local.baseUrl}tests/browser/fixtures/surface-embed.html`);
    const frame = page.frameLocator('rmsprop-surface iframe');
    await frame.locator('.contour-canvas').waitFor({ timeout: 20000 });
    const inner = page.frames().find((f) => f.url().includes('surface.html'));
    await inner.waitForFunction(() => window.surfacePage?.ready, null, { timeout: 20000 });
    assert.match(inner.url(), /embed=1/);
    const s = await inner.evaluate(() => window.surfacePage.state.settings);
    assert.equal(s.function, 'quadratic');
    assert.equal(s.b, 100);
    assert.deepEqual(s.runs.map((r) => [r.name, r.hp.lr, r.label]), [['rmsprop', 0.01, ''], ['sgd', 0.01, 'plain SGD']]);
    assert.equal(await frame.locator('.masthead').isVisible(), false);
    assert.equal(await frame.locator('[data-section="runs"]').isVisible(), false);
    // autoplay="1": it is running by itself.
    await inner.waitForFunction(() => window.surfacePage.state.step >= 50, null, { timeout: 20000 });
    // The page reports its height (web/embed/frame-height.js) and the element's iframe takes it.
    // (Compared in one poll: the page's height may still change as its panels fill in.)
    await page.waitForFunction(() => {
      const f = document.querySelector('rmsprop-surface iframe');
      const h = Math.ceil(f.contentDocument.documentElement.getBoundingClientRect().height);
      return h !== 760 && Math.abs(parseFloat(f.style.height) - h) <= 1;
    }, null, { timeout: 10000 });
    assert.equal(await page.locator('rmsprop-surface iframe').getAttribute('title'), 'Loss surface: optimizers compared');
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(ARTIFACTS, 'surface-embed.png') });
    assert.deepEqual(problems, []);
  } finally {
    await local.close();
  }
});
