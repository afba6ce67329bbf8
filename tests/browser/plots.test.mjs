// The decision plot and the network diagram (web/ui/heatmap.js, web/ui/network.js) on synthetic
// data (tests/browser/fixtures/plots.html): colours where the output is known, clicks mapped
// to data coordinates (also on a HiDPI phone screen), the neuron heatmaps and their tooltip,
// big networks, and screenshots into tests/artifacts/.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { launch, strictPage } from './browser.mjs';

const ARTIFACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../artifacts');

async function open(env, problems, { viewport, deviceScaleFactor = 1 }) {
  const context = await env.browser.newContext({ viewport, deviceScaleFactor });
  const page = await strictPage(context, problems);
  await page.goto(`${env.baseUrl}tests/browser/fixtures/plots.html`);
  await page.waitForFunction(() => window.ready === true, null, { timeout: 10000 });
  return { context, page };
}

/** The plot's pixel colour at data (x1, x2), away from any drawn point. */
function pixelAt(page, x1, x2) {
  return page.evaluate(([x1, x2]) => {
    const { plot, points } = window;
    // Nudge the sample spot until no point is within 0.5 units.
    let at = [x1, x2];
    for (let k = 0; k < 200; k++) {
      const cand = [x1 + ((k % 7) - 3) * 0.3, x2 + (Math.floor(k / 7) % 7 - 3) * 0.3];
      let free = true;
      for (let i = 0; i < points.x1.length; i++) {
        if (Math.hypot(points.x1[i] - cand[0], points.x2[i] - cand[1]) < 0.5) free = false;
      }
      if (free) { at = cand; break; }
    }
    const canvas = plot.canvas;
    const rect = canvas.getBoundingClientRect();
    const p = plot.dataToClient(at[0], at[1]);
    const px = Math.round((p.x - rect.left) * canvas.width / rect.width);
    const py = Math.round((p.y - rect.top) * canvas.height / rect.height);
    // Read through a copy, so the plot's own canvas never sees a readback.
    const copy = document.createElement('canvas');
    copy.width = copy.height = 1;
    const ctx = copy.getContext('2d', { willReadFrequently: true });
    ctx.drawImage(canvas, px, py, 1, 1, 0, 0, 1, 1);
    const d = ctx.getImageData(0, 0, 1, 1).data;
    return [d[0], d[1], d[2]];
  }, [x1, x2]);
}

async function clickData(page, x1, x2, modifier) {
  const p = await page.evaluate(([a, b]) => window.plot.dataToClient(a, b), [x1, x2]);
  if (modifier) await page.keyboard.down(modifier);
  await page.mouse.click(p.x, p.y);
  if (modifier) await page.keyboard.up(modifier);
}

const blueish = ([r, g, b]) => b > r + 60 && b > g;
const orangeish = ([r, g, b]) => r > b + 60 && r > g;

