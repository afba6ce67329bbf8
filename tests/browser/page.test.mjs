// The playground page in headless Chromium, served from dist/ exactly as `npm start` serves it.
// Screenshots of the main states go to tests/artifacts/ (git-ignored).
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { launch, strictPage } from './browser.mjs';
import { ROOT } from '../wasm/helpers.mjs';

const ARTIFACTS = path.join(ROOT, 'tests/artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

let env;
test.before(async () => { env = await launch({ root: path.join(ROOT, 'dist') }); });
test.after(async () => { await env?.close(); });

async function open(hash = '', { width = 1280, height = 800 } = {}) {
  const problems = [];
  const page = await strictPage(env.browser, problems);
  await page.setViewportSize({ width, height });
  await page.goto(`${env.baseUrl}${hash}`);
  // Ready when the first metrics batch (with a grid) has arrived from the worker.
  await page.waitForFunction(() => window.playground?.state.lastRow !== undefined && document.querySelector('#decision canvas'), null, { timeout: 20000 });
  await page.waitForFunction(() => window.playground.bridge.points !== null, null, { timeout: 20000 });
  return { page, problems };
}

const counter = (page, id) => page.$eval(`#${id}`, (e) => Number(e.textContent.replace(/,/g, '')) || 0);

test('the page loads with a Play button and no console errors', async () => {
  const { page, problems } = await open();
  assert.equal(await page.title(), 'RMSProp playground');
  const play = page.getByRole('button', { name: 'Play' });
  assert.equal(await play.count(), 1);
  assert.equal(await counter(page, 'count-step'), 0);
  await page.screenshot({ path: path.join(ARTIFACTS, 'page-initial.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('the page starts one training worker, before its script loads, and trains with it', async () => {
  const problems = [];
  const page = await strictPage(env.browser, problems);
  await page.addInitScript(() => {
    window.workersMade = [];
    const Native = window.Worker;
    window.Worker = class extends Native {
      constructor(url, options) {
        super(url, options);
        window.workersMade.push({ url: String(url), scriptsSeen: document.scripts.length });
      }
    };
  });
  await page.goto(env.baseUrl);
  await page.waitForFunction(() => window.playground?.bridge.points, null, { timeout: 20000 });
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForFunction(() => window.playground.state.steps > 0, null, { timeout: 20000 });
  const made = await page.evaluate(() => window.workersMade);
  assert.equal(made.length, 1, `one worker: ${JSON.stringify(made)}`);
  assert.match(made[0].url, /web\/engine\/worker\.js$/);
  const scripts = await page.evaluate(() => document.scripts.length);
  assert.ok(made[0].scriptsSeen < scripts, `made by the inline script, before web/app.js: ${made[0].scriptsSeen} of ${scripts} scripts`);
  assert.equal(await page.evaluate(() => 'rmspropEarlyWorker' in window), false, 'handed over to the bridge');
  assert.deepEqual(problems, []);
  await page.close();
});

test('every control has a name and Tab reaches each one; Space on Play trains', async () => {
  const { page, problems } = await open();
  // Every chart built (they are built when scrolled near), so their legend buttons count too.
  await page.evaluate(() => window.playground.charts.plots);
  const controls = await page.$$eval('input, select, button, textarea, [tabindex], [role="button"]', (els) => els
    .filter((e) => !e.closest('[hidden]') && e.getClientRects().length > 0 && e.tabIndex >= 0 && !e.disabled)
    .map((e) => {
      const labelled = e.getAttribute('aria-labelledby')?.split(/\s+/).map((id) => document.getElementById(id)?.textContent.trim()).join(' ');
      const name = e.getAttribute('aria-label') || labelled || [...(e.labels ?? [])].map((l) => l.textContent.trim()).join(' ')
        || e.textContent.trim() || e.getAttribute('title') || '';
      return { html: e.outerHTML.slice(0, 90), name };
    }));
  assert.ok(controls.length > 40, `${controls.length} controls`);
  assert.deepEqual(controls.filter((c) => !c.name).map((c) => c.html), [], 'every control has an accessible name');
  // Tab from the top, once round the page (until focus comes back to the first element),
  // visits every control (of a radio group, the checked one: arrows move within a group).
  await page.locator('body').focus();
  const seen = [];
  for (let i = 0; i < 4 * controls.length; i++) {
    await page.keyboard.press('Tab');
    const key = await page.evaluate(() => {
      const e = document.activeElement;
      if (!e || e === document.body) return null;
      e.dataset.tabSeen ??= String(document.querySelectorAll('[data-tab-seen]').length);
      return e.dataset.tabSeen;
    });
    if (key !== null && key === seen[0]) break;
    if (key !== null) seen.push(key);
  }
  const missed = await page.$$eval('input, select, button, textarea, [tabindex], [role="button"]', (els) => els
    .filter((e) => !e.closest('[hidden]') && e.getClientRects().length > 0 && e.tabIndex >= 0 && !e.disabled)
    .filter((e) => e.type !== 'radio' || e.checked)
    .filter((e) => !e.dataset.tabSeen)
    .map((e) => e.outerHTML.slice(0, 90)));
  assert.deepEqual(missed, [], 'Tab reaches every control');
  await page.locator('#play').focus();
  await page.keyboard.press('Space');
  await page.waitForFunction(() => window.playground.state.steps >= 5, null, { timeout: 20000 });
  assert.equal(await page.getByRole('button', { name: 'Pause' }).count(), 1);
  assert.deepEqual(problems, []);
  await page.close();
});

test('play trains: the step counter rises, the loss falls, every chart draws', async () => {
  const { page, problems } = await open();
  const emptyNotes = () => page.$$eval('#charts .mc-empty', (ps) => ps.filter((p) => !p.hidden).length);
  assert.equal(await emptyNotes(), 4, 'before the first step each chart says how to start');
  await page.getByRole('button', { name: 'Play' }).click();
  assert.equal(await page.getByRole('button', { name: 'Pause' }).count(), 1, 'the button now says Pause');
  await page.waitForFunction(() => window.playground.state.steps >= 1500, null, { timeout: 30000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  const { first, last, points } = await page.evaluate(() => {
    const { state, charts } = window.playground;
    return { first: state.firstLoss, last: state.lastRow.train_loss, points: charts.pointCount() };
  });
  assert.ok(await counter(page, 'count-step') >= 1500);
  assert.ok(last < 0.5 * first, `training loss fell from ${first} to ${last}`);
  for (const [i, n] of points.entries()) assert.ok(n > 10, `chart ${i} has drawn points (${n})`);
  assert.equal(await emptyNotes(), 0, 'with curves drawn, the notes are gone');
  await page.screenshot({ path: path.join(ARTIFACTS, 'page-trained.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('a live lr change takes effect without a reset', async () => {
  const { page, problems } = await open();
  await page.getByRole('button', { name: 'Step' }).click();
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForFunction(() => window.playground.state.steps >= 200, null, { timeout: 20000 });
  const before = await counter(page, 'count-step');
  const box = page.getByLabel('Learning rate (lr) (exact value)');
  await box.fill('0.003');
  await box.press('Enter');
  await page.waitForFunction(() => window.playground.bridge.config.optimizer.lr === 0.003);
  // The worker applies the change between two slices of steps; a slice already under way when
  // it arrived still reports lr 0.01. Wait for rows trained with the new lr (the lr column).
  await page.waitForFunction(() => window.playground.state.lastLr === 0.003, null, { timeout: 20000 });
  await page.waitForFunction((b) => window.playground.state.steps > b + 200, before, { timeout: 20000 });
  assert.equal(await page.evaluate(() => window.playground.state.lastLr), 0.003, 'the engine trains with the new lr');
  assert.ok(await counter(page, 'count-step') > before, 'steps kept counting from where they were');
  assert.match(page.url(), /lr=0\.003/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a link with settings reproduces them', async () => {
  const { page, problems } = await open('#dataset=spiral&lr=0.003&hidden=8,6,4&activation=relu&features=x1,x2,sinx1&centered=1');
  assert.equal(await page.getByLabel('Activation').inputValue(), 'relu');
  assert.equal(await page.getByLabel('Learning rate (lr) (exact value)').inputValue(), '0.003');
  assert.equal(await page.getByRole('checkbox', { name: 'centered (Graves 2013)' }).isChecked(), true);
  assert.equal(await page.$eval('#layer-info', (e) => e.textContent), '3 hidden layers, seed 1');
  assert.equal(await page.getByRole('button', { name: 'Dataset spiral' }).getAttribute('aria-pressed'), 'true');
  assert.equal(await page.getByRole('checkbox', { name: 'feature sin x₁' }).isChecked(), true);
  assert.deepEqual(await page.evaluate(() => window.playground.bridge.config.hidden), [8, 6, 4]);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a hostile hash shows defaults and notices and runs nothing', async () => {
  const hostile = '#dataset=<img src=x onerror=window.pwned=1>&lr=1e999&n=NaN&hidden=<script>window.pwned=2</script>&alpha=5';
  const { page, problems } = await open(hostile);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.equal(await page.$$eval('#notices script, #notices img', (n) => n.length), 0);
  const notes = await page.$eval('#notices', (e) => e.textContent);
  assert.match(notes, /dataset/);
  assert.match(notes, /lr/);
  assert.match(notes, /alpha/);
  assert.equal(await page.getByLabel('Decay (alpha) (exact value)').inputValue(), '0.9999');
  assert.deepEqual(await page.evaluate(() => window.playground.bridge.config.hidden), [4, 2]);
  await page.screenshot({ path: path.join(ARTIFACTS, 'page-hostile-hash.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

test('embed mode hides what it is told to', async () => {
  const { page, problems } = await open('#embed=1&hide=data,optimizer');
  assert.equal(await page.locator('.masthead').isVisible(), false);
  assert.equal(await page.locator('[data-section="data"]').isVisible(), false);
  assert.equal(await page.locator('[data-section="optimizer"]').isVisible(), false);
  assert.equal(await page.locator('[data-section="controls"]').isVisible(), true);
  await page.screenshot({ path: path.join(ARTIFACTS, 'page-embed.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('clicking the output plot adds a point; ctrl-click removes it', async () => {
  const { page, problems } = await open();
  const count = () => page.evaluate(() => window.playground.bridge.points.x1.length);
  const before = await count();
  const canvas = page.locator('#decision canvas').first();
  const box = await canvas.boundingBox();
  await canvas.click({ position: { x: box.width * 0.8, y: box.height * 0.2 } });
  await page.waitForFunction((n) => window.playground.bridge.points.x1.length === n + 1, before);
  assert.match(await page.$eval('#data-count', (e) => e.textContent), /1 yours/);
  assert.match(page.url(), /pts=/);
  // A new network (a structural change) keeps the user's point.
  await page.getByRole('button', { name: 'Add a hidden layer' }).click();
  await page.waitForFunction(() => window.playground.bridge.config.hidden.length === 3);
  await page.waitForFunction((n) => window.playground.bridge.points.x1.length === n + 1, before);
  assert.match(await page.$eval('#notices', (e) => e.textContent), /Changed hidden: the network starts again/);
  await canvas.click({ position: { x: box.width * 0.8, y: box.height * 0.2 }, modifiers: ['Control'] });
  await page.waitForFunction((n) => window.playground.bridge.points.x1.length === n, before);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a diverging setting stops with a diagnosis', async () => {
  const { page, problems } = await open('#lr=10&momentum=0.99&activation=linear&output=linear');
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForFunction(() => document.querySelector('.notice.error'), null, { timeout: 20000 });
  const text = await page.$eval('.notice.error', (e) => e.textContent);
  assert.match(text, /Training stopped at step \d+: .*the training loss grew from/);
  assert.match(text, /lower learning rate/);
  assert.equal(await page.getByRole('button', { name: 'Play' }).count(), 1, 'back to Play');
  await page.screenshot({ path: path.join(ARTIFACTS, 'page-diverged.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

test('works on a 390 px wide phone screen', async () => {
  const { page, problems } = await open('', { width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal page scroll (${overflow}px)`);
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForFunction(() => window.playground.state.steps >= 100, null, { timeout: 20000 });
  await page.screenshot({ path: path.join(ARTIFACTS, 'page-phone.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('a CSV upload loads its points and reports bad rows by line', async () => {
  const { page, problems } = await open();
  const rows = ['x1,x2,label', '1,1,1', '-1,-1,0', '2,abc,1', '0.5,0.5,1', '3,3'];
  await page.setInputFiles('#csv-input', { name: 'points.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
  await page.waitForFunction(() => window.playground.bridge.points.x1.length === 3, null, { timeout: 10000 });
  const text = await page.$eval('.notice.error', (e) => e.textContent);
  assert.match(text, /line 4: x2 'abc' is not a number/);
  assert.match(text, /line 6: expected 3 fields/);
  assert.match(text, /3 good rows were loaded/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the static build works under a sub-path', async () => {
  const local = await launch();  // serves the repository root, so the site lives at /dist/
  try {
    const problems = [];
    const page = await strictPage(local.browser, problems);
    await page.goto(`${local.baseUrl}dist/#dataset=xor`);
    await page.waitForFunction(() => window.playground?.bridge.points !== null && document.querySelector('#decision canvas'), null, { timeout: 20000 });
    await page.getByRole('button', { name: 'Play' }).click();
    await page.waitForFunction(() => window.playground.state.steps >= 50, null, { timeout: 20000 });
    assert.deepEqual(problems, []);
  } finally {
    await local.close();
  }
});

test('<rmsprop-playground> embeds the playground with its attributes as settings', async () => {
  const local = await launch();
  try {
    const problems = [];
    const page = await strictPage(local.browser, problems);
    await page.goto(`${local.baseUrl}tests/browser/fixtures/embed.html`);
    const frame = page.frameLocator('rmsprop-playground iframe');
    await frame.locator('#decision canvas').first().waitFor({ timeout: 20000 });
    const inner = page.frames().find((f) => f.url().includes('index.html'));
    await inner.waitForFunction(() => window.playground?.bridge.points !== null, null, { timeout: 20000 });
    assert.match(inner.url(), /embed=1/);
    assert.deepEqual(await inner.evaluate(() => window.playground.bridge.config.hidden), [8, 8]);
    assert.equal(await inner.evaluate(() => window.playground.state.settings.dataset), 'spiral');
    assert.equal(await inner.evaluate(() => window.playground.state.settings.lr), 0.003);
    assert.equal(await frame.locator('[data-section="data"]').isVisible(), false);
    assert.equal(await frame.locator('.masthead').isVisible(), false);
    await page.screenshot({ path: path.join(ARTIFACTS, 'embed-element.png'), fullPage: true });
    assert.deepEqual(problems, []);
  } finally {
    await local.close();
  }
});
