// <rmsprop-playground> on a docs page of another origin, in headless Chromium: the element's
// module script loads across origins (the static server allows it), its attributes are the
// settings (any case, bare booleans such as autoplay), and changing one later changes the
// playground in place.
import test from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';

import { launch, strictPage } from './browser.mjs';
import { ARTIFACTS, DIST } from './playground.mjs';

let env;
let host;
test.before(async () => {
  env = await launch({ root: DIST });  // the playground's origin, served as `npm start` serves it
  // A docs page on another origin (another port), served by a plain server of its own.
  const page = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Docs elsewhere</title><link rel="icon" href="data:,">
<body><h1>A docs page on another origin</h1>
<rmsprop-playground dataset="xor" trainRatio="0.7" autoplay hide="data,explain" height="640"></rmsprop-playground>
<script type="module" src="${new URL('web/embed/element.js', env.baseUrl).href}"></script></body></html>`;
  host = http.createServer((req, res) => {
    res.writeHead(req.url === '/' ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(req.url === '/' ? page : 'not found');
  });
  await new Promise((resolve) => host.listen(0, '127.0.0.1', resolve));
});
test.after(async () => {
  await env?.close();
  await new Promise((resolve) => (host ? host.close(resolve) : resolve()));
});

const inner = (page) => page.frames().find((f) => f.url().includes('index.html'));

test('the element works from another origin; its attributes are settings and changes apply in place', async () => {
  const problems = [];
  const page = await strictPage(env.browser, problems);
  await page.setViewportSize({ width: 1000, height: 800 });
  const hostUrl = `http://127.0.0.1:${host.address().port}/`;
  assert.notEqual(new URL(hostUrl).origin, new URL(env.baseUrl).origin);
  await page.goto(hostUrl);
  await page.waitForFunction(() => customElements.get('rmsprop-playground') !== undefined, null, { timeout: 10000 });
  await page.frameLocator('rmsprop-playground iframe').locator('#decision canvas').first().waitFor({ timeout: 20000 });
  const frame = inner(page);
  assert.ok(frame, 'the playground frame loaded');
  await frame.waitForFunction(() => window.playground?.bridge.points != null, null, { timeout: 20000 });
  const settings = await frame.evaluate(() => window.playground.state.settings);
  assert.equal(settings.dataset, 'xor');
  assert.equal(settings.trainRatio, 0.7, 'trainRatio="0.7" (HTML lower-cases attribute names)');
  assert.equal(settings.autoplay, true, 'a bare autoplay attribute');
  await frame.waitForFunction(() => window.playground.state.steps >= 100, null, { timeout: 20000 });
  await page.screenshot({ path: path.join(ARTIFACTS, 'embed-cross-origin.png') });

  // Attributes changed after load: the page reads its new link in place (no reload).
  await frame.evaluate(() => { window.sameDocument = true; });
  await page.evaluate(() => {
    const el = document.querySelector('rmsprop-playground');
    el.setAttribute('dataset', 'spiral');
    el.setAttribute('lr', '0.005');
    el.removeAttribute('autoplay');
  });
  await frame.waitForFunction(() => window.playground.state.settings.dataset === 'spiral', null, { timeout: 10000 });
  // bridge.config holds what the worker accepted: wait for its answer.
  await frame.waitForFunction(() => window.playground.bridge.config.optimizer.lr === 0.005, null, { timeout: 10000 });
  const after = await frame.evaluate(() => ({
    lr: window.playground.state.settings.lr, engineLr: window.playground.bridge.config.optimizer.lr, same: window.sameDocument,
    notice: window.playground.notices.texts().join(' '),
  }));
  assert.equal(after.lr, 0.005);
  assert.equal(after.engineLr, 0.005);
  assert.equal(after.same, true, 'no reload');
  assert.match(after.notice, /Settings loaded from the link/);
  assert.deepEqual(problems, []);
  await page.close();
});
