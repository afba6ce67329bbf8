// The page under load in headless Chromium: frames per second and long tasks on the main
// thread while the default setup trains with the heatmap and every chart on, steps/s in the
// page (the worker) next to the same configuration in Node, and the first trained frame (the
// first animation frame with trained steps, Play clicked as soon as the page is ready).
// scripts/bench.mjs imports benchPage and benchNodeDefault for npm run bench.
//   node scripts/bench-page.mjs [--seconds N]       (expects dist/ built: npm run build)
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

import { startServer } from './serve.mjs';
import { createEngine } from '../web/engine/engine.js';
import { defaults, trainerConfig } from '../web/state/schema.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const SECONDS = Number(args[args.indexOf('--seconds') + 1]) || 5;

export async function benchPage({ seconds = SECONDS } = {}) {
  const { server, url } = await startServer({ root: path.join(ROOT, 'dist'), port: 0 });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // Page weight: every file the page (and its worker) fetches, gzipped as a static host would.
    const fetched = new Set();
    page.on('response', (r) => { if (r.url().startsWith(url) && r.ok()) fetched.add(new URL(r.url()).pathname); });
    page.on('worker', (w) => w.url() && fetched.add(new URL(w.url()).pathname));
    await page.addInitScript(() => {
      window.__long = [];
      new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__long.push(e.duration); })
        .observe({ type: 'longtask', buffered: true });
      // The first animation frame that has trained steps to show, on the page's own clock
      // (performance.now() counts from the navigation's start).
      const watch = () => {
        if (window.playground?.state.steps > 0) window.__firstTrained = performance.now();
        else requestAnimationFrame(watch);
      };
      requestAnimationFrame(watch);
    });
    await page.goto(url);
    await page.waitForFunction(() => window.playground?.state.lastRow !== undefined && window.playground.bridge.points);
    const readyMs = await page.evaluate(() => performance.now());
    // Play as soon as the page is ready (there is no autoplay).
    await page.getByRole('button', { name: 'Play' }).click();
    await page.waitForFunction(() => window.__firstTrained !== undefined);
    const firstTrainedMs = await page.evaluate(() => window.__firstTrained);
    const result = await page.evaluate((ms) => new Promise((resolve) => {
      const start = performance.now();
      const steps0 = window.playground.state.steps;
      window.__long.length = 0;
      let frames = 0;
      const tick = (now) => {
        frames += 1;
        if (now - start < ms) requestAnimationFrame(tick);
        else {
          const s = (now - start) / 1000;
          resolve({ fps: frames / s, stepsPerSecond: (window.playground.state.steps - steps0) / s,
            longTasks: window.__long.length, longestTaskMs: Math.max(0, ...window.__long) });
        }
      };
      requestAnimationFrame(tick);
    }), seconds * 1000);
    let weight = 0;
    const files = [...fetched].filter((p) => !p.endsWith('/')).concat(['/index.html']);
    for (const f of new Set(files)) weight += gzipSync(readFileSync(path.join(ROOT, 'dist', decodeURIComponent(f))), { level: 9 }).length;
    return { seconds, readyMs, firstTrainedMs, weight: { files: new Set(files).size, gzip: weight, list: [...new Set(files)] }, ...result };
  } finally {
    await browser.close();
    server.close();
  }
}

export async function benchNodeDefault({ seconds = 3 } = {}) {
  const engine = await createEngine();
  const t = engine.trainer(trainerConfig(defaults()));
  t.step(50);
  const t0 = performance.now();
  let steps = 0;
  while (performance.now() - t0 < seconds * 1000) steps += t.step(200);
  const rate = steps / ((performance.now() - t0) / 1000);
  t.dispose();
  return rate;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const page = await benchPage();
  const node = await benchNodeDefault();
  console.log(`page (1280x800, default setup, heatmap + charts on, ${SECONDS} s):`);
  console.log(`  frames/s ${page.fps.toFixed(1)}, long tasks (>50 ms) ${page.longTasks}, longest ${page.longestTaskMs.toFixed(0)} ms`);
  console.log(`  steps/s in the page ${page.stepsPerSecond.toFixed(0)}, in Node ${node.toFixed(0)} (ratio ${(page.stepsPerSecond / node).toFixed(2)})`);
  console.log(`  first trained frame ${page.firstTrainedMs.toFixed(0)} ms after navigation (ready ${page.readyMs.toFixed(0)} ms, Play clicked then)`);
}