test('decision plot: colours, clicks, removal and the text alternative', async (t) => {
  const env = await launch();
  t.after(() => env.close());
  const problems = [];
  const { page } = await open(env, problems, { viewport: { width: 1280, height: 800 } });

  // tanh(x1*x2/6): blue where x1*x2 > 0, orange where it is < 0.
  for (const [x1, x2] of [[4, 4], [-4, -4]]) {
    const c = await pixelAt(page, x1, x2);
    assert.ok(blueish(c), `blue at (${x1}, ${x2}): ${c}`);
  }
  for (const [x1, x2] of [[-4, 4], [4, -4]]) {
    const c = await pixelAt(page, x1, x2);
    assert.ok(orangeish(c), `orange at (${x1}, ${x2}): ${c}`);
  }
  // A sigmoid output on [0, 1] maps the same; discretized, a weak output gets the flat colour.
  const weak = await pixelAt(page, 1.5, 1.5);
  const strong = await pixelAt(page, 4, 4);
  await page.evaluate(() => {
    const n = Math.sqrt(window.grid.length);
    window.plot.setGrid(window.grid.map((v) => (v + 1) / 2), n, 6, [0, 1]);
    window.plot.setOptions({ discretize: true });
  });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
  const flatWeak = await pixelAt(page, 1.5, 1.5);
  assert.deepEqual(flatWeak, await pixelAt(page, 4, 4), 'discretized: one flat blue');
  assert.ok(strong.every((v, i) => Math.abs(v - flatWeak[i]) <= 3), `discretized blue is the map's end colour: ${strong} vs ${flatWeak}`);
  assert.ok(weak[0] > strong[0] + 40, `continuous: a weak output is paler (${weak} vs ${strong})`);
  assert.ok(orangeish(await pixelAt(page, -1.5, 1.5)));
  await page.evaluate(() => {
    window.plot.setGrid(window.grid, Math.sqrt(window.grid.length), 6, [-1, 1]);
    window.plot.setOptions({ discretize: false });
  });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));

  const canvas = await page.evaluate(() => {
    const c = window.plot.canvas;
    const r = c.getBoundingClientRect();
    return { w: c.width, h: c.height, cssW: r.width, cssH: r.height, role: c.getAttribute('role'), label: c.getAttribute('aria-label') };
  });
  assert.equal(canvas.cssW, 480, 'fills up to 480 CSS px');
  assert.equal(canvas.cssH, canvas.cssW, 'square');
  assert.equal(canvas.w, 480);
  assert.equal(canvas.role, 'img');
  assert.match(canvas.label, /Decision plot/);
  const summary = await page.evaluate(() => document.querySelector('.plot-decision .plot-visually-hidden').textContent);
  assert.match(summary, /^300 points, 2 classes/);

  // Click: class 1 at (3, 3); shift-click: class 0.
  await clickData(page, 3, 3);
  await clickData(page, -2, 1.5, 'Shift');
  const adds = await page.evaluate(() => window.calls.add);
  assert.equal(adds.length, 2);
  assert.ok(Math.abs(adds[0].x1 - 3) < 0.1 && Math.abs(adds[0].x2 - 3) < 0.1, JSON.stringify(adds[0]));
  assert.equal(adds[0].label, 1);
  assert.ok(Math.abs(adds[1].x1 + 2) < 0.1 && Math.abs(adds[1].x2 - 1.5) < 0.1, JSON.stringify(adds[1]));
  assert.equal(adds[1].label, 0);

  // Ctrl-click near a point removes that point (the callback gets its coordinates); far from
  // every point nothing happens.
  const target = await page.evaluate(() => ({ x1: window.points.x1[0], x2: window.points.x2[0] }));
  await clickData(page, target.x1 + 0.15, target.x2 - 0.1, 'Control');
  await clickData(page, 3, 3, 'Meta');
  let removes = await page.evaluate(() => window.calls.remove);
  assert.ok(removes.length >= 1);
  assert.deepEqual({ x1: removes[0].x1, x2: removes[0].x2 }, target);
  assert.equal(removes[0].index, 0);
  assert.equal(await page.evaluate(() => window.calls.add.length), 2, 'a ctrl/cmd-click adds nothing');

  // Regression: click +1, shift-click -1.
  await page.evaluate(() => {
    const p = window.points;
    const label = p.label.map((v, i) => Math.tanh(p.x1[i] * p.x2[i] / 6));
    window.plot.setPoints({ ...p, label }, 'regression');
  });
  await clickData(page, 1, -1);
  await clickData(page, 1, -1, 'Shift');
  const reg = await page.evaluate(() => window.calls.add.slice(2).map((a) => a.label));
  assert.deepEqual(reg, [1, -1]);

  // Hidden test points: not drawn and not removable.
  await page.evaluate(() => window.plot.setOptions({ showTest: false }));
  const hiddenTest = await page.evaluate(() => {
    const p = window.points;
    for (let i = 0; i < p.x1.length; i++) if (p.test[i]) return { x1: p.x1[i], x2: p.x2[i], i };
    return null;
  });
  removes = await page.evaluate(() => window.calls.remove.length);
  await clickData(page, hiddenTest.x1, hiddenTest.x2, 'Control');
  const after = await page.evaluate(() => window.calls.remove.at(-1));
  if ((await page.evaluate(() => window.calls.remove.length)) > removes) {
    assert.notEqual(after.index, hiddenTest.i, 'a hidden test point is not removed');
  }
  assert.match(await page.evaluate(() => document.querySelector('.plot-decision .plot-visually-hidden').textContent), /test points hidden/);
  assert.deepEqual(problems, []);
});

