// The training charts (web/ui/charts.js) in a real browser, fed synthetic metrics batches by
// tests/browser/fixtures/charts.html: drawing, exact hover values, the log toggle, edge cases,
// layout from phone to desktop, and render cost with long histories.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { launch, strictPage } from './browser.mjs';

const ARTIFACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../artifacts');

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

async function openFixture(problems, viewport = { width: 1280, height: 1000 }) {
  const page = await strictPage(env.browser, problems);
  await page.setViewportSize(viewport);
  await page.goto(`${env.baseUrl}tests/browser/fixtures/charts.html`);
  await page.waitForFunction(() => window.results?.ready === true, null, { timeout: 20000 });
  // One more frame so the last render has happened.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return page;
}

/** Per chart: how many plot-area pixels are saturated (series colours, not grey axes/grid). */
function colouredPixels(page) {
  return page.evaluate(() => window.charts.plots.map((u) => {
    const { left, top, width, height } = u.bbox;
    // Read back from a copy: repeated getImageData on uPlot's own canvas makes Chrome warn.
    const copy = document.createElement('canvas');
    copy.width = Math.round(width);
    copy.height = Math.round(height);
    const ctx = copy.getContext('2d', { willReadFrequently: true });
    ctx.drawImage(u.ctx.canvas, Math.round(left), Math.round(top), copy.width, copy.height, 0, 0, copy.width, copy.height);
    const px = ctx.getImageData(0, 0, copy.width, copy.height).data;
    let n = 0;
    for (let i = 0; i < px.length; i += 4) {
      const r = px[i], g = px[i + 1], b = px[i + 2];
      if (px[i + 3] > 0 && Math.max(r, g, b) - Math.min(r, g, b) > 60) n += 1;
    }
    return n;
  }));
}

/** The legend of chart k as [{label, value}] (hidden band-edge rows excluded). */
function legend(page, k) {
  return page.evaluate((k) => [...document.querySelectorAll('.mc-figure')[k].querySelectorAll('.u-legend .u-series')]
    .filter((tr) => getComputedStyle(tr).display !== 'none')
    .map((tr) => ({ label: tr.querySelector('.u-label').textContent, value: tr.querySelector('.u-value').textContent })), k);
}

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

test('decimation keeps spikes', async () => {
  const problems = [];
  const page = await openFixture(problems);
  const r = await page.evaluate(() => {
    const root = document.getElementById('scratch');
    const mc = new window.MetricCharts(root, { layers: 1 });
    const h = window.makeBatch(0, 50000, 1);
    h.train_loss.fill(0.1);
    h.train_loss[31337] = 7; // one spike in 50,000 rows
    h.train_loss[12345] = 0.001; // one dip
    mc.append(h);
    mc.render();
    const y = mc.plots[0].data[1];
    const out = { points: mc.pointCount()[0], max: Math.max(...y), min: Math.min(...y) };
    mc.dispose();
    return out;
  });
  assert.ok(r.points <= 1500);
  assert.equal(r.max, 7);
  assert.equal(r.min, 0.001);
  await page.close();
  assert.deepEqual(problems, []);
});

