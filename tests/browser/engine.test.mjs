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

// The bridge alone (fixtures/bridge.html): window.open(opts) makes a bridge whose events land on
// window.log; window.last(type) and window.count(type) read it.
async function bridgePage(t) {
  const env = await launch();
  t.after(() => env.close());
  const problems = [];
  const page = await strictPage(env.browser, problems);
  await page.goto(`${env.baseUrl}tests/browser/fixtures/bridge.html`);
  await page.waitForFunction(() => window.ready === true);
  const until = (fn, arg) => page.waitForFunction(fn, arg, { timeout: 30000 });
  return { page, problems, until };
}

const CONFIG = { dataset: { name: 'circle', n: 200 }, hidden: [4, 2], optimizer: { name: 'rmsprop', lr: 0.01 } };

test('a huge step request runs in slices: metrics stream, changes apply meanwhile, pause ends it, no watchdog', async (t) => {
  const { page, problems, until } = await bridgePage(t);
  await page.evaluate((config) => { window.open({ watchdogMs: 1000 }); window.bridge.init(config); }, CONFIG);
  await until(() => window.count('ready') === 1 && window.count('metrics') >= 1);
  // 50 million steps while paused: minutes of work, but the worker keeps answering.
  await page.evaluate(() => { window.stepAt = performance.now(); window.log.length = 0; window.bridge.step(5e7); });
  await until(() => window.log.filter((m) => m.type === 'metrics' && m.stepsLeft > 0).length >= 5);
  assert.equal(await page.evaluate(() => window.bridge.stepping), true);
  // A live change is handled between slices, while the request goes on.
  await page.evaluate(() => window.bridge.set({ lr: 0.001 }));
  await until(() => window.last('optimizer')?.optimizer.lr === 0.001);
  const during = await page.evaluate(() => window.log.filter((m) => m.type === 'metrics').at(-1));
  assert.ok(during.stepsLeft > 0, 'the request was still being worked through');
  assert.equal(await page.evaluate(() => window.bridge.config.optimizer.lr), 0.001);
  // Busy for longer than the watchdog's limit: never replaced, since it keeps talking.
  await until(() => performance.now() - window.stepAt > 3000);
  assert.equal(await page.evaluate(() => window.count('restarted')), 0);
  // Every step arrives once, in order.
  const rows = await page.evaluate(() => window.log.filter((m) => m.type === 'metrics').reduce((n, m) => n + m.rows, 0));
  const steps = await page.evaluate(() => window.last('metrics').steps);
  assert.ok(rows > 0 && rows <= steps, `${rows} rows for ${steps} steps`);
  // pause() ends the request: the worker then sits still (its answers to later messages say
  // the same step count).
  await page.evaluate(() => window.bridge.pause());
  await until(() => window.last('metrics')?.stepsLeft === 0 && window.last('metrics').running === false);
  assert.equal(await page.evaluate(() => window.bridge.stepping), false);
  await page.evaluate(() => window.bridge.requestWeights());
  await until(() => window.count('weights') === 1);
  const stopped = await page.evaluate(() => window.last('metrics').steps);
  assert.equal(await page.evaluate(() => window.last('weights').steps), stopped);
  await page.evaluate(() => window.bridge.requestWeights());
  await until(() => window.count('weights') === 2);
  assert.equal(await page.evaluate(() => window.last('weights').steps), stopped);
  assert.ok(stopped < 5e7);
  await page.evaluate(() => window.bridge.terminate());
  assert.deepEqual(problems, []);
});

test('a worker stuck in a step request is replaced; accepted settings and unanswered changes survive', async (t) => {
  const { page, problems, until } = await bridgePage(t);
  await page.evaluate((config) => { window.open({ watchdogMs: 1000, hangOnStep: true }); window.bridge.init(config); }, CONFIG);
  await until(() => window.count('ready') === 1);
  await page.evaluate(() => window.bridge.set({ lr: 0.02 }));
  await until(() => window.last('optimizer')?.optimizer.lr === 0.02);
  // Paused, then a step request that never returns; a change sent after it is never answered.
  await page.evaluate(() => { window.bridge.step(10); window.bridge.set({ alpha: 0.5 }); });
  await until(() => window.count('restarted') === 1);
  assert.match(await page.evaluate(() => window.last('restarted').reason), /stopped answering for 1000 ms/);
  // The new worker has the accepted lr, then gets the unanswered alpha.
  await until(() => window.count('ready') === 2 && window.last('optimizer')?.optimizer.alpha === 0.5);
  const ready = await page.evaluate(() => window.last('ready'));
  assert.equal(ready.optimizer.lr, 0.02);
  assert.deepEqual(await page.evaluate(() => [window.bridge.config.optimizer.lr, window.bridge.config.optimizer.alpha]), [0.02, 0.5]);
  assert.equal(await page.evaluate(() => window.bridge.stepping), false, 'the step request is not repeated');
  await page.evaluate(() => window.bridge.terminate());
  assert.deepEqual(problems, []);
});

