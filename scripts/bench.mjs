// npm run bench: the workloads of shared/bench/WORKLOADS.md on every engine we have, in one
// run on one machine. Prints a table (median steps/s over the repetitions, min-max, ms/step,
// GFLOP/s, ratio to native) and writes bench/results.json.
//   node scripts/bench.mjs [--reps N] [--only small|large]
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { createEngine } from '../web/engine/engine.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const REPS = Math.max(1, Number(opt('--reps', 5)));
const ONLY = opt('--only', '');

// The same definitions as cpp/tools/bench_main.cpp.
const WORKLOADS = [
  { name: 'small', points: 512, hidden: [8, 8], steps: 2000 },
  { name: 'large', points: 2048, hidden: [32, 32, 32], steps: 300 },
].filter((w) => !ONLY || w.name === ONLY);

const configFor = (w) => ({
  dataset: { name: 'spiral', n: w.points, noise: 0.1, train_ratio: 1 },
  hidden: w.hidden, activation: 'tanh', output: 'tanh', loss: 'mse',
  optimizer: { name: 'rmsprop', lr: 0.01, alpha: 0.9, eps: 1e-8 },
});

// Multiply-adds of one step (forward, weight gradients, and input gradients past layer 0).
function flopsPerStep(w) {
  const sizes = [2, ...w.hidden, 1];
  let madds = 0;
  for (let l = 0; l + 1 < sizes.length; l++) madds += w.points * sizes[l] * sizes[l + 1] * (l === 0 ? 2 : 3);
  return 2 * madds;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function summarize(engine, w, rates) {
  const sorted = [...rates].sort((a, b) => a - b);
  const med = median(rates);
  return { engine, workload: w.name, median: med, min: sorted[0], max: sorted.at(-1), reps: rates.length, steps: w.steps,
    msPerStep: 1000 / med, gflops: (med * flopsPerStep(w)) / 1e9 };
}

function benchNative() {
  const out = path.join(ROOT, 'build/native/bench-native.json');
  execFileSync(path.join(ROOT, 'build/native/rp_bench'), ['--reps', String(REPS), '--json', out, ...(ONLY ? ['--only', ONLY] : [])],
    { stdio: ['ignore', 'ignore', 'inherit'] });
  return JSON.parse(readFileSync(out, 'utf8')).map((r) => summarize('native', WORKLOADS.find((x) => x.name === r.workload), r.rates));
}

async function benchWasmNode() {
  const engine = await createEngine();
  const rows = [];
  for (const w of WORKLOADS) {
    const rates = [];
    for (let r = 0; r < REPS; r++) {
      const t = engine.trainer(configFor(w));
      t.step(20);
      const t0 = performance.now();
      const done = t.step(w.steps);
      const s = (performance.now() - t0) / 1000;
      if (done !== w.steps) throw new Error(`wasm ${w.name} stopped early: ${t.divergence().message}`);
      rates.push(done / s);
      t.dispose();
    }
    rows.push(summarize('wasm-node', w, rates));
  }
  return rows;
}

const results = [...benchNative(), ...(await benchWasmNode())];
const pad = (s, n) => String(s).padStart(n);
console.log(`${'engine'.padEnd(10)} ${'work'.padEnd(6)} ${pad('steps/s', 10)} ${pad('min-max', 16)} ${pad('ms/step', 9)} ${pad('GFLOP/s', 8)} ${pad('vs native', 10)}`);
for (const r of results) {
  const native = results.find((x) => x.engine === 'native' && x.workload === r.workload);
  console.log(`${r.engine.padEnd(10)} ${r.workload.padEnd(6)} ${pad(r.median.toFixed(0), 10)} ${pad(`${r.min.toFixed(0)}-${r.max.toFixed(0)}`, 16)} ${pad(r.msPerStep.toFixed(3), 9)} ${pad(r.gflops.toFixed(2), 8)} ${pad((r.median / native.median).toFixed(2), 10)}`);
}
mkdirSync(path.join(ROOT, 'bench'), { recursive: true });
writeFileSync(path.join(ROOT, 'bench/results.json'), `${JSON.stringify({ date: new Date().toISOString(), reps: REPS, results }, null, 2)}\n`);
console.log('written: bench/results.json');
