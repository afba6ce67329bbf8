// The training charts' decimation (web/ui/charts.js) in a real browser, fed by
// tests/browser/fixtures/charts.html: spikes survive, incremental min/max buckets equal a
// from-scratch decimation, and render cost and memory stay bounded with long histories.
import test from 'node:test';
import assert from 'node:assert/strict';

import { openFixture } from './charts-fixture.mjs';

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
