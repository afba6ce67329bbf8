// The playground's controls in headless Chromium: what a click on the output plot does (for
// touch screens and keyboards), CSV data and the share link, keyboard focus, notices, and the
// small things: the data seed, the neuron buttons, the Loss menu, the colour legend.
import test from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { launch } from './browser.mjs';
import { ARTIFACTS, DIST, frames, openPlayground, text } from './playground.mjs';

let env;
test.before(async () => { env = await launch({ root: DIST }); });
test.after(async () => { await env?.close(); });

const open = (hash, size) => openPlayground(env, hash, size);
const lastUserPoint = (page) => page.evaluate(() => {
  const p = window.playground.bridge.points;
  for (let i = p.x1.length - 1; i >= 0; i--) if (p.user[i]) return { count: p.x1.length, label: p.label[i] };
  return { count: p.x1.length, label: null };
});

test('without modifier keys (a phone): choose what a tap does, from the keyboard too', async () => {
  const { page, problems } = await open('', { width: 390, height: 844 });
  const canvas = page.locator('#decision canvas').first();
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  const spot = { x: box.width * 0.8, y: box.height * 0.2 };
  const before = (await lastUserPoint(page)).count;
  // The default is the plain click: class 1.
  assert.equal(await page.getByRole('radio', { name: 'adds class 1' }).isChecked(), true);
  await canvas.click({ position: spot });
  await page.waitForFunction((n) => window.playground.bridge.points.x1.length === n + 1, before);
  assert.equal((await lastUserPoint(page)).label, 1);
  // Arrow keys move through the choices.
  await page.getByRole('radio', { name: 'adds class 1' }).focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getByRole('radio', { name: 'adds class 0' }).isChecked(), true);
  await canvas.click({ position: { x: spot.x - 30, y: spot.y } });
  await page.waitForFunction((n) => window.playground.bridge.points.x1.length === n + 2, before);
  assert.equal((await lastUserPoint(page)).label, 0);
  await page.locator('.click-mode').screenshot({ path: path.join(ARTIFACTS, 'click-mode.png') });
  // Remove: a tap takes away the nearest point.
  await page.getByRole('radio', { name: 'adds class 0' }).focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getByRole('radio', { name: 'removes a point' }).isChecked(), true);
  await canvas.click({ position: { x: spot.x - 30, y: spot.y } });
  await page.waitForFunction((n) => window.playground.bridge.points.x1.length === n + 1, before);
  await canvas.click({ position: spot });
  await page.waitForFunction((n) => window.playground.bridge.points.x1.length === n, before);
  assert.doesNotMatch(page.url(), /pts=/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('regression: a tap adds the value chosen beside the plot', async () => {
  const { page, problems } = await open('#problem=regression');
  const value = page.getByLabel('Value of an added point (−1 to 1)');
  await value.fill('-0.5');
  await value.press('Enter');
  const canvas = page.locator('#decision canvas').first();
  const box = await canvas.boundingBox();
  const before = (await lastUserPoint(page)).count;
  await canvas.click({ position: { x: box.width * 0.3, y: box.height * 0.3 } });
  await page.waitForFunction((n) => window.playground.bridge.points.x1.length === n + 1, before);
  assert.equal((await lastUserPoint(page)).label, -0.5);
  await value.fill('7');
  await value.press('Enter');
  assert.equal(await value.inputValue(), '1', 'clamped to the range');
  assert.deepEqual(problems, []);
  await page.close();
});

test('CSV data cannot ride in the link: a notice says so on upload and on Share', async () => {
  const { page, problems } = await open();
  const rows = ['x1,x2,label', '1,1,1', '-1,-1,0', '0.5,0.5,1', '-2,1,0', '2,-1,1'];
  await page.setInputFiles('#csv-input', { name: 'points.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
  await page.waitForFunction(() => window.playground.bridge.points.x1.length === 5, null, { timeout: 10000 });
  assert.match(await text(page, '#notices'), /points\.csv: 5 points loaded.*share link cannot carry uploaded points/s);
  assert.doesNotMatch(page.url(), /pts=/);
  await page.getByRole('button', { name: 'Share link' }).click();
  await page.waitForSelector('.notice[data-key="share"]');
  assert.match(await text(page, '.notice[data-key="share"]'), /cannot carry your uploaded points \(5 from a CSV file\): it opens with the generated circle data/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('"Upload CSV…" shows a focus ring when its file input has keyboard focus', async () => {
  const { page, problems } = await open();
  await page.getByRole('button', { name: 'Regenerate' }).focus();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'csv-input');
  const outline = await page.$eval('label[for="csv-input"]', (l) => getComputedStyle(l).outlineStyle);
  assert.equal(outline, 'solid');
  await page.locator('#data-controls .row').first().screenshot({ path: path.join(ARTIFACTS, 'upload-focus.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

test('several notices: "Dismiss all" closes them at once', async () => {
  const { page, problems } = await open('#lr=abc&alpha=5&n=NaN');
  assert.ok((await page.$$('.notice')).length >= 3);
  await page.getByRole('button', { name: 'Dismiss all' }).click();
  assert.equal((await page.$$('.notice')).length, 0);
  assert.equal(await page.getByRole('button', { name: 'Dismiss all' }).count(), 0);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the data panel shows the data seed; Regenerate moves it on', async () => {
  const { page, problems } = await open('#dataSeed=42');
  assert.equal(await text(page, '#data-seed'), 'data seed 42');
  await page.getByRole('button', { name: 'Regenerate' }).click();
  await page.waitForFunction(() => document.querySelector('#data-seed').textContent === 'data seed 43');
  assert.match(page.url(), /dataSeed=43/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('8 hidden layers: each layer\'s − and + stay beside its label', async () => {
  for (const width of [390, 1000, 1280]) {
    const { page, problems } = await open('#hidden=8,8,8,8,8,8,8,8', { width, height: 900 });
    const rows = await page.evaluate(() => Array.from({ length: 8 }, (_, i) => {
      const top = (name) => Math.round(document.querySelector(`[aria-label="${name} neurons in layer ${i + 1}"]`).getBoundingClientRect().top);
      return [top('Fewer'), top('More')];
    }));
    for (const [i, [minus, plus]] of rows.entries()) assert.equal(minus, plus, `${width}px: layer ${i + 1}'s buttons on one line`);
    if (width === 390) await page.locator('#network-controls').screenshot({ path: path.join(ARTIFACTS, 'neuron-buttons-390.png') });
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test('the selects show their whole choice at 390 px (Loss, Initialisation, ...)', async () => {
  for (const hash of ['', '#embed=1&hide=data', '#loss=bce']) {
    const { page, problems } = await open(hash, { width: 390, height: 844 });
    const clipped = await page.evaluate(() => {
      const ctx = document.createElement('canvas').getContext('2d');
      return [...document.querySelectorAll('.workspace select, .optimizer select')].filter((s) => s.offsetParent).flatMap((s) => {
        ctx.font = getComputedStyle(s).font;
        const need = ctx.measureText(s.selectedOptions[0].textContent).width + 28;  // padding and the arrow
        return need > s.clientWidth ? [`${s.name}: "${s.selectedOptions[0].textContent}" needs ${need.toFixed(0)} px, has ${s.clientWidth}`] : [];
      });
    });
    assert.deepEqual(clipped, [], hash);
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test('the output plot has a colour legend that follows the output range and discretize', async () => {
  const { page, problems } = await open();
  const labels = () => page.$$eval('.scale-bar-labels span', (s) => s.map((e) => e.textContent));
  assert.deepEqual(await labels(), ['−1 · class 0', '0', 'class 1 · +1']);
  assert.match(await page.$eval('.scale-bar', (e) => e.getAttribute('aria-label')), /orange for −1 \(class 0\), white for 0, blue for \+1/);
  const ends = () => page.$eval('.scale-bar-canvas', (c) => {
    const d = c.getContext('2d').getImageData(0, 0, 256, 1).data;
    return [[...d.slice(0, 3)], [...d.slice(128 * 4 - 4, 128 * 4 - 1)], [...d.slice(255 * 4, 255 * 4 + 3)]];
  });
  const [lo, , hi] = await ends();
  assert.ok(lo[0] > lo[2] && hi[2] > hi[0], `orange to blue: ${lo} .. ${hi}`);
  await page.getByRole('checkbox', { name: 'discretize output' }).check();
  await page.waitForFunction(() => document.querySelector('.scale-bar-labels span:nth-child(2)').textContent === 'boundary 0');
  await page.locator('select[name="output"]').selectOption('sigmoid');
  await page.waitForFunction(() => document.querySelector('.scale-bar-labels span').textContent === '0 · class 0');
  assert.deepEqual(await labels(), ['0 · class 0', 'boundary 0.5', 'class 1 · 1']);
  await frames(page);
  await page.locator('.output').screenshot({ path: path.join(ARTIFACTS, 'output-legend.png') });
  assert.deepEqual(problems, []);
  await page.close();
});
