// The page under load in headless Chromium: frames per second and long tasks on the main
// thread while the default setup trains with the heatmap and every chart on, steps/s in the
// page (the worker) next to the same configuration in Node, and the first trained frame (the
// first animation frame with trained steps, Play pressed as soon as the page is ready; median of 5 loads).
// scripts/bench.mjs imports benchPage and benchNodeDefault for npm run bench.
//   node scripts/bench-page.mjs [--seconds N]       (expects dist/ built: npm run build)
//
// Frames per second and long tasks are wall-clock figures: on a machine shared with other work
// the main thread waits for a core, and a 5 ms task can last 80 ms. So the same window is also
// traced (Chrome's trace, through the DevTools protocol) for the main thread's CPU time per
// frame, split into scripting, style and layout, paint and compositing, and canvas raster (2D
// canvases are rasterised on the main thread when a frame commits); a long task's own CPU time
// says whether it was work or waiting. Measured twice: at the top of the page (the default
// view: controls, network, decision plot; the charts are below the fold) and with the charts
// scrolled into view.
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

/** Main-thread trace events -> CPU ms per frame by category (see the file comment). */
const CATEGORIES = [
  ['canvas', /DoUpdateLayers|ProduceCanvasResource|PrepareTransferableResource|SkCanvas|Canvas2D/],
  ['scripting', /^(FunctionCall|EvaluateScript|v8\.|V8\.|TimerFire|FireAnimationFrame|EventDispatch|RunMicrotasks|HandlePostMessage|MinorGC|MajorGC|BlinkGC|SerializedScriptValue|ResizeObserver|FireIdleCallback)/],
  ['styleLayout', /recalcStyle|RecalculateStyles|UpdateLayoutTree|rebuildLayoutTree|Layout|InlineNode|HitTest|IntersectionObserver|PrePaint/],
  ['paint', /^Paint|Blink\.Paint|Layerize|CompositingInputs|Commit|UpdateLayer|PictureLayer|BeginMainFrame|UpdateLifecycle/],
];

function mainThreadProfile(events, frames) {
  const key = (e) => `${e.pid}:${e.tid}`;
  const names = new Map();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(key(e), e.args.name);
  const fired = new Map();
  for (const e of events) if (e.name === 'FireAnimationFrame') fired.set(key(e), (fired.get(key(e)) ?? 0) + 1);
  const main = [...fired].filter(([k]) => names.get(k) === 'CrRendererMain').sort((a, b) => b[1] - a[1])[0]?.[0];
  const xs = events.filter((e) => key(e) === main && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const cpu = (e) => (e.tdur ?? e.dur) / 1000;  // thread time where the trace has it
  const self = new Map();
  const open = [];
  let busy = 0;
  const long = [];
  for (const e of xs) {
    while (open.length && open.at(-1).ts + open.at(-1).dur <= e.ts) open.pop();
    const parent = open.at(-1);
    if (!parent && e.name === 'RunTask') {
      busy += cpu(e);
      if (e.dur / 1000 > 50) long.push({ ms: e.dur / 1000, cpuMs: cpu(e) });
    }
    if (parent && e.ts + e.dur <= parent.ts + parent.dur) self.set(parent.name, (self.get(parent.name) ?? 0) - cpu(e));
    self.set(e.name, (self.get(e.name) ?? 0) + cpu(e));
    open.push(e);
  }
  const split = { scripting: 0, styleLayout: 0, paint: 0, canvas: 0 };
  for (const [name, ms] of self) {
    const c = CATEGORIES.find(([, re]) => re.test(name));
    if (c) split[c[0]] += ms;
  }
  const perFrame = (ms) => +(ms / Math.max(1, frames)).toFixed(2);
  const known = Object.values(split).reduce((a, b) => a + b, 0);
  return {
    msPerFrame: perFrame(busy),
    ...Object.fromEntries(Object.entries(split).map(([k, v]) => [k, perFrame(v)])),
    other: perFrame(Math.max(0, busy - known)),
    longTasks: long.length,
    longestTaskMs: Math.max(0, ...long.map((t) => t.ms)),
    longestTaskCpuMs: Math.max(0, ...long.map((t) => t.cpuMs)),
  };
}

/** Frames, steps and long tasks over `seconds`, with the main thread traced meanwhile. */
async function measure(page, seconds) {
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', ({ value }) => { for (const e of value) events.push(e); });
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'cc', 'blink', 'v8'], excludedCategories: ['*'] },
  });
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
        resolve({ frames, fps: frames / s, stepsPerSecond: (window.playground.state.steps - steps0) / s,
          longTasks: window.__long.length, longestTaskMs: Math.max(0, ...window.__long) });
      }
    };
    requestAnimationFrame(tick);
  }), seconds * 1000);
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach();
  return { ...result, mainThread: mainThreadProfile(events, result.frames) };
}

