// The chart tests share these: one Chromium per test file, the fixture page
// (tests/browser/fixtures/charts.html) that feeds web/ui/charts.js synthetic metrics, and
// readers of what the charts drew.
import { before, after } from 'node:test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { launch, strictPage } from './browser.mjs';

export const ARTIFACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../artifacts');

/** The Chromium every test of the importing file uses (launched before them, closed after). */
export let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

export async function openFixture(problems, viewport = { width: 1280, height: 1000 }) {
  const page = await strictPage(env.browser, problems);
  await page.setViewportSize(viewport);
  await page.goto(`${env.baseUrl}tests/browser/fixtures/charts.html`);
  await page.waitForFunction(() => window.results?.ready === true, null, { timeout: 20000 });
  // One more frame so the last render has happened.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return page;
}

/** Per chart: how many plot-area pixels are saturated (series colours, not grey axes/grid). */
export function colouredPixels(page) {
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
export function legend(page, k) {
  return page.evaluate((k) => [...document.querySelectorAll('.mc-figure')[k].querySelectorAll('.u-legend .u-series')]
    .filter((tr) => getComputedStyle(tr).display !== 'none')
    .map((tr) => ({ label: tr.querySelector('.u-label').textContent, value: tr.querySelector('.u-value').textContent })), k);
}
