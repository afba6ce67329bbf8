// Shared by the playground page's suites: open the page (served from dist/ as `npm start` does)
// and wait until it is ready; wait for painted frames; the artifacts folder.
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { strictPage } from './browser.mjs';
import { ROOT } from '../wasm/helpers.mjs';

export const ARTIFACTS = path.join(ROOT, 'tests/artifacts');
mkdirSync(ARTIFACTS, { recursive: true });
// RP_DIST: another build to test (e.g. an older one, to see a test fail without its fix).
export const DIST = process.env.RP_DIST || path.join(ROOT, 'dist');

/** Opens index.html with this hash; ready when the worker has sent the points and a grid. */
export async function openPlayground(env, hash = '', { width = 1280, height = 800 } = {}) {
  const problems = [];
  const page = await strictPage(env.browser, problems);
  await page.setViewportSize({ width, height });
  await page.goto(`${env.baseUrl}${hash}`);
  await page.waitForFunction(() => window.playground?.bridge.points != null && document.querySelector('#decision canvas'), null, { timeout: 20000 });
  return { page, problems };
}

/** Resolves after the page has painted two more frames (layout and ResizeObserver work done). */
export const frames = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

export const text = (page, selector) => page.$eval(selector, (e) => e.textContent);
export const counter = (page, id) => page.$eval(`#${id}`, (e) => Number(e.textContent.replace(/,/g, '')) || 0);
/** The Output panel's scores as {name: shown value}. */
export const scores = (page) => page.$eval('#scores', (dl) => Object.fromEntries([...dl.querySelectorAll('dt')].map((dt) => [dt.textContent, dt.nextElementSibling.textContent])));
