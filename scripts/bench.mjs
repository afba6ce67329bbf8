// npm run bench: the workloads of shared/bench/WORKLOADS.md on every engine, in one run on one
// machine, next to the peer (TensorFlow.js 4.22, cpu and wasm backends), then the page under
// load, the page weight and the performance targets with pass/fail marks.
//
//   node scripts/bench.mjs [--reps N] [--only small|large] [--skip-browser]
//
// Engines: native (build/native/rp_bench), wasm-node (our module in this process),
// wasm-chromium (our module in headless Chromium through the real worker, scripts/bench-chromium.mjs),
// tfjs-cpu and tfjs-wasm (scripts/bench-tfjs.mjs, one child process each). Prints ONE table
// (median steps/s over the repetitions, min-max, ms/step, GFLOP/s for our engines, ratio to
// tfjs-wasm), the page figures (scripts/bench-page.mjs) and the targets, and writes the same to
// bench/results.json. Progress goes to stderr; stdout carries only the report.
// Expects the builds: build/native (rp_bench), web/engine/gen (wasm), dist/ (page): scripts/bench.sh.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import { createEngine } from '../web/engine/engine.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// The same definitions as cpp/tools/bench_main.cpp.
export const WORKLOADS = [
  { name: 'small', points: 512, hidden: [8, 8], steps: 2000 },
  { name: 'large', points: 2048, hidden: [32, 32, 32], steps: 300 },
];
export const WARMUP = 20;

export const configFor = (w) => ({
  dataset: { name: 'spiral', n: w.points, noise: 0.1, train_ratio: 1 },
  hidden: w.hidden, activation: 'tanh', output: 'tanh', loss: 'mse',
  optimizer: { name: 'rmsprop', lr: 0.01, alpha: 0.9, eps: 1e-8 },
});

// Multiply-adds of one step (forward, weight gradients, and input gradients past layer 0), x2.
export function flopsPerStep(w) {
  const sizes = [2, ...w.hidden, 1];
  let madds = 0;
  for (let l = 0; l + 1 < sizes.length; l++) madds += w.points * sizes[l] * sizes[l + 1] * (l === 0 ? 2 : 3);
  return 2 * madds;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export function summarize(engine, w, rates) {
  const sorted = [...rates].sort((a, b) => a - b);
  const med = median(rates);
  return { engine, workload: w.name, median: med, min: sorted[0], max: sorted.at(-1), reps: rates.length, steps: w.steps,
    warmup: WARMUP, rates, msPerStep: 1000 / med, gflops: engine.startsWith('tfjs') ? null : (med * flopsPerStep(w)) / 1e9 };
}

const log = (msg) => process.stderr.write(`bench: ${msg}\n`);

function benchNative(workloads, reps, only) {
  const out = path.join(ROOT, 'build/native/bench-native.json');
  log('native (build/native/rp_bench)');
  execFileSync(path.join(ROOT, 'build/native/rp_bench'), ['--reps', String(reps), '--json', out, ...(only ? ['--only', only] : [])],
    { stdio: ['ignore', 'ignore', 'inherit'] });
  return JSON.parse(readFileSync(out, 'utf8')).map((r) => summarize('native', workloads.find((x) => x.name === r.workload), r.rates));
}

async function benchWasmNode(workloads, reps) {
  const engine = await createEngine();
  const rows = [];
  for (const w of workloads) {
    const rates = [];
    for (let r = 0; r < reps; r++) {
      const t = engine.trainer(configFor(w));
      t.step(WARMUP);
      const t0 = performance.now();
      const done = t.step(w.steps);
      const s = (performance.now() - t0) / 1000;
      if (done !== w.steps) throw new Error(`wasm ${w.name} stopped early: ${t.divergence().message}`);
      rates.push(done / s);
      t.dispose();
    }
    log(`wasm-node ${w.name}: ${rates.map((x) => x.toFixed(0)).join(' ')} steps/s`);
    rows.push(summarize('wasm-node', w, rates));
  }
  return rows;
}

// tfjs in a child process per backend: its own heap, and its banner kept off our stdout.
function benchTfjsChild(backend, reps, only) {
  const out = path.join(os.tmpdir(), `rp-bench-tfjs-${backend}-${process.pid}.json`);
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/bench-tfjs.mjs'), '--backend', backend, '--reps', String(reps),
      '--json', out, ...(only ? ['--only', only] : [])], { stdio: ['ignore', 'ignore', 'inherit'] });
    return JSON.parse(readFileSync(out, 'utf8'));
  } finally {
    rmSync(out, { force: true });
  }
}

/** Gzipped bytes (level 9, file by file, as a static host serves them) of everything in dist/. */
function pageWeight() {
  const dir = path.join(ROOT, 'dist');
  if (!existsSync(dir)) return null;
  let raw = 0;
  let gz = 0;
  let files = 0;
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else {
        const bytes = readFileSync(p);
        raw += bytes.length;
        gz += gzipSync(bytes, { level: 9 }).length;
        files += 1;
      }
    }
  };
  walk(dir);
  return { files, raw, gzip: gz };
}

