// The tutorial (tutorial.html) and its figures (figure.html, <rmsprop-figure>) in headless
// Chromium, served from dist/ exactly as `npm start` serves it: the formulas render, every figure
// computes in its worker and draws, every figure answers its control, the surface figure plays,
// a figure works in another page with one tag, and a hostile figure link shows notices and runs
// nothing. Screenshots go to tests/artifacts/tutorial-*.png (git-ignored).
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { launch, strictPage } from './browser.mjs';
import { ROOT } from '../wasm/helpers.mjs';

const ARTIFACTS = path.join(ROOT, 'tests/artifacts');
mkdirSync(ARTIFACTS, { recursive: true });
const FIGURE_WAIT = { timeout: 60000 };

let env;
test.before(async () => { env = await launch({ root: path.join(ROOT, 'dist') }); });
test.after(async () => { await env?.close(); });

/** The tutorial, scrolled through so that every lazy frame has loaded; returns the page. */
async function openTutorial(problems, { width = 1280 } = {}) {
  const page = await strictPage(env.browser, problems);
  await page.setViewportSize({ width, height: 900 });
  await page.goto(`${env.baseUrl}tutorial.html`);
  await page.waitForSelector('html[data-math="ready"]');
  for (const handle of await page.$$('rmsprop-figure, rmsprop-surface')) await handle.scrollIntoViewIfNeeded();
  return page;
}

/** The Frame of every <rmsprop-figure> on the page, each ready (its first result drawn). */
async function readyFigures(page) {
  const frames = [];
  for (const handle of await page.$$('rmsprop-figure iframe')) {
    const frame = await handle.contentFrame();
    await frame.waitForSelector('main[data-status="ready"]', FIGURE_WAIT);
    frames.push(frame);
  }
  return frames;
}

/** Drawn (non-null) points per chart of a figure frame. */
const drawn = (frame) => frame.evaluate(() => Object.fromEntries(
  Object.entries(window.figure.plots).map(([id, p]) => [id, p.u.series.slice(1).map((_, i) => p.drawnPoints(i + 1))]),
));

