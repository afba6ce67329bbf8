// The surface page's worker in headless Chromium: the runs are stepped off the main thread, a
// frame stays short at full speed, and a worker that crashes, hangs or cannot start is replaced
// with the settings intact. The rest of the page: tests/browser/surface.test.mjs.
import test from 'node:test';
import assert from 'node:assert/strict';

import { strictPage } from './browser.mjs';
import { canvasColours, env, open, pageModules, runs } from './surface-page.mjs';

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