// ---------------------------------------------------------------- report

const pad = (s, n) => String(s).padStart(n);
const fmtRate = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const ENGINE_ORDER = ['native', 'wasm-node', 'wasm-chromium', 'tfjs-cpu', 'tfjs-wasm'];

function table(results, workloads, reps, tfjsInfo) {
  const lines = [];
  const head = `${'engine'.padEnd(14)} ${'work'.padEnd(6)} ${pad('steps/s', 9)} ${pad('min–max', 15)} ${pad('ms/step', 8)} ${pad('GFLOP/s', 8)} ${pad('vs tfjs-wasm', 12)}`;
  lines.push(head, '-'.repeat(head.length));
  for (const w of workloads) {
    const ref = results.find((x) => x.engine === 'tfjs-wasm' && x.workload === w.name);
    for (const name of ENGINE_ORDER) {
      const r = results.find((x) => x.engine === name && x.workload === w.name);
      if (!r) continue;
      lines.push(`${r.engine.padEnd(14)} ${r.workload.padEnd(6)} ${pad(fmtRate(r.median), 9)} ${pad(`${fmtRate(r.min)}–${fmtRate(r.max)}`, 15)} ` +
        `${pad(r.msPerStep.toFixed(3), 8)} ${pad(r.gflops == null ? '—' : r.gflops.toFixed(2), 8)} ${pad(ref ? `${(r.median / ref.median).toFixed(2)}x` : '—', 12)}`);
    }
  }
  const wl = workloads.map((w) => `${w.name}: spiral ${w.points} points, 2-${w.hidden.join('-')}-1, ${w.steps} timed steps`).join('; ');
  const simd = tfjsInfo.wasm ? `tfjs-wasm ran with SIMD ${tfjsInfo.wasm.simd ? 'on' : 'off'}, threads ${tfjsInfo.wasm.threads ? 'on' : 'off'}` : '';
  lines.push(
    '',
    `Median of ${reps} repetition${reps === 1 ? "" : "s"}, each on a fresh trainer/model after ${WARMUP} warm-up steps (${wl}).`,
    'tanh on every layer, MSE vs labels ±1, full batch, RMSProp lr 0.01, alpha 0.9, eps 1e-8, no momentum.',
    'Our engines compute in float64 and record the per-layer metrics every step; tfjs computes in float32',
    `(tf.train.rmsprop(0.01, 0.9, 0, 1e-8), optimizer.minimize, loss read back every step)${simd ? `; ${simd}` : ''}.`,
    'GFLOP/s (our engines only): 2 x multiply-adds of the forward pass, the weight gradients and the input',
    'gradients past the first layer. wasm-chromium: headless Chromium, the real worker (bridge.js -> worker.js),',
    'one `step` message per repetition timed on the page from postMessage to the metrics reply (includes the',
    "worker's flush: history rows and the 100x100 decision grid).",
  );
  return lines;
}

function targets(results, page, weight) {
  const get = (engine, work) => results.find((x) => x.engine === engine && x.workload === work)?.median;
  const ratio = (a, b) => (a != null && b != null ? a / b : null);
  const t = [];
  const add = (name, value, ok, shown) => t.push({ target: name, value, pass: value == null ? null : ok(value), shown: value == null ? 'n/a' : shown(value) });
  const x = (v) => `${v.toFixed(2)}x`;
  add('wasm-node small >= 5x tfjs-wasm', ratio(get('wasm-node', 'small'), get('tfjs-wasm', 'small')), (v) => v >= 5, x);
  add('wasm-node large >= 3x tfjs-wasm', ratio(get('wasm-node', 'large'), get('tfjs-wasm', 'large')), (v) => v >= 3, x);
  // time ratio: wasm time / native time = native rate / wasm rate
  add('wasm/native time small <= 1.5', ratio(get('native', 'small'), get('wasm-node', 'small')), (v) => v <= 1.5, x);
  add('wasm/native time large <= 1.5', ratio(get('native', 'large'), get('wasm-node', 'large')), (v) => v <= 1.5, x);
  add('chromium worker / node small >= 0.8', ratio(get('wasm-chromium', 'small'), get('wasm-node', 'small')), (v) => v >= 0.8, x);
  add('chromium worker / node large >= 0.8', ratio(get('wasm-chromium', 'large'), get('wasm-node', 'large')), (v) => v >= 0.8, x);
  add('page >= 55 fps', page?.fps ?? null, (v) => v >= 55, (v) => `${v.toFixed(1)} fps`);
  add('page: no long task > 50 ms', page ? page.longTasks : null, (v) => v === 0,
    (v) => `${v} long task${v === 1 ? '' : 's'}${v ? `, longest ${page.longestTaskMs.toFixed(0)} ms` : ''}`);
  add('first trained frame <= 1000 ms', page?.firstTrainedMs ?? null, (v) => v <= 1000, (v) => `${v.toFixed(0)} ms`);
  add('page weight <= 150 KB gzipped', page?.weight?.gzip ?? null, (v) => v <= 150_000, (v) => `${(v / 1000).toFixed(1)} KB`);
  return t;
}

