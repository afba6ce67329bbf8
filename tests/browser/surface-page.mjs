// The surface page's browser tests share these: one Chromium per test file against dist/ (served
// as `npm start` serves it), opening the page, reading its canvas and its runs.
import test from 'node:test';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { launch, strictPage } from './browser.mjs';
import { ROOT } from '../wasm/helpers.mjs';

export const ARTIFACTS = path.join(ROOT, 'tests/artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

/** The Chromium every test of the importing file uses (launched before them, closed after). */
export let env;
test.before(async () => { env = await launch({ root: path.join(ROOT, 'dist') }); });
test.after(async () => { await env?.close(); });

export async function open(hash = '', { width = 1280, height = 800 } = {}) {
  const problems = [];
  const page = await strictPage(env.browser, problems);
  await page.setViewportSize({ width, height });
  await page.goto(`${env.baseUrl}surface.html${hash}`);
  await page.waitForFunction(() => window.surfacePage?.ready && document.querySelector('.contour-canvas')?.width > 0, null, { timeout: 20000 });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  return { page, problems };
}

/** Distinct colours in a coarse sample of the contour canvas (a blank canvas has 1). */
export const canvasColours = (page) => page.evaluate(() => {
  const c = document.querySelector('.contour-canvas');
  const copy = document.createElement('canvas');  // a fresh canvas per read: no repeated readback of the page's
  copy.width = c.width;
  copy.height = c.height;
  const ctx = copy.getContext('2d', { willReadFrequently: true });
  ctx.drawImage(c, 0, 0);
  const d = ctx.getImageData(0, 0, c.width, c.height).data;
  const seen = new Set();
  for (let i = 0; i < d.length; i += 4 * 97) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
  return seen.size;
});

export const runs = (page) => page.evaluate(() => window.surfacePage.runs());

/** Every module `entry` imports, directly or not (static and dynamic, relative), as repo paths. */
export function pageModules(entry = 'web/surface/surface-app.js', seen = new Set()) {
  if (seen.has(entry)) return [...seen];
  seen.add(entry);
  const source = readFileSync(path.join(ROOT, entry), 'utf8');
  for (const [, spec] of source.matchAll(/(?:^import[^'"]*?from\s*|^import\s*|\bimport\(\s*)['"]([^'"]+)['"]/gm)) {
    if (spec.startsWith('.')) pageModules(path.posix.normalize(path.posix.join(path.posix.dirname(entry), spec)), seen);
  }
  return [...seen];
}