test('network diagram: neuron heatmaps, links, tooltip on hover and focus', async (t) => {
  const env = await launch();
  t.after(() => env.close());
  const problems = [];
  const { page } = await open(env, problems, { viewport: { width: 1280, height: 800 } });

  assert.equal(await page.locator('#network canvas.plot-neuron').count(), 2 + 4 + 2 + 1);
  assert.equal(await page.locator('#network path.plot-network-link').count(), 2 * 4 + 4 * 2 + 2 * 1);
  const stroke = await page.evaluate(() => [...document.querySelectorAll('.plot-network-link')].map((p) => p.getAttribute('stroke')));
  assert.ok(stroke.every((s) => s === '#0877bd' || s === '#f59322'), 'links coloured by sign');

  // The neurons show their grids: some blue and some orange pixels among the hidden ones.
  const colours = await page.evaluate(() => {
    const out = { blue: 0, orange: 0 };
    for (const c of document.querySelectorAll('.plot-neuron-hidden')) {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      for (let i = 0; i < d.length; i += 4) {
        if (d[i + 2] > d[i] + 60) out.blue += 1;
        if (d[i] > d[i + 2] + 60) out.orange += 1;
      }
    }
    return out;
  });
  assert.ok(colours.blue > 100 && colours.orange > 100, JSON.stringify(colours));

  // Hover: the enlarged heatmap next to the neuron, with its label.
  const neuron = page.locator('#network canvas.plot-neuron').nth(2 + 4 + 1);  // layer 2, neuron 2
  await neuron.hover();
  const tip = page.locator('.plot-network-tooltip');
  await tip.waitFor({ state: 'visible' });
  assert.equal(await tip.locator('.plot-network-tooltip-label').textContent(), 'layer 2, neuron 2');
  const tipBox = await tip.locator('canvas').boundingBox();
  assert.ok(tipBox.width >= 160 && tipBox.width <= 162 && tipBox.height === tipBox.width, JSON.stringify(tipBox));
  const nBox = await neuron.boundingBox();
  const tBox = await tip.boundingBox();
  assert.ok(tBox.x >= nBox.x + nBox.width || tBox.x + tBox.width <= nBox.x, 'the tooltip does not cover the neuron');
  assert.deepEqual(await page.evaluate(() => window.calls.hover), ['layer 2, neuron 2']);
  await page.screenshot({ path: path.join(ARTIFACTS, 'plots-hover-1280.png') });
  await page.mouse.move(5, 5);
  await tip.waitFor({ state: 'hidden' });

  // Keyboard: tab to the diagram, arrow keys move between neurons, the tooltip follows focus.
  await page.locator('#network canvas.plot-neuron').first().focus();
  await tip.waitFor({ state: 'visible' });
  assert.equal(await tip.locator('.plot-network-tooltip-label').textContent(), 'input x\u2081');
  await page.keyboard.press('ArrowRight');
  assert.equal(await tip.locator('.plot-network-tooltip-label').textContent(), 'layer 1, neuron 1');
  await page.keyboard.press('ArrowDown');
  assert.equal(await tip.locator('.plot-network-tooltip-label').textContent(), 'layer 1, neuron 2');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'layer 1, neuron 2');
  assert.equal(await page.locator('#network [tabindex="0"]').count(), 1, 'one tab stop (roving focus)');
  await page.keyboard.press('Escape');
  await tip.waitFor({ state: 'hidden' });
  assert.deepEqual(problems, []);
});