const usage = (msg) => Object.assign(new Error(`${msg}\nusage: node scripts/bench.mjs [--reps N] [--only small|large] [--skip-browser]`), { usage: true });

async function main() {
  const args = process.argv.slice(2);
  const known = new Set(['--reps', '--only', '--skip-browser']);
  for (let i = 0; i < args.length; i++) {
    if (!known.has(args[i])) throw usage(`unknown argument ${args[i]}`);
    if (args[i] !== '--skip-browser') i++;
  }
  const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
  const reps = Math.max(1, Math.floor(Number(opt('--reps', 5))) || 5);
  const only = opt('--only', '');
  if (only && !WORKLOADS.some((w) => w.name === only)) throw usage(`--only ${only}: expected small or large`);
  const skipBrowser = args.includes('--skip-browser');
  const workloads = WORKLOADS.filter((w) => !only || w.name === only);
  const started = performance.now();

  const results = [...benchNative(workloads, reps, only), ...(await benchWasmNode(workloads, reps))];
  let chromiumVersion = null;
  if (!skipBrowser) {
    const { benchChromium } = await import('./bench-chromium.mjs');
    const c = await benchChromium({ workloads, reps, log: (m) => log(m) });
    chromiumVersion = c.version;
    results.push(...c.rows);
  }
  const tfjsInfo = {};
  for (const backend of ['cpu', 'wasm']) {
    log(`tfjs-${backend} (child process)`);
    const out = benchTfjsChild(backend, reps, only);
    tfjsInfo[backend] = out.info;
    results.push(...out.rows);
  }

  let page = null;
  let nodeDefault = null;
  let pageBench = null;  // scripts/bench-page.mjs, loaded only when the browser runs
  if (!skipBrowser) {
    log('page under load (scripts/bench-page.mjs)');
    pageBench = await import('./bench-page.mjs');
    page = await pageBench.benchPage();
    nodeDefault = await pageBench.benchNodeDefault();
  }
  const weight = pageWeight();
  const marks = targets(results, page, weight);

  const out = [];
  out.push(...table(results, workloads, reps, tfjsInfo));
  out.push('');
  if (page) {
    out.push(`Page (dist/ in headless Chromium ${chromiumVersion ?? ''}, 1280x800, default setup, Play, heatmap + charts on, ${page.seconds} s):`);
    out.push(`  frames/s ${page.fps.toFixed(1)}; long tasks (> 50 ms) ${page.longTasks}, longest ${page.longestTaskMs.toFixed(0)} ms`);
    out.push(`  first trained frame ${pageBench.firstFrameText(page)}`);
    out.push(`  steps/s in the page ${page.stepsPerSecond.toFixed(0)}, same setup in Node ${nodeDefault.toFixed(0)} (ratio ${(page.stepsPerSecond / nodeDefault).toFixed(2)})`);
  } else {
    out.push('Page: skipped (--skip-browser).');
  }
  out.push(page?.weight ? `Page weight: the ${page.weight.files} files the page loads, ${page.weight.gzip} bytes gzipped (gzip -9, file by file)` : 'Page weight: n/a');
  out.push(weight ? `Whole site: dist/ ${weight.files} files, ${weight.raw} bytes, ${weight.gzip} bytes gzipped (every page)`
    : 'Whole site: n/a (dist/ not built: bash scripts/build-dist.sh)');
  out.push('');
  out.push('Targets:');
  for (const m of marks) out.push(`  [${m.pass == null ? 'n/a ' : m.pass ? 'PASS' : 'FAIL'}] ${m.target.padEnd(38)} ${m.shown}`);
  const seconds = (performance.now() - started) / 1000;
  out.push('', `(${seconds.toFixed(0)} s; node ${process.version}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'})`);
  console.log(out.join('\n'));

  mkdirSync(path.join(ROOT, 'bench'), { recursive: true });
  const doc = {
    date: new Date().toISOString(), reps, only: only || null, skipBrowser, seconds,
    machine: { node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? null, chromium: chromiumVersion },
    workloads, warmup: WARMUP, tfjs: tfjsInfo,
    results, page: page && { ...page, nodeDefaultStepsPerSecond: nodeDefault }, pageWeight: weight, targets: marks,
    report: out.join('\n'),
  };
  writeFileSync(path.join(ROOT, 'bench/results.json'), `${JSON.stringify(doc, null, 2)}\n`);
  console.log('written: bench/results.json');
}

// No top-level await: bench-chromium.mjs and bench-tfjs.mjs import this module's definitions,
// and main() imports them, which would wait forever on a module still being evaluated.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    process.stderr.write(`bench: ${err?.usage ? err.message : err?.stack ?? err}\n`);
    process.exit(err?.usage ? 2 : 1);
  });
}
