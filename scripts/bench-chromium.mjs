// Our wasm engine in headless Chromium, through the real worker: tests/browser/fixtures/bench-worker.html
// (served from the repo root by scripts/serve.mjs) inits web/engine/bridge.js with the
// workload's config and times `step` messages to web/engine/worker.js, whose reply (the flush of
// history rows and the decision grid) is part of the cost, as on the page.
//
//   node scripts/bench-chromium.mjs [--reps N] [--only small|large]
//
// Expects the wasm build in web/engine/gen (scripts/build-wasm.sh).
import { chromium } from 'playwright-core';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { startServer } from './serve.mjs';
import { WORKLOADS, WARMUP, configFor, summarize } from './bench.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const launchChromium = () => chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});

/** Rows (as bench.mjs summarizes them) for engine 'wasm-chromium', and the browser's version. */
export async function benchChromium({ workloads = WORKLOADS, reps = 5, log = () => {} } = {}) {
  const { server, url } = await startServer({ root: ROOT, port: 0 });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const problems = [];
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('console', (msg) => { if (msg.type() === 'error') problems.push(msg.text()); });
    await page.goto(`${url}tests/browser/fixtures/bench-worker.html`);
    await page.waitForFunction(() => window.benchReady === true, null, { timeout: 15000 }).catch(() => {
      throw new Error(`bench-chromium: the fixture page did not load: ${problems.join('; ') || 'no error reported'}`);
    });
    const rows = [];
    for (const w of workloads) {
      const rates = [];
      for (let r = 0; r < reps; r++) {
        const res = await page.evaluate(([config, warmup, steps]) => window.bench.rep(config, warmup, steps), [configFor(w), WARMUP, w.steps]);
        if (res.steps !== w.steps || res.stopped) throw new Error(`wasm-chromium ${w.name}: ran ${res.steps} of ${w.steps} steps (${res.message})`);
        if (res.rows !== w.steps) throw new Error(`wasm-chromium ${w.name}: the reply carried ${res.rows} history rows, expected ${w.steps}`);
        rates.push((w.steps / res.ms) * 1000);
      }
      log(`wasm-chromium ${w.name}: ${rates.map((x) => x.toFixed(0)).join(' ')} steps/s`);
      rows.push(summarize('wasm-chromium', w, rates));
    }
    const error = await page.evaluate(() => window.benchError ?? null);
    if (error) throw new Error(`bench-chromium: ${error}`);
    return { version: browser.version(), rows };
  } finally {
    await browser.close();
    server.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
  const reps = Math.max(1, Number(opt('--reps', 5)) || 5);
  const only = opt('--only', '');
  const out = await benchChromium({ workloads: WORKLOADS.filter((w) => !only || w.name === only), reps,
    log: (m) => process.stderr.write(`bench-chromium: ${m}\n`) });
  console.log(`Chromium ${out.version}`);
  for (const r of out.rows) console.log(`${r.engine} ${r.workload}: ${r.median.toFixed(0)} steps/s (${r.min.toFixed(0)}-${r.max.toFixed(0)}), ${r.msPerStep.toFixed(3)} ms/step`);
}