test('tutorial: every formula renders and every figure computes and draws, without console errors', async () => {
  const problems = [];
  const page = await openTutorial(problems);
  const math = await page.evaluate(() => ({
    formulas: document.querySelectorAll('.math[data-tex]').length,
    rendered: document.querySelectorAll('.math[data-tex] > .katex, .math[data-tex] > .katex-display').length,
    errors: document.querySelectorAll('.katex-error').length,
  }));
  assert.ok(math.formulas >= 15, `${math.formulas} formulas`);
  assert.deepEqual(math, { formulas: math.formulas, rendered: math.formulas, errors: 0 });

  const frames = await readyFigures(page);
  assert.equal(frames.length, 9, 'nine figures in the tutorial');
  for (const frame of frames) {
    const fig = await frame.evaluate(() => window.figure.state.fig);
    for (const [chart, counts] of Object.entries(await drawn(frame))) {
      assert.ok(counts.every((n) => n > 0), `${fig}/${chart}: a series drew nothing (${counts})`);
    }
    const readout = await frame.locator('.fg-readout').innerText();
    assert.match(readout, /\d/, `${fig}: the readout states numbers`);
  }
  // Frames take their figure's height (no inner scrolling, no big gap).
  const fits = await page.$$eval('rmsprop-figure iframe', (list) => list.map((f) => [f.clientHeight, Math.ceil(f.contentDocument.documentElement.getBoundingClientRect().height)]));
  for (const [frameHeight, docHeight] of fits) assert.ok(Math.abs(frameHeight - docHeight) <= 2, `frame ${frameHeight}px for a ${docHeight}px figure`);

  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(ARTIFACTS, 'tutorial-top.png') });
  await page.locator('#not-vanishing').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(ARTIFACTS, 'tutorial-vanishing.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

test('tutorial: every figure answers its control with new numbers', async () => {
  const problems = [];
  const page = await openTutorial(problems);
  for (const frame of await readyFigures(page)) {
    const fig = await frame.evaluate(() => window.figure.state.fig);
    const before = { readout: await frame.locator('.fg-readout').innerText(), runs: Number(await frame.getAttribute('main', 'data-runs')) };
    const select = frame.locator('.fg-controls select').first();
    const options = await select.locator('option').evaluateAll((list) => list.map((o) => o.value));
    const current = await select.inputValue();
    await select.selectOption(options.find((v) => v !== current));
    await frame.waitForSelector(`main[data-status="ready"][data-runs="${before.runs + 1}"]`, FIGURE_WAIT);
    const after = await frame.locator('.fg-readout').innerText();
    assert.notEqual(after, before.readout, `${fig}: the readout did not change`);
    assert.match(frame.url(), new RegExp(`#fig=${fig}&`), `${fig}: the figure's link holds the new setting`);
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test('tutorial: the loss-surface figure plays', async () => {
  const problems = [];
  const page = await openTutorial(problems);
  const frame = await (await page.$('rmsprop-surface iframe')).contentFrame();
  await frame.waitForSelector('#play');
  await frame.click('#play');
  await frame.waitForFunction(() => Number(document.getElementById('count-step').textContent.replace(/,/g, '')) >= 20, null, FIGURE_WAIT);
  await frame.click('#play');
  assert.deepEqual(problems, []);
  await page.close();
});

test('tutorial on a 390 px phone: no horizontal overflow, figures draw', async () => {
  const problems = [];
  const page = await openTutorial(problems, { width: 390 });
  const frames = await readyFigures(page);
  assert.equal(frames.length, 9);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
  for (const frame of frames) {
    const inner = await frame.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(inner <= 0, `${await frame.evaluate(() => window.figure.state.fig)} scrolls sideways by ${inner}px`);
  }
  await page.locator('#alpha').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(ARTIFACTS, 'tutorial-phone.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

test('a figure in someone else\'s page with one tag: settings from attributes, height followed', async () => {
  const local = await launch();  // the repository root: the fixture and the element side by side
  try {
    const problems = [];
    const page = await strictPage(local.browser, problems);
    await page.setViewportSize({ width: 900, height: 900 });
    await page.goto(`${local.baseUrl}tests/browser/fixtures/figure-embed.html`);
    const frame = await (await page.waitForSelector('rmsprop-figure iframe')).contentFrame();
    await frame.waitForSelector('main[data-status="ready"]', FIGURE_WAIT);
    const state = await frame.evaluate(() => window.figure.state);
    assert.equal(state.fig, 'alpha');
    assert.deepEqual([state.params.alpha, state.params.compare, state.embed, state.hide], [0.99, 0.5, true, ['explain']]);
    assert.equal(await frame.locator('.fg-explain').isHidden(), true);
    assert.equal(await frame.locator('.masthead').isHidden(), true, 'embed mode: no page header');
    await page.waitForFunction(() => {
      const f = document.querySelector('rmsprop-figure iframe');
      return Math.abs(f.clientHeight - f.contentDocument.documentElement.getBoundingClientRect().height) <= 2;
    });
    await page.screenshot({ path: path.join(ARTIFACTS, 'tutorial-figure-embed.png'), fullPage: true });
    assert.deepEqual(problems, []);
  } finally {
    await local.close();
  }
});

test('a hostile figure link shows the defaults and notices, and runs nothing', async () => {
  const problems = [];
  const page = await strictPage(env.browser, problems);
  await page.addInitScript(() => { window.pwned = false; });
  const hash = '#fig=alpha&alpha=%3Cimg%20src%3Dx%20onerror%3D%22window.pwned%3Dtrue%22%3E&compare=1e999&noise=NaN&hide=%3Cscript%3Ewindow.pwned%3Dtrue%3C%2Fscript%3E';
  await page.goto(`${env.baseUrl}figure.html${hash}`);
  await page.waitForSelector('main[data-status="ready"]', FIGURE_WAIT);
  const notices = await page.locator('#notices .notice').allInnerTexts();
  assert.equal(notices.length, 4, JSON.stringify(notices));
  assert.ok(notices[0].includes('alpha: "<img src=x onerror='), notices[0]);
  assert.equal(await page.evaluate(() => window.pwned), false);
  assert.equal(await page.locator('#notices img, #notices script').count(), 0);
  assert.deepEqual(await page.evaluate(() => window.figure.state.params), { alpha: 0.9, compare: 0.99, noise: 0.3 });
  assert.deepEqual(problems, []);
  await page.close();
});

test('the playground links to the comparison, loss-surface and tutorial pages', async () => {
  const problems = [];
  const page = await strictPage(env.browser, problems);
  for (const [name, file, ready] of [
    ['Compare optimizers', 'compare.html', 'h1'],
    ['Loss surfaces', 'surface.html', '#play'],
    ['Understanding RMSProp', 'tutorial.html', 'html[data-math="ready"]'],
  ]) {
    await page.goto(`${env.baseUrl}index.html`);
    await page.getByRole('navigation', { name: 'Modes' }).getByRole('link', { name }).click();
    await page.waitForURL(`**/${file}`);
    await page.waitForSelector(ready);
  }
  assert.deepEqual(problems, []);
  await page.close();
});