test('screenshots at 1280x800 and on a 390x844 HiDPI phone; big networks fit', async (t) => {
  const env = await launch();
  t.after(() => env.close());
  const problems = [];
  fs.mkdirSync(ARTIFACTS, { recursive: true });

  const wide = await open(env, problems, { viewport: { width: 1280, height: 800 } });
  await wide.page.screenshot({ path: path.join(ARTIFACTS, 'plots-1280.png') });
  await wide.context.close();

  const { page } = await open(env, problems, { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  const size = await page.evaluate(() => {
    const c = window.plot.canvas;
    return { w: c.width, css: c.getBoundingClientRect().width, page: document.documentElement.scrollWidth };
  });
  assert.ok(size.css < 390 && size.css > 300, `plot fits the phone: ${size.css}`);
  assert.equal(size.w, Math.round(size.css * 2), 'backed by device pixels');
  assert.ok(size.page <= 390, `no sideways page scroll: ${size.page}`);
  // draw() runs every frame but only repaints after a change.
  const repaints = await page.evaluate(async () => {
    const ctx = window.plot.canvas.getContext('2d');
    let count = 0;
    const clear = ctx.clearRect;
    ctx.clearRect = function (...args) { count += 1; return clear.apply(this, args); };
    const frames = (k) => new Promise((r) => { const f = () => (--k ? requestAnimationFrame(f) : r()); requestAnimationFrame(f); });
    await frames(5);
    const idle = count;
    window.plot.setOptions({ showTest: false });
    await frames(3);
    ctx.clearRect = clear;
    return { idle, changed: count - idle };
  });
  assert.deepEqual(repaints, { idle: 0, changed: 1 });
  await page.locator('#decision').scrollIntoViewIfNeeded();
  await clickData(page, 3, 3);
  const add = await page.evaluate(() => window.calls.add.at(-1));
  assert.ok(Math.abs(add.x1 - 3) < 0.1 && Math.abs(add.x2 - 3) < 0.1, JSON.stringify(add));
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(ARTIFACTS, 'plots-390.png'), fullPage: true });

  // Eight hidden layers, some of 64 neurons: the columns stay within ~360 px, the biggest layer
  // pairs are drawn as bands, the diagram scrolls sideways instead of widening the page.
  const big = await page.evaluate(async () => {
    const layers = [7, 64, 64, 8, 3, 64, 16, 2, 1, 1];
    const weights = window.makeWeights(layers);
    const features = ['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sinx1', 'sinx2'];
    window.net.setStructure({ features, layers, domain: 6 });
    const grids = new Float64Array(layers.slice(1).reduce((s, k) => s + k, 0) * 16 * 16).map((_, i) => Math.sin(i / 37));
    window.net.setNeuronGrids(grids, 16, null);
    window.net.setWeights(weights);
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const neurons = [...document.querySelectorAll('#network canvas.plot-neuron')];
    const tops = neurons.map((c) => c.getBoundingClientRect());
    const scroller = document.querySelector('.plot-network-scroll');
    return {
      neurons: neurons.length,
      links: document.querySelectorAll('.plot-network-link').length,
      bands: document.querySelectorAll('.plot-network-band').length,
      height: Math.max(...tops.map((r) => r.bottom)) - Math.min(...tops.map((r) => r.top)),
      minSize: Math.min(...tops.map((r) => r.width)),
      scrolls: scroller.scrollWidth > scroller.clientWidth,
      page: document.documentElement.scrollWidth,
    };
  });
  assert.equal(big.neurons, 7 + 64 + 64 + 8 + 3 + 64 + 16 + 2 + 1 + 1);
  assert.equal(big.bands, 2, 'the 64x64 and 64x16 pairs are bands (6331 links in all)');
  assert.ok(big.links > 0 && big.links <= 2000, `links drawn: ${big.links}`);
  assert.ok(big.height <= 370, `column height ${big.height}`);
  assert.ok(big.minSize >= 12, `neurons at least 12 px: ${big.minSize}`);
  assert.ok(big.scrolls, 'the diagram scrolls sideways');
  assert.ok(big.page <= 390, `no sideways page scroll: ${big.page}`);
  await page.locator('#network').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(ARTIFACTS, 'plots-390-big.png') });
  assert.deepEqual(problems, []);
});