test('incremental decimation equals a from-scratch min/max decimation of the full history', async () => {
  const problems = [];
  const page = await openFixture(problems);
  const r = await page.evaluate(() => {
    const MAXB = (window.MAX_POINTS - 2) / 2;
    // Reference: rows 0 and n-1 as they are; interior rows in buckets of 2^k rows (the smallest
    // k that needs at most MAXB buckets), each drawn as its min and max in order of occurrence.
    function reference(xs, ys, n, log) {
      const valid = log ? (v) => v > 0 && v < Infinity : (v) => v > -Infinity && v < Infinity;
      const val = (v) => (valid(v) ? v : null);
      if (n <= window.MAX_POINTS) return { x: xs.slice(0, n), y: ys.slice(0, n).map(val) };
      let w = 1;
      while (Math.ceil((n - 2) / w) > MAXB) w *= 2;
      const x = [xs[0]];
      const y = [val(ys[0])];
      for (let s = 1; s < n - 1; s += w) {
        const t = Math.min(s + w, n - 1) - 1;
        let mn = Infinity, mx = -Infinity, mi = -1, ma = -1;
        for (let i = s; i <= t; i++) {
          const v = ys[i];
          if (!valid(v)) continue;
          if (v < mn) { mn = v; mi = i; }
          if (v > mx) { mx = v; ma = i; }
        }
        x.push(xs[s]);
        if (t > s) {
          x.push(xs[t]);
          if (mi < 0) y.push(null, null);
          else if (mi <= ma) y.push(mn, mx);
          else y.push(mx, mn);
        } else y.push(mi < 0 ? null : mn);
      }
      x.push(xs[n - 1]);
      y.push(val(ys[n - 1]));
      return { x, y };
    }
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const mc = new window.MetricCharts(document.getElementById('scratch'), { layers: 2 });
    const steps = [], train = [], test = [], grad = [];
    let n = 0, checks = 0, mismatches = [];
    const check = () => {
      mc.render();
      const [loss, g] = mc.plots;
      const want = [reference(steps, train, n, mc.logLoss), reference(steps, test, n, mc.logLoss), reference(steps, grad, n, true)];
      const got = [[loss.data[0], loss.data[1]], [loss.data[0], loss.data[2]], [g.data[0], g.data[1]]];
      want.forEach((w, i) => {
        checks += 1;
        if (JSON.stringify([...got[i][0]]) !== JSON.stringify(w.x) || JSON.stringify([...got[i][1]]) !== JSON.stringify(w.y)) mismatches.push({ n, series: i });
      });
    };
    for (let b = 0; b < 60; b++) {
      const rows = 1 + Math.floor(rand() ** 3 * 6000);
      const h = window.makeBatch(n, rows, 2);
      for (let i = 0; i < rows; i++) {
        const u = rand();
        // Noise, gaps (NaN), zeros and negatives (invalid on log scales only).
        h.train_loss[i] = u < 0.02 ? NaN : u < 0.04 ? 0 : u < 0.06 ? -u : Math.exp(4 * rand() - 2);
        h.test_loss[i] = rand() < 0.5 ? NaN : rand();
        h.layers[0].grad_rms[i] = u > 0.97 ? NaN : Math.exp(10 * rand() - 5);
        steps.push(h.step[i]); train.push(h.train_loss[i]); test.push(h.test_loss[i]); grad.push(h.layers[0].grad_rms[i]);
      }
      n += rows;
      mc.append(h);
      if (b % 3 === 0 || rows > 3000) check();
      if (b === 30) { mc.setLogScale(false); check(); }
      if (b === 45) { mc.setLogScale(true); check(); }
    }
    check();
    const out = { n, checks, mismatches: mismatches.slice(0, 5), points: mc.pointCount() };
    mc.dispose();
    return out;
  });
  assert.ok(r.n > 20000, `${r.n} rows`);
  assert.deepEqual(r.mismatches, [], `${r.checks} comparisons`);
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

test('render stays cheap with long histories', async (t) => {
  const problems = [];
  const page = await openFixture(problems);
  for (const rows of [1e5, 1e6]) {
    const r = await page.evaluate((rows) => window.timeRenders(rows, 50000), rows);
    t.diagnostic(`${r.rows} rows: append ${r.append.toFixed(1)} ms in all, first render ${r.first.toFixed(2)} ms, ` +
      `render after a 200-row batch: median ${r.median.toFixed(2)} ms, max ${r.max.toFixed(2)} ms; ${r.points[0]} points per series`);
    assert.ok(r.points.every((n) => n > 500 && n <= 1500));
    // Generous bounds: headless software rendering on a shared machine.
    assert.ok(r.median < 25, `median render ${r.median} ms`);
    assert.ok(r.first < 100, `first render ${r.first} ms`);
  }
  await page.close();
  assert.deepEqual(problems, []);
});

test('a very long run keeps its whole span in bounded memory', async (t) => {
  const problems = [];
  const page = await openFixture(problems);
  const r = await page.evaluate(() => {
    const root = document.createElement('div');
    document.body.append(root);
    const c = new window.MetricCharts(root, { layers: 3 });
    const total = 3 * (1 << 18) + 12345;
    for (let start = 0; start < total; start += 20000) c.append(window.makeBatch(start, Math.min(20000, total - start), 3));
    c.render();
    const steps = c.store.col('step');
    let increasing = true;
    for (let i = 1; i < c.store.n; i++) increasing &&= steps[i] > steps[i - 1];
    const out = { total, rows: c.store.n, stride: c.stride, first: steps[0], last: steps[c.store.n - 1], increasing, points: c.pointCount() };
    c.dispose();
    root.remove();
    return out;
  });
  t.diagnostic(`${r.total} steps held as ${r.rows} rows (stride ${r.stride}), steps ${r.first}..${r.last}`);
  assert.ok(r.rows <= (1 << 18), `at most 2^18 rows (${r.rows})`);
  assert.equal(r.stride, 4);
  assert.equal(r.first, 1, 'the first step is kept');
  assert.ok(r.last > r.total - 4, `the last kept step (${r.last}) is within one stride of the end`);
  assert.ok(r.increasing);
  assert.ok(r.points.every((n) => n > 500 && n <= 1500));
  await page.close();
  assert.deepEqual(problems, []);
});