test('refused settings are never remembered, so restarts keep working', async (t) => {
  const { page, problems, until } = await bridgePage(t);
  await page.evaluate((config) => { window.open(); window.bridge.init(config); window.bridge.addPoint({ x1: 1, x2: 1, label: 1 }); }, CONFIG);
  await until(() => window.count('ready') === 1 && window.last('points')?.npoints === 201);
  const errors = () => page.evaluate(() => window.log.filter((m) => m.type === 'error').map((m) => m.message));
  await page.evaluate(() => {
    const b = window.bridge;
    b.set({ lr: -1 });
    b.set({ lr: 0.05, alpha: 2 });  // all or nothing: lr is not changed either
    b.setOptimizer({ name: 'adamw' });
    b.setBatchSize(10.5);
    b.regenerate({ noise: 5 });
    b.init({ hidden: [99] });       // a refused init keeps the trainer and its settings
    b.requestWeights();
  });
  await until(() => window.count('weights') === 1);
  assert.deepEqual(await errors(), [
    'rmsprop.lr: -1 is out of range; allowed: finite and >= 0',
    'rmsprop.alpha: 2 is out of range; allowed: [0, 1]',
    "optimizer.name: 'adamw' is unknown; allowed: rmsprop, sgd, adam, adagrad",
    'batch_size: 10.5 is not an integer; allowed: integers 0..10000',
    'dataset.noise: 5 is out of range; allowed: [0, 0.5]',
    'hidden[0]: 99 is out of range; allowed: integers 1..64',
  ]);
  const config = await page.evaluate(() => window.bridge.config);
  assert.equal(config.optimizer.name, 'rmsprop');
  assert.equal(config.optimizer.lr, 0.01);
  assert.equal(config.optimizer.alpha, 0.99);
  assert.equal(config.batch_size, 0);
  assert.deepEqual(config.dataset, { name: 'circle', n: 200 });
  assert.deepEqual(config.hidden, [4, 2]);
  assert.equal(await page.evaluate(() => window.last('optimizer').optimizer.lr), 0.01, 'the worker reported the values in force');
  // Accepted changes are remembered, and a restart brings them back, with the points.
  await page.evaluate(() => { window.bridge.set({ lr: 0.003 }); window.bridge.setBatchSize(16); window.bridge.regenerate({ noise: 0.2 }); });
  await until(() => window.last('dataset')?.dataset.noise === 0.2);
  await page.evaluate(() => { window.log.length = 0; window.bridge.restart('test'); window.bridge.step(25); });
  await until(() => window.count('ready') === 1 && window.last('metrics')?.steps === 25 && window.last('metrics').stepsLeft === 0);
  const ready = await page.evaluate(() => window.last('ready'));
  assert.equal(ready.optimizer.lr, 0.003);
  assert.equal(ready.batchSize, 16);
  assert.deepEqual(ready.dataset, { name: 'circle', n: 200, noise: 0.2 });
  assert.equal(await page.evaluate(() => window.last('points').npoints), 201, 'the user point survived');
  assert.deepEqual(await errors(), []);
  await page.evaluate(() => window.bridge.terminate());
  assert.deepEqual(problems, []);
});

test('bridge calls before init throw a clear Error', async (t) => {
  const { page, problems } = await bridgePage(t);
  const results = await page.evaluate(() => {
    window.open();
    const b = window.bridge;
    const out = {};
    for (const [name, call] of Object.entries({
      set: () => b.set({ lr: 0.1 }), setBatchSize: () => b.setBatchSize(8), start: () => b.start(), step: () => b.step(1),
      addPoint: () => b.addPoint({ x1: 0, x2: 0, label: 1 }), regenerate: () => b.regenerate({ noise: 0.1 }),
    })) {
      try { call(); out[name] = 'no error'; } catch (err) { out[name] = `${err.constructor.name}: ${err.message}`; }
    }
    b.pause();  // nothing runs: fine
    out.worker = b.worker === null;
    return out;
  });
  for (const name of ['set', 'setBatchSize', 'start', 'step', 'addPoint', 'regenerate']) {
    assert.equal(results[name], `Error: EngineBridge.${name}(): there is no trainer yet; call init(config) first`);
  }
  assert.equal(results.worker, true, 'no worker was started for nothing');
  assert.deepEqual(problems, []);
});
