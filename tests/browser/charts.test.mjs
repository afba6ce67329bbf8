// The training charts (web/ui/charts.js) in a real browser, fed synthetic metrics batches by
// tests/browser/fixtures/charts.html: drawing, exact hover values, the log toggle, edge cases,
// layout from phone to desktop (decimation and long histories: charts-decimation.test.mjs).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { ARTIFACTS, colouredPixels, legend, openFixture } from './charts-fixture.mjs';

test('draws four charts with decimated data and the full history', async () => {
  const problems = [];
  const page = await openFixture(problems);
  const info = await page.evaluate(() => ({
    rows: window.charts.rows,
    points: window.charts.pointCount(),
    max: window.MAX_POINTS,
    titles: [...document.querySelectorAll('.mc-figure figcaption')].map((f) => f.textContent),
    labels: window.charts.plots.map((u) => u.series.slice(1).map((s) => s.label)),
  }));
  assert.equal(info.rows, 50 * 200);
  assert.deepEqual(info.titles, ['Loss', 'Gradient RMS per layer', 'Step size per layer', 'Update / parameter ratio per layer']);
  for (const n of info.points) {
    assert.ok(n > 500 && n <= info.max, `decimated to ${n} points (at most ${info.max})`);
  }
  assert.deepEqual(info.labels[1], ['layer 1', 'layer 2', 'output']);
  assert.deepEqual(info.labels[3], ['layer 1', 'layer 2', 'output']);
  assert.deepEqual(info.labels[2].slice(-3), ['layer 1', 'layer 2', 'output']);
  // A layer has one colour everywhere.
  const layerStrokes = (await page.evaluate(() => window.charts.plots.map((u) => u.series.map((s, i) => (i ? s.stroke(u, i) : null)))));
  assert.deepEqual(layerStrokes[1].slice(1), layerStrokes[3].slice(1));
  assert.deepEqual(layerStrokes[2].slice(-3), layerStrokes[1].slice(1));
  const drawn = await colouredPixels(page);
  for (const [k, n] of drawn.entries()) assert.ok(n > 500, `chart ${k} has drawn lines (${n} coloured pixels)`);
  // The first and last rows are drawn as they are.
  const ends = await page.evaluate(() => {
    const u = window.charts.plots[0];
    return { x0: u.data[0][0], x1: u.data[0].at(-1), y0: u.data[1][0], y1: u.data[1].at(-1), f0: window.fx.train(1), f1: window.fx.train(10000) };
  });
  assert.deepEqual([ends.x0, ends.x1], [1, 10000]);
  assert.equal(ends.y0, ends.f0);
  assert.equal(ends.y1, ends.f1);

  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, 'charts.png'), fullPage: true });
  await page.close();
  assert.deepEqual(problems, []);
});

test('hovering shows the exact values of the hovered step from the full history', async () => {
  const problems = [];
  const page = await openFixture(problems);
  const over = await page.evaluate(() => {
    const r = window.charts.plots[0].over.getBoundingClientRect();
    return { left: r.left, top: r.top, width: r.width, height: r.height };
  });
  let offDrawn = 0;
  let previous = null;
  for (const f of [0.13, 0.37, 0.5, 0.61, 0.88]) {
    await page.mouse.move(over.left + f * over.width, over.top + over.height / 2);
    await page.waitForFunction((prev) => {
      const v = document.querySelector('.mc-figure .u-legend .u-series .u-value').textContent;
      return v !== prev && v !== '10,000';
    }, previous);
    const rows = await legend(page, 0);
    assert.equal(rows[0].label, 'step');
    const step = Number(rows[0].value.replace(/,/g, ''));
    previous = rows[0].value;
    const expect = await page.evaluate((step) => {
      const u = window.charts.plots[0];
      return {
        cursorStep: u.posToVal(u.cursor.left, 'x'),
        train: window.formatValue(window.fx.train(step)),
        test: window.formatValue(window.fx.test(step)),
        grad: window.formatValue(window.fx.grad(step, 0)),
        drawn: Array.prototype.includes.call(u.data[0], step),
      };
    }, step);
    assert.ok(Math.abs(step - expect.cursorStep) <= 0.5, `the legend shows the step under the cursor (${step} vs ${expect.cursorStep})`);
    assert.deepEqual(rows.slice(1), [{ label: 'train', value: expect.train }, { label: 'test', value: expect.test }]);
    // The other charts follow the cursor, with their own exact values.
    const grad = await legend(page, 1);
    assert.equal(grad[0].value, rows[0].value);
    assert.deepEqual(grad[1], { label: 'layer 1', value: expect.grad });
    if (!expect.drawn) offDrawn += 1;
  }
  assert.ok(offDrawn > 0, 'some hovered steps are not drawn points, yet their values are exact');
  // Away from the chart, the legend shows the latest step.
  await page.mouse.move(2, 2);
  await page.waitForFunction(() => document.querySelector('.mc-figure .u-legend .u-series .u-value').textContent === '10,000');
  const latest = await legend(page, 0);
  assert.equal(latest[1].value, await page.evaluate(() => window.formatValue(window.fx.train(10000))));
  await page.close();
  assert.deepEqual(problems, []);
});

