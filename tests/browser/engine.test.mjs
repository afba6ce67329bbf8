// The engine in a real browser: on the main thread, and in a module worker through the bridge,
// including a worker restart that keeps the user's points.
import test from 'node:test';
import assert from 'node:assert/strict';

import { launch, strictPage } from './browser.mjs';

test('the engine trains on the main thread and in a worker, and survives a worker restart', async (t) => {
  const env = await launch();
  t.after(() => env.close());
  const problems = [];
  const page = await strictPage(env.browser, problems);
  await page.goto(`${env.baseUrl}tests/browser/fixtures/engine.html`);
  await page.waitForFunction(() => window.results?.ready === true, null, { timeout: 20000 });

  const main = await page.evaluate(() => window.results.main);
  assert.equal(main.steps, 300);
  assert.ok(main.last < main.first, `main-thread loss fell: ${main.first} -> ${main.last}`);
  assert.match(await page.evaluate(() => window.results.mainError), /^hidden\[0\]: 99 is out of range; allowed: integers 1\.\.64$/);

  // The worker streams metrics while running.
  await page.waitForFunction(() => window.seen.lastSteps >= 500, null, { timeout: 20000 });
  const running = await page.evaluate(() => ({ ...window.seen }));
  assert.ok(running.metrics >= 2, 'several metrics batches');
  assert.equal(running.rows, running.lastSteps, 'every step arrives exactly once');
  assert.ok(running.transferred, 'history arrives as Float64Arrays');
  assert.equal(running.grid, 100 * 100, 'a 100x100 decision grid');
  const pointsBefore = running.points.at(-1);
  assert.equal(pointsBefore, 301, 'the user point was added');

  // Kill the worker; the bridge starts a new one with the same settings and points.
  await page.evaluate(() => { window.seen.ready = 0; window.bridge.restart('test'); });
  await page.waitForFunction(() => window.seen.ready === 1 && window.seen.lastSteps >= 200, null, { timeout: 20000 });
  const after = await page.evaluate(() => ({ ...window.seen, restarted: window.results.restarted }));
  assert.equal(after.restarted, 'test');
  assert.equal(after.points.at(-1), pointsBefore, 'points kept across the restart');
  await page.evaluate(() => window.bridge.pause());
  assert.equal(await page.evaluate(() => window.results.workerError ?? null), null);
  assert.deepEqual(problems, []);
});

test('a hung worker is detected and replaced, keeping settings and points', async (t) => {
  const env = await launch();
  t.after(() => env.close());
  const problems = [];
  const page = await strictPage(env.browser, problems);
  await page.goto(`${env.baseUrl}tests/browser/fixtures/engine.html`);
  await page.waitForFunction(() => window.seen?.lastSteps >= 100, null, { timeout: 20000 });
  // 50 million steps in one slice: the worker cannot answer for minutes.
  await page.evaluate(() => {
    window.results.restarted = null;
    window.bridge.setOptions({ speed: 5e7 });
  });
  await page.waitForFunction(() => window.results.restarted !== null, null, { timeout: 20000 });
  const reason = await page.evaluate(() => window.results.restarted);
  assert.match(reason, /stopped answering for 3000 ms/);
  // The new worker trains again, adaptively, with the user's point still there.
  await page.evaluate(() => { window.seen.lastSteps = 0; });
  await page.waitForFunction(() => window.seen.lastSteps >= 100, null, { timeout: 20000 });
  assert.equal(await page.evaluate(() => window.bridge.options.speed), 0);
  assert.equal(await page.evaluate(() => window.seen.points.at(-1)), 301);
  await page.evaluate(() => window.bridge.terminate());
  assert.deepEqual(problems, []);
});