// Play is pressed in the first animation frame in which the page is ready (its data shown, the
// trainer built; there is no autoplay), from inside the page so that the driver's round trips
// are not counted; then the first animation frame that has trained steps to show. Both on the
// page's own clock (performance.now() counts from the navigation's start).
const WATCH_FIRST_FRAME = () => {
  const watch = () => {
    const p = window.playground;
    if (window.__ready === undefined && p?.state.lastRow !== undefined && p.bridge.points) {
      window.__ready = performance.now();
      document.getElementById('play').click();
    }
    if (p?.state.steps > 0) window.__firstTrained = performance.now();
    else requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);
};
const FIRST_FRAME_LOADS = 5;

async function firstTrainedFrame(page) {
  await page.waitForFunction(() => window.__firstTrained !== undefined);
  const [readyMs, firstTrainedMs] = await page.evaluate(() => [window.__ready, window.__firstTrained]);
  if (await page.getByRole('button', { name: 'Pause' }).count() !== 1) throw new Error('bench-page: Play did not start training');
  return { readyMs, firstTrainedMs };
}

export async function benchPage({ seconds = SECONDS } = {}) {
  const { server, url } = await startServer({ root: path.join(ROOT, 'dist'), port: 0 });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    // The first trained frame over several loads, each in a fresh browser context (no cache) that
    // is closed before the next one starts (a page left training would slow the next load): one
    // load on a shared machine can be 30% off either way. The last load is the page measured below.
    const first = [];
    for (let i = 1; i < FIRST_FRAME_LOADS; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const other = await context.newPage();
      await other.addInitScript(WATCH_FIRST_FRAME);
      await other.goto(url);
      first.push(await firstTrainedFrame(other));
      await context.close();
    }
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // Page weight: every file the page (and its worker) fetches, gzipped as a static host would.
    const fetched = new Set();
    page.on('response', (r) => { if (r.url().startsWith(url) && r.ok()) fetched.add(new URL(r.url()).pathname); });
    page.on('worker', (w) => w.url() && fetched.add(new URL(w.url()).pathname));
    await page.addInitScript(WATCH_FIRST_FRAME);
    await page.addInitScript(() => {
      window.__long = [];
      new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__long.push(e.duration); })
        .observe({ type: 'longtask', buffered: true });
    });
    await page.goto(url);
    first.push(await firstTrainedFrame(page));
    const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
    const firstTrained = first.map((f) => f.firstTrainedMs);
    const readyMs = median(first.map((f) => f.readyMs));
    const firstTrainedMs = median(firstTrained);
    const firstTrainedRange = [Math.min(...firstTrained), Math.max(...firstTrained)];
    const result = await measure(page, seconds);
    // The same with the charts on screen (they are drawn only when in view or near it).
    await page.evaluate(() => document.getElementById('charts').scrollIntoView({ block: 'center' }));
    await page.waitForTimeout(500);
    const chartsInView = await measure(page, seconds);
    let weight = 0;
    const files = [...fetched].filter((p) => !p.endsWith('/')).concat(['/index.html']);
    for (const f of new Set(files)) weight += gzipSync(readFileSync(path.join(ROOT, 'dist', decodeURIComponent(f))), { level: 9 }).length;
    return { seconds, readyMs, firstTrainedMs, firstTrainedRange, firstTrainedLoads: first.length, weight: { files: new Set(files).size, gzip: weight, list: [...new Set(files)] }, ...result, chartsInView };
  } finally {
    await browser.close();
    server.close();
  }
}

/** "median ms after navigation (min-max over N loads; page ready median ms, Play pressed then)" */
export function firstFrameText(page) {
  const [lo, hi] = page.firstTrainedRange;
  return `${page.firstTrainedMs.toFixed(0)} ms after navigation, median of ${page.firstTrainedLoads} loads `
    + `(${lo.toFixed(0)}-${hi.toFixed(0)} ms; page ready ${page.readyMs.toFixed(0)} ms, Play pressed then)`;
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
  const cpu = (m) => `${m.msPerFrame} ms (scripting ${m.scripting}, style+layout ${m.styleLayout}, paint+compositing ${m.paint}, `
    + `canvas raster ${m.canvas}, other ${m.other})`;
  const longs = (r) => `long tasks (>50 ms) ${r.longTasks}, longest ${r.longestTaskMs.toFixed(0)} ms`
    + (r.mainThread.longTasks ? ` (the longest one's own CPU time ${r.mainThread.longestTaskCpuMs.toFixed(0)} ms)` : '');
  console.log(`page (1280x800, default setup, heatmap + charts on, ${SECONDS} s):`);
  console.log(`  frames/s ${page.fps.toFixed(1)}, ${longs(page)}`);
  console.log(`  main-thread CPU per frame ${cpu(page.mainThread)}`);
  const v = page.chartsInView;
  console.log(`  charts scrolled into view: frames/s ${v.fps.toFixed(1)}, ${longs(v)}`);
  console.log(`    main-thread CPU per frame ${cpu(v.mainThread)}`);
  console.log(`  steps/s in the page ${page.stepsPerSecond.toFixed(0)}, in Node ${node.toFixed(0)} (ratio ${(page.stepsPerSecond / node).toFixed(2)})`);
  console.log(`  first trained frame ${firstFrameText(page)}`);
}