test('the loss chart toggles between log and linear scales; legend toggles a layer and its band', async () => {
  const problems = [];
  const page = await openFixture(problems);
  assert.equal(await page.evaluate(() => window.charts.plots[0].scales.y.distr), 3);
  await page.click('.mc-toggle input');
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const lin = await page.evaluate(() => ({
    distr: window.charts.plots[0].scales.y.distr,
    checked: document.querySelector('.mc-toggle input').checked,
    points: window.charts.pointCount()[0],
    min: window.charts.plots[0].scales.y.min,
  }));
  assert.deepEqual([lin.distr, lin.checked], [1, false]);
  assert.ok(lin.points > 500);
  assert.ok(lin.min <= 0.05, `linear scale range starts low (${lin.min})`);
  assert.ok((await colouredPixels(page))[0] > 500, 'linear loss chart drawn');
  await page.evaluate(() => { window.charts.setLogScale(true); window.charts.render(); });
  assert.deepEqual(await page.evaluate(() => [window.charts.plots[0].scales.y.distr, document.querySelector('.mc-toggle input').checked]), [3, true]);
  assert.ok((await colouredPixels(page))[0] > 500, 'log loss chart drawn again');

  // Clicking "layer 1" in the step-size legend hides its median and both band edges.
  const shown = () => page.evaluate(() => window.charts.plots[2].series.slice(1).map((s) => s.show));
  const label = page.locator('.mc-figure[data-chart="step"] .u-legend .u-series:not(.mc-edge) th').filter({ hasText: 'layer 1' });
  await label.click();
  // series: p90/p10 of layers 1..3, then medians of layers 1..3
  assert.deepEqual(await shown(), [false, false, true, true, true, true, false, true, true]);
  await label.click();
  assert.deepEqual(await shown(), [true, true, true, true, true, true, true, true, true]);
  await page.close();
  assert.deepEqual(problems, []);
});

