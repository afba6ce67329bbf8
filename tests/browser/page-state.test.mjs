// The playground's run state in headless Chromium: what the link asks for (presets, autoplay,
// speed), and the counters, scores, charts and notices staying true to the worker through
// resets, divergence and worker restarts.
import test from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { launch } from './browser.mjs';
import { ARTIFACTS, DIST, counter, frames, openPlayground, scores, text } from './playground.mjs';

let env;
test.before(async () => { env = await launch({ root: DIST }); });
test.after(async () => { await env?.close(); });

const open = (hash, size) => openPlayground(env, hash, size);
const allDashes = (s) => Object.values(s).every((v) => v === '–');

test('#preset=keras trains with Keras\'s values; a key of the link\'s own overrides it and makes it custom', async () => {
  let { page, problems } = await open('#preset=keras');
  assert.equal(await page.getByLabel('Preset').inputValue(), 'keras');
  const opt = await page.evaluate(() => window.playground.bridge.config.optimizer);
  assert.deepEqual({ lr: opt.lr, alpha: opt.alpha, eps: opt.eps, eps_in_sqrt: opt.eps_in_sqrt }, { lr: 0.001, alpha: 0.9, eps: 1e-7, eps_in_sqrt: true });
  await page.getByRole('button', { name: 'Step' }).click();
  await page.waitForFunction(() => window.playground.state.lastLr !== undefined);
  assert.equal(await page.evaluate(() => window.playground.state.lastLr), 0.001, 'the engine trains with Keras\'s lr');
  assert.match(page.url(), /#preset=keras$/);
  assert.deepEqual(problems, []);
  await page.close();

  ({ page, problems } = await open('#preset=keras&lr=0.01'));
  assert.equal(await page.getByLabel('Preset').inputValue(), 'custom');
  assert.equal(await page.getByLabel('Learning rate (lr) (exact value)').inputValue(), '0.01');
  assert.equal(await page.getByLabel('Decay (alpha) (exact value)').inputValue(), '0.9');
  assert.equal(await page.evaluate(() => window.playground.bridge.config.optimizer.eps), 1e-7);
  assert.deepEqual(problems, []);
  await page.close();
});

test('autoplay=1 starts training on load, even with the controls hidden', async () => {
  const { page, problems } = await open('#embed=1&hide=controls&autoplay=1');
  await page.waitForFunction(() => window.playground.state.steps >= 100, null, { timeout: 20000 });
  assert.equal(await page.locator('#play').isVisible(), false);
  assert.equal(await page.evaluate(() => window.playground.state.running), true);
  assert.deepEqual(problems, []);
  await page.close();
});

test('an unlisted speed in the link snaps to the nearest listed one, with a notice', async () => {
  const { page, problems } = await open('#speed=7');
  assert.equal(await page.locator('#speed').inputValue(), '5');
  assert.equal(await page.$eval('#speed', (s) => s.selectedOptions[0]?.textContent), '5 steps / frame');
  assert.match(await text(page, '#notices'), /speed: 7 steps per frame is not on the Speed menu; using the nearest, 5 steps \/ frame/);
  assert.equal(await page.evaluate(() => window.playground.bridge.options.speed), 5);
  assert.match(page.url(), /speed=5/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the two log-scale boxes are one setting, in the link', async () => {
  const { page, problems } = await open();
  const chartBox = page.locator('.mc-figure[data-chart="loss"] .mc-toggle input');
  const panelBox = page.getByRole('checkbox', { name: 'log-scale loss' });
  assert.equal(await chartBox.isChecked(), true);
  await chartBox.uncheck();
  await page.waitForFunction(() => /logLoss=0/.test(location.hash));
  assert.equal(await panelBox.isChecked(), false, 'the Output panel follows the chart');
  await panelBox.check();
  await page.waitForFunction(() => !/logLoss/.test(location.hash));
  assert.equal(await page.locator('.mc-figure[data-chart="loss"] .mc-toggle input').isChecked(), true, 'the chart follows the Output panel');
  assert.deepEqual(problems, []);
  await page.close();
});

test('Reset and a new network clear the scores, steps/s and ms/step', async () => {
  const { page, problems } = await open();
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForFunction(() => window.playground.state.steps >= 300 && document.querySelector('#count-rate').textContent !== '–', null, { timeout: 20000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  assert.match((await scores(page))['Training accuracy'], /^\d+\.\d %$/);
  await page.getByRole('button', { name: 'Reset' }).click();
  await page.waitForFunction(() => document.querySelector('#count-step').textContent === '0');
  assert.ok(allDashes(await scores(page)), JSON.stringify(await scores(page)));
  assert.equal(await text(page, '#count-rate'), '–');
  assert.equal(await text(page, '#count-ms'), '–');
  assert.equal(await page.evaluate(() => window.playground.charts.rows), 0);

  await page.getByRole('button', { name: 'Step' }).click();
  await page.waitForFunction(() => document.querySelector('#scores dd').textContent !== '–');
  await page.getByRole('button', { name: 'Add a hidden layer' }).click();
  await page.waitForFunction(() => window.playground.bridge.config.hidden.length === 3);
  assert.ok(allDashes(await scores(page)), 'a new network: no scores from the old one');
  assert.equal(await counter(page, 'count-step'), 0);
  assert.deepEqual(problems, []);
  await page.close();
});

test('steps/s is the training rate on the page (1 step / frame: about 60), ms/step the compute time', async () => {
  const { page, problems } = await open('#speed=1');
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForFunction(() => window.playground.state.steps >= 60 && document.querySelector('#count-rate').textContent !== '–', null, { timeout: 20000 });
  // Measured here too: steps over wall time across a stretch of frames.
  const measured = await page.evaluate(() => new Promise((resolve) => {
    const s0 = window.playground.state.steps;
    const t0 = performance.now();
    const tick = () => {
      if (performance.now() - t0 < 1000) return requestAnimationFrame(tick);
      resolve(((window.playground.state.steps - s0) * 1000) / (performance.now() - t0));
    };
    requestAnimationFrame(tick);
  }));
  const shown = await counter(page, 'count-rate');
  const ms = Number(await text(page, '#count-ms'));
  await page.getByRole('button', { name: 'Pause' }).click();
  assert.ok(shown > 0 && shown <= 70, `steps/s shows ${shown} at one step per ~16 ms frame`);
  assert.ok(Math.abs(shown - measured) <= Math.max(15, 0.3 * measured), `steps/s ${shown} vs measured ${measured.toFixed(1)}`);
  assert.ok(ms > 0 && ms < 16, `ms/step ${ms} is the compute time, not the frame time`);
  assert.deepEqual(problems, []);
  await page.close();
});

/** Coloured pixels in each chart's canvas (axes and grid are grey): drawn series. */
const paintedPerChart = (page) => page.evaluate(() => window.playground.charts.plots.map((u) => {
  const { width, height } = u.ctx.canvas;
  const px = u.ctx.getImageData(0, 0, width, height).data;
  let n = 0;
  for (let i = 0; i < px.length; i += 4) {
    if (px[i + 3] > 200 && Math.max(px[i], px[i + 1], px[i + 2]) - Math.min(px[i], px[i + 1], px[i + 2]) > 80) n++;
  }
  return n;
}));

test('a diverging run: the notice agrees with the counter and its numbers are rounded', async () => {
  const { page, problems } = await open('#lr=10&momentum=0.99&activation=linear&output=linear');
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForFunction(() => document.querySelector('.notice.error'), null, { timeout: 20000 });
  await frames(page);
  const notice = await text(page, '.notice.error p');
  const steps = await counter(page, 'count-step');
  const [, said] = notice.match(/^Training stopped at step (\d+)/) ?? [];
  // Either the step it names is the counter's, or the notice says where the counter's step stands.
  assert.ok(Number(said) === steps || new RegExp(`\\bstep ${steps}\\b`).test(notice), `"${notice}" vs the counter ${steps}`);
  assert.doesNotMatch(notice, /\d\.\d{5,}|\d{9,}/, `no raw long numbers: ${notice}`);
  assert.match(notice, /lower learning rate/);
  // Rows hold each step's loss before its update: the bad step's row may be there.
  assert.ok(await page.evaluate(() => window.playground.charts.rows) <= steps + 1);
  assert.equal(await page.getByRole('button', { name: 'Play' }).count(), 1);
  await page.screenshot({ path: path.join(ARTIFACTS, 'page-diverged-notice.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

test('a single row (one step) shows as a point on every chart', async () => {
  const { page, problems } = await open();
  await page.getByRole('button', { name: 'Step' }).click();
  await page.waitForFunction(() => window.playground.charts.rows === 1);
  await frames(page);
  for (const [i, n] of (await paintedPerChart(page)).entries()) assert.ok(n > 10, `chart ${i} draws its single point (${n} px)`);
  await page.locator('.charts-section').screenshot({ path: path.join(ARTIFACTS, 'charts-one-row.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

test('after the worker hangs and is replaced: paused at step 0, charts and scores start over, a notice says so', async () => {
  const { page, problems } = await open();
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForFunction(() => window.playground.state.steps >= 300, null, { timeout: 20000 });
  assert.ok(await page.evaluate(() => window.playground.charts.rows) >= 300);
  // 50 million steps in one slice: the worker cannot answer; the bridge's watchdog replaces it.
  await page.evaluate(() => {
    const { bridge } = window.playground;
    bridge.watchdogMs = 600;
    bridge.setOptions({ speed: 5e7 });
  });
  await page.waitForSelector('.notice.error[data-key="restarted"]', { timeout: 20000 });
  const notice = await text(page, '.notice.error[data-key="restarted"] p');
  assert.match(notice, /^The training worker stopped answering for 600 ms\. A new one was started with your settings and points/);
  assert.match(notice, /press Play/);
  // The new worker has loaded the data and waits.
  await page.waitForFunction(() => !window.playground.state.awaitFresh && window.playground.bridge.points != null);
  assert.equal(await page.getByRole('button', { name: 'Play' }).count(), 1, 'the button says Play');
  assert.equal(await page.evaluate(() => window.playground.bridge.running), false, 'and the worker is not training');
  assert.equal(await counter(page, 'count-step'), 0);
  assert.equal(await page.evaluate(() => window.playground.charts.rows), 0, 'the charts start over');
  assert.ok(allDashes(await scores(page)));
  assert.equal(await page.locator('#speed').inputValue(), '0');
  await page.screenshot({ path: path.join(ARTIFACTS, 'page-restarted.png') });

  // Play trains the new worker from step 1, and the charts hold exactly its rows.
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForFunction(() => window.playground.state.steps >= 200, null, { timeout: 20000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.waitForFunction(() => !window.playground.bridge.running && document.querySelector('#play').getAttribute('aria-label') === 'Play');
  const { rows, first, steps } = await page.evaluate(() => {
    const c = window.playground.charts;
    return { rows: c.rows, first: c.store.col('step')[0], steps: window.playground.state.steps };
  });
  assert.equal(first, 1);
  assert.equal(rows, steps);
  assert.deepEqual(problems, []);
  await page.close();
});
