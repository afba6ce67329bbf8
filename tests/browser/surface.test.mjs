// The loss-surface page (surface.html) and <rmsprop-surface>: its link module in Node, then the
// page in headless Chromium served from dist/ exactly as `npm start` serves it. Screenshots go
// to tests/artifacts/surface-*.png (git-ignored).
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { launch, strictPage } from './browser.mjs';
import { ROOT, engine as loadEngine } from '../wasm/helpers.mjs';
import { FUNCTION_NAMES, FUNCTIONS, evaluate, reached, surfaceInfo, surfaceSpec } from '../../web/surface/functions.js';
import { MAX_HASH_LENGTH, defaults, functionDefaults, parseSurfaceHash, presetOf, toSurfaceHash } from '../../web/surface/state.js';

const ARTIFACTS = path.join(ROOT, 'tests/artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

// ------------------------------------------------------------------------------------ in Node

test('state.js: defaults make an empty link, and links round-trip', () => {
  assert.equal(toSurfaceHash(defaults()), '#');
  const { settings, notices } = parseSurfaceHash('');
  assert.deepEqual(notices, []);
  assert.equal(settings.function, 'quadratic');
  assert.deepEqual(settings.runs.map((r) => [r.name, r.hp.lr, r.hp.momentum]), [['rmsprop', 0.05, 0], ['sgd', 0.05, 0], ['sgd', 0.05, 0.9], ['adam', 0.05, undefined]]);
  for (const hash of [
    '#function=rosenbrock&a=1.5&b=50&start=-1,2.5&optimizers=rmsprop,adam&r1.alpha=0.9&r1.centered=1&r2.beta1=0.8&speed=5',
    '#b=100&optimizers=rmsprop,sgd&r1.lr=0.01&r2.lr=0.01&r2.label=plain%20SGD&speed=0&arrows=0',
    '#r1.eps=1e-7&r1.eps_in_sqrt=1&r3.momentum=0.5&autoplay=1&embed=1&hide=runs,explain',
  ]) {
    const r = parseSurfaceHash(hash);
    assert.deepEqual(r.notices, [], hash);
    assert.equal(toSurfaceHash(r.settings), hash);
  }
});

test('state.js: shared keys, presets (without lr) and per-run keys', () => {
  const { settings } = parseSurfaceHash('#optimizers=rmsprop,sgd,rmsprop&lr=0.01&momentum=0.5&r2.momentum=0.9&preset=keras&r3.preset=tf1&r3.lr=0.2');
  const [a, b, c] = settings.runs;
  assert.equal(a.hp.lr, 0.01);
  assert.equal(a.hp.momentum, 0.5);
  assert.equal(b.hp.momentum, 0.9, 'rN.KEY wins over KEY');
  assert.equal(presetOf(a.hp), 'keras');
  assert.equal(a.hp.eps_in_sqrt, true);
  assert.equal(presetOf(c.hp), 'tf1');
  assert.equal(c.hp.initial_accumulator, 1);
  assert.equal(c.hp.lr, 0.2, 'a preset leaves lr alone');
});

test('state.js: hostile and malformed links give defaults, clamps and plain-text notices', () => {
  const { settings, notices } = parseSurfaceHash('#function=<img src=x onerror=alert(1)>&a=NaN&b=1e999&start=99,1'
    + '&optimizers=rmsprop,evil,sgd,adam,adagrad,sgd&r1.alpha=5&r2.nesterov=1&r1.label=%3Cscript%3Ex%3C/script%3E&__proto__=1'
    + '&constructor=2&r9.lr=3&r1.beta1=0.5&speed=-4&hide=runs,<b>&lr=0x10');
  assert.equal(settings.function, 'quadratic');
  assert.equal(settings.b, FUNCTIONS.quadratic.params.b.default);
  assert.deepEqual(settings.start, [1.5, 1], 'clamped into the view box');
  assert.deepEqual(settings.runs.map((r) => r.name), ['rmsprop', 'sgd', 'adam', 'adagrad']);
  assert.equal(settings.runs[0].hp.alpha, 0.9999);
  assert.equal(settings.runs[0].hp.lr, 0.05, "'0x10' is not a number: lr keeps its default");
  assert.equal(settings.runs[0].label, '<script>x</script>', 'labels are kept as text (shown through textContent)');
  assert.equal(settings.runs[1].hp.nesterov, false);
  assert.equal(settings.speed, 0);
  assert.deepEqual(settings.hide, ['runs']);
  assert.equal({}.polluted, undefined);
  const text = notices.join('\n');
  for (const key of ['function', 'a:', 'b:', 'start', 'optimizers', 'r1.alpha', 'r2.nesterov', 'speed', 'hide', 'lr:']) assert.match(text, new RegExp(key.replace('.', '\\.')), key);
  assert.ok(notices.every((n) => !/[\u0000-\u001f]/.test(n) && n.length < 400), 'notices are short plain text');
  const long = parseSurfaceHash(`#lr=${'1'.repeat(MAX_HASH_LENGTH + 1)}`);
  assert.equal(long.notices.length, 1);
  assert.match(long.notices[0], /too long/);
});

test('functions.js: the contour port matches the engine, the view boxes hold their minima', async () => {
  const engine = await loadEngine();
  const specs = [['rosenbrock', 1, 100], ['rosenbrock', -0.7, 3], ['beale'], ['quadratic', 1, 100], ['quadratic', 2, 0.5], ['saddle'], ['himmelblau']];
  for (const [name, a = 1, b = 1] of specs) {
    const info = surfaceInfo(name, a, b);
    const { xmin, xmax, ymin, ymax } = info.view;
    for (let i = 0; i < 50; i++) {
      const x = xmin + ((i * 37) % 50) / 49 * (xmax - xmin);
      const y = ymin + ((i * 11) % 50) / 49 * (ymax - ymin);
      const want = engine.surface(surfaceSpec(name, a, b), x, y).f;
      const got = evaluate(name, a, b, x, y);
      assert.ok(Math.abs(got - want) <= 1e-12 * Math.max(1, Math.abs(want)), `${name}(${x}, ${y}): ${got} vs ${want}`);
    }
    for (const [mx, my] of info.minima) {
      assert.ok(mx >= xmin && mx <= xmax && my >= ymin && my <= ymax, `${name}: minimum inside the view`);
      const e = engine.surface(surfaceSpec(name, a, b), mx, my);
      assert.ok(Math.hypot(e.gx, e.gy) < 1e-9, `${name}: zero gradient at (${mx}, ${my})`);
      if (info.kind === 'minimum') assert.ok(reached(info, mx, my, e.f), `${name}: its own minimum counts as reached`);
    }
  }
  assert.deepEqual([...engine.names('surfaces')].sort(), [...FUNCTION_NAMES].sort());
});

// ------------------------------------------------------------------------------------ the page

let env;
test.before(async () => { env = await launch({ root: path.join(ROOT, 'dist') }); });
test.after(async () => { await env?.close(); });

async function open(hash = '', { width = 1280, height = 800 } = {}) {
  const problems = [];
  const page = await strictPage(env.browser, problems);
  await page.setViewportSize({ width, height });
  await page.goto(`${env.baseUrl}surface.html${hash}`);
  await page.waitForFunction(() => window.surfacePage?.ready && document.querySelector('.contour-canvas')?.width > 0, null, { timeout: 20000 });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  return { page, problems };
}

/** Distinct colours in a coarse sample of the contour canvas (a blank canvas has 1). */
const canvasColours = (page) => page.evaluate(() => {
  const c = document.querySelector('.contour-canvas');
  const copy = document.createElement('canvas');  // a fresh canvas per read: no repeated readback of the page's
  copy.width = c.width;
  copy.height = c.height;
  const ctx = copy.getContext('2d', { willReadFrequently: true });
  ctx.drawImage(c, 0, 0);
  const d = ctx.getImageData(0, 0, c.width, c.height).data;
  const seen = new Set();
  for (let i = 0; i < d.length; i += 4 * 97) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
  return seen.size;
});

const runs = (page) => page.evaluate(() => window.surfacePage.runs());

/** Every module `entry` imports, directly or not (static and dynamic, relative), as repo paths. */
function pageModules(entry = 'web/surface/surface-app.js', seen = new Set()) {
  if (seen.has(entry)) return [...seen];
  seen.add(entry);
  const source = readFileSync(path.join(ROOT, entry), 'utf8');
  for (const [, spec] of source.matchAll(/(?:^import[^'"]*?from\s*|^import\s*|\bimport\(\s*)['"]([^'"]+)['"]/gm)) {
    if (spec.startsWith('.')) pageModules(path.posix.normalize(path.posix.join(path.posix.dirname(entry), spec)), seen);
  }
  return [...seen];
}

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

test('a frame does at most ~8 ms of work, even at full speed', async (t) => {
  const { page, problems } = await open('#speed=0&function=rosenbrock&lr=0.0005');
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForFunction(() => window.surfacePage.state.step >= 3000, null, { timeout: 30000 });
  const times = await page.evaluate(() => new Promise((resolve) => {
    const out = [];
    const tick = () => { out.push(window.surfacePage.state.frameMs); if (out.length < 60) requestAnimationFrame(tick); else resolve(out); };
    requestAnimationFrame(tick);
  }));
  times.sort((a, b) => a - b);
  t.diagnostic(`frame work on the main thread (taking in the worker's steps + drawing), ms: median ${times[30].toFixed(2)}, max ${times[59].toFixed(2)}`);
  assert.ok(times[30] < 8, `median frame ${times[30]} ms`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the main thread never instantiates WebAssembly: the runs are stepped in a module worker', async () => {
  const problems = [];
  const page = await strictPage(env.browser, problems);
  // Count every way of making a wasm module on the page's main thread (not in its workers).
  await page.addInitScript(() => {
    if (typeof window === 'undefined' || window !== window.top) return;
    const calls = window.wasmCalls = [];
    for (const k of ['instantiate', 'instantiateStreaming', 'compile', 'compileStreaming']) {
      const f = WebAssembly[k];
      WebAssembly[k] = function wrapped(...args) { calls.push(k); return f.apply(this, args); };
    }
    for (const k of ['Module', 'Instance']) {
      WebAssembly[k] = new Proxy(WebAssembly[k], { construct(target, args, next) { calls.push(k); return Reflect.construct(target, args, next); } });
    }
  });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${env.baseUrl}surface.html#function=rosenbrock&lr=0.0005&speed=5`);
  await page.waitForFunction(() => window.surfacePage?.ready, null, { timeout: 20000 });
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForFunction(() => window.surfacePage.state.step >= 200, null, { timeout: 20000 });
  const r = await runs(page);
  assert.ok(r.every((x) => x.steps >= 200 && Number.isFinite(x.f)), 'every run advanced, with f from the engine');
  assert.deepEqual(await page.evaluate(() => window.wasmCalls), [], 'no WebAssembly call on the main thread');
  // (Chromium lists the worker's module imports in the page's resource timing too, but not its fetches.)
  const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
  assert.deepEqual(loaded.filter((u) => /\.wasm$/.test(u)), [], 'the main thread never fetches the wasm');
  assert.ok(!pageModules().some((f) => f.startsWith('web/engine/')), 'the page imports nothing from web/engine/');
  assert.ok(pageModules('web/surface/worker.js').includes('web/engine/engine.js'), 'the worker does');
  const workers = page.workers();
  assert.equal(workers.length, 1);
  assert.match(workers[0].url(), /web\/surface\/worker\.js$/);
  assert.ok(await workers[0].evaluate(() => performance.getEntriesByType('resource').some((e) => /rmsprop_core\.wasm$/.test(e.name))),
    'the worker loaded the engine');
  // The counting works: a compile on the main thread is seen.
  await page.evaluate(() => WebAssembly.compile(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0])));
  assert.deepEqual(await page.evaluate(() => window.wasmCalls), ['compile']);
  await page.getByRole('button', { name: 'Pause' }).click();
  assert.deepEqual(problems, []);
  await page.close();
});

test('a worker that crashes or hangs shows a notice, and a new one starts the runs again with the same settings', async () => {
  const hash = '#function=rosenbrock&optimizers=rmsprop,adam&lr=0.002&r2.beta1=0.8&speed=5';
  const { page, problems } = await open(hash);
  const noticeText = () => page.$eval('#notices', (e) => e.textContent);
  const settingsBefore = await page.evaluate(() => JSON.stringify(window.surfacePage.state.settings));
  const linkBefore = page.url();
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForFunction(() => window.surfacePage.state.step >= 30, null, { timeout: 20000 });

  // An uncaught error inside the worker.
  await page.workers()[0].evaluate(() => { setTimeout(() => { throw new Error('test: the worker crashed'); }); });
  await page.waitForFunction(() => window.surfacePage.bridge.restarts === 1, null, { timeout: 10000 });
  assert.match(await noticeText(), /The engine's worker stopped \(.*test: the worker crashed\)\. A new one has started every run again with the same settings\./);
  assert.equal(await page.$$eval('.notice.error', (n) => n.length), 1, 'shown as an error notice');
  await page.waitForFunction(() => window.surfacePage.state.step >= 20 && window.surfacePage.runs().every((r) => !r.pending), null, { timeout: 20000 });
  assert.equal(await page.evaluate(() => JSON.stringify(window.surfacePage.state.settings)), settingsBefore, 'the settings are intact');
  assert.deepEqual((await runs(page)).map((r) => [r.name, r.lr]), [['rmsprop', 0.002], ['adam', 0.002]]);
  assert.equal(page.url(), linkBefore);
  assert.equal(await page.getByRole('button', { name: 'Pause' }).count(), 1, 'still playing');

  // A worker stuck in a loop: the page keeps drawing frames, then replaces it.
  await page.evaluate(() => window.surfacePage.notices.dismiss('worker'));
  const stuck = page.workers().at(-1);
  await stuck.evaluate(() => { setTimeout(() => { for (;;); }); });
  const frames = await page.evaluate(() => new Promise((resolve) => {
    let n = 0;
    const t0 = performance.now();
    const tick = () => { n += 1; if (performance.now() - t0 < 1000) requestAnimationFrame(tick); else resolve(n); };
    requestAnimationFrame(tick);
  }));
  assert.ok(frames >= 20, `the page draws while the worker is stuck (${frames} frames in 1 s)`);
  await page.waitForFunction(() => window.surfacePage.bridge.restarts === 2, null, { timeout: 15000 });
  assert.match(await noticeText(), /The engine's worker stopped \(it did not answer for 5 s\)\. A new one has started every run again/);
  await page.waitForFunction(() => window.surfacePage.state.step >= 20, null, { timeout: 20000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  assert.deepEqual(problems, []);
  await page.close();
});

test('a worker that cannot start: error notices, three restarts, then Reset tries again', async () => {
  const problems = [];
  const page = await strictPage(env.browser, problems);
  const broken = (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: 'throw new Error("test: a broken worker");' });
  await page.route('**/web/surface/worker.js', broken);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${env.baseUrl}surface.html`);
  await page.waitForFunction(() => /keeps failing/.test(document.querySelector('#notices')?.textContent), null, { timeout: 20000 });
  const text = await page.$eval('#notices', (e) => e.textContent);
  assert.match(text, /The engine's worker stopped \(.+\)\. It keeps failing, so it was not restarted: press Reset to try again, or reload the page\./);
  assert.equal(await page.evaluate(() => window.surfacePage.bridge.restarts), 3);
  assert.ok(await canvasColours(page) > 20, 'the contour plot is drawn all the same');
  // Once the worker can load again, Reset brings the page back.
  await page.unroute('**/web/surface/worker.js', broken);
  await page.getByRole('button', { name: 'Reset' }).click();
  await page.waitForFunction(() => window.surfacePage.ready, null, { timeout: 20000 });
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForFunction(() => window.surfacePage.state.step >= 10, null, { timeout: 20000 });
  assert.deepEqual(problems, [], 'no console error: the page handles the worker error itself');
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