test('no errors or warnings with 0 rows, 1 row, missing test loss, extreme values and layer changes', async () => {
  const problems = [];
  const page = await openFixture(problems);
  const r = await page.evaluate(async () => {
    const frame = () => new Promise((res) => requestAnimationFrame(() => res()));
    const root = document.getElementById('scratch');
    const out = {};
    const mc = new window.MetricCharts(root, { layers: 2 });
    mc.render();
    await frame();
    out.empty = mc.pointCount();
    out.emptyLegend = root.querySelector('.u-legend .u-value').textContent;
    mc.setLogScale(false);
    mc.render();
    mc.setLogScale(true);
    mc.render();
    await frame();
    mc.append(window.makeBatch(0, 1, 2, { testNaN: true }));
    mc.render();
    await frame();
    out.one = mc.pointCount();
    mc.append(window.makeBatch(1, 3000, 2, { testNaN: true }));
    mc.render();
    await frame();
    out.noTest = mc.plots[0].data[2].every((v) => v === null);
    // Zeros, negatives, infinities, NaN and far-out magnitudes on log charts.
    const h = window.makeBatch(3001, 50, 2);
    const weird = [0, -1, Infinity, -Infinity, NaN, 1e-300, 1e300, 1e-40, 5e-324];
    for (let i = 0; i < 50; i++) {
      h.train_loss[i] = weird[i % weird.length];
      h.layers[0].grad_rms[i] = weird[(i + 1) % weird.length];
      h.layers[1].update_ratio[i] = weird[(i + 2) % weird.length];
      h.layers[0].step_p10[i] = weird[(i + 3) % weird.length];
    }
    mc.append(h);
    mc.render();
    await frame();
    mc.setLogScale(false);
    mc.render();
    await frame();
    // The network grows: the charts start over with 9 layers.
    mc.append(window.makeBatch(0, 10, 9));
    mc.render();
    await frame();
    out.nine = { rows: mc.rows, points: mc.pointCount(), labels: mc.plots[1].series.slice(1).map((s) => s.label) };
    // A new run without reset (steps start again): the history starts over.
    mc.append(window.makeBatch(0, 5, 9));
    mc.render();
    out.restart = mc.rows;
    mc.reset(1);
    mc.render();
    await frame();
    out.reset = { rows: mc.rows, points: mc.pointCount(), labels: mc.plots[3].series.slice(1).map((s) => s.label), figures: root.querySelectorAll('.mc-figure').length };
    mc.append(window.makeBatch(0, 2, 1));
    mc.render();
    await frame();
    out.two = mc.pointCount();
    // No per-layer figures at all (a batch without `layers`), then a network with no layers.
    const bare = window.makeBatch(2, 3, 1);
    delete bare.layers;
    mc.append(bare);
    mc.render();
    mc.reset(0);
    mc.append(window.makeBatch(0, 3, 0));
    mc.render();
    await frame();
    out.zero = mc.pointCount();
    mc.dispose();
    out.disposed = root.children.length;
    mc.render();
    mc.append(window.makeBatch(2, 2, 1));
    return out;
  });
  assert.deepEqual(r.empty, [0, 0, 0, 0]);
  assert.equal(r.emptyLegend, '–');
  assert.deepEqual(r.one, [1, 1, 1, 1]);
  assert.equal(r.noTest, true);
  assert.equal(r.nine.rows, 10);
  assert.deepEqual(r.nine.points, [10, 10, 10, 10]);
  assert.deepEqual(r.nine.labels, ['layer 1', 'layer 2', 'layer 3', 'layer 4', 'layer 5', 'layer 6', 'layer 7', 'layer 8', 'output']);
  assert.equal(r.restart, 5);
  assert.deepEqual(r.reset, { rows: 0, points: [0, 0, 0, 0], labels: ['output'], figures: 4 });
  assert.deepEqual(r.two, [2, 2, 2, 2]);
  assert.deepEqual(r.zero, [3, 3, 3, 3]);
  assert.equal(r.disposed, 0);
  await page.evaluate(() => new Promise((res) => setTimeout(res, 100)));
  await page.close();
  assert.deepEqual(problems, []);
});

test('fits a 390 px phone and a 1280 px desktop', async () => {
  const problems = [];
  const page = await openFixture(problems, { width: 390, height: 900 });
  const phone = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    charts: window.charts.plots.map((u) => u.root.getBoundingClientRect().right),
    figures: [...document.querySelectorAll('.mc-figure')].map((f) => f.getBoundingClientRect().right),
    widths: window.charts.plots.map((u) => u.width),
    heights: window.charts.plots.map((u) => u.height),
  }));
  assert.ok(phone.scroll <= 390, `no sideways scrolling on a phone (${phone.scroll})`);
  for (const [k, right] of phone.charts.entries()) assert.ok(right <= phone.figures[k], `chart ${k} inside its figure`);
  assert.ok(phone.widths.every((w) => w >= 300), `charts use the width: ${phone.widths}`);
  assert.deepEqual(phone.heights, [180, 180, 180, 180]);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, 'charts-390.png'), fullPage: true });

  // Widening the window re-fits the charts (ResizeObserver), two per row.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.waitForFunction(() => window.charts.plots[0].width > 500);
  const desk = await page.evaluate(() => ({
    widths: window.charts.plots.map((u) => u.width),
    tops: [...document.querySelectorAll('.mc-figure')].map((f) => Math.round(f.getBoundingClientRect().top)),
  }));
  assert.ok(desk.widths.every((w) => w > 500 && w < 640), `two columns: ${desk.widths}`);
  assert.equal(desk.tops[0], desk.tops[1]);
  assert.ok((await colouredPixels(page)).every((n) => n > 500));
  await page.close();
  assert.deepEqual(problems, []);
});
