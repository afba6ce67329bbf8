// The peer of shared/bench/WORKLOADS.md: TensorFlow.js 4.22 (tfjs-core with the cpu or the wasm
// backend) training the identical network on the identical points: 2-8-8-1 or 2-32-32-32-1,
// tanh on every layer (the output too), mean squared error against labels +-1, full batch,
// tf.train.rmsprop(0.01, 0.9, 0, 1e-8) and optimizer.minimize. The points come from our
// engine (engine.dataset, the same spiral the trainer generates). tfjs computes in float32.
//
// Each step reads the loss back (dataSync), so every timed step has really finished.
//
//   node scripts/bench-tfjs.mjs --backend cpu|wasm [--reps N] [--only small|large] [--json FILE]
//
// scripts/bench.mjs runs this once per backend, in a child process of its own (so one backend's
// heap and threads do not disturb the other, nor our engines), and reads --json FILE.
// Progress goes to stderr; stdout gets, without --json, a summary.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { createEngine } from '../web/engine/engine.js';
import { WORKLOADS, WARMUP, summarize } from './bench.mjs';

const require = createRequire(import.meta.url);

/** Loads tfjs-core, the gradients (tfjs-core >= 3 registers none by itself) and the backend. */
export async function loadTfjs(backend) {
  const tf = require('@tensorflow/tfjs-core');
  // tfjs-core's Node bundle has no gradients; tfjs-layers' Node bundle registers all of them
  // (its dist imports '@tensorflow/tfjs-core/dist/register_all_gradients', as @tensorflow/tfjs
  // does through it). That ESM file cannot be imported in Node on its own (extensionless
  // imports), so the layers bundle is the way in.
  require('@tensorflow/tfjs-layers');
  if (backend === 'cpu') {
    require('@tensorflow/tfjs-backend-cpu');
  } else if (backend === 'wasm') {
    const wasm = require('@tensorflow/tfjs-backend-wasm');
    // The .wasm files sit next to the package's main file (dist/); Node reads them from disk.
    wasm.setWasmPaths(`${path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}${path.sep}`);
  } else {
    throw new Error(`bench-tfjs: unknown backend '${backend}' (cpu or wasm)`);
  }
  // Production mode only silences tfjs's console messages (its 'install tfjs-node' banner).
  tf.enableProdMode();
  if (!(await tf.setBackend(backend))) throw new Error(`bench-tfjs: backend '${backend}' failed to initialise`);
  await tf.ready();
  return tf;
}

/** What the wasm backend chose (SIMD, threads), for the report. */
async function backendInfo(tf, backend) {
  const info = { backend: tf.getBackend(), version: tf.version_core };
  if (backend === 'wasm') {
    info.simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    info.threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  }
  return info;
}

// A deterministic uniform generator (mulberry32) for Glorot-uniform weights, as our engine's
// default init: the values do not change the speed, but a sane start keeps tanh unsaturated.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The network, its optimizer and one training step, for workload w on the points X, Y. */
function model(tf, w, X, Y, seed) {
  const sizes = [2, ...w.hidden, 1];
  const rand = rng(seed);
  const layers = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const [fi, fo] = [sizes[l], sizes[l + 1]];
    const lim = Math.sqrt(6 / (fi + fo));
    const W = Float32Array.from({ length: fi * fo }, () => (2 * rand() - 1) * lim);
    layers.push({ W: tf.variable(tf.tensor2d(W, [fi, fo])), b: tf.variable(tf.zeros([fo])) });
  }
  const optimizer = tf.train.rmsprop(0.01, 0.9, 0, 1e-8);
  const loss = () => {
    let a = X;
    for (const { W, b } of layers) a = tf.tanh(tf.add(tf.matMul(a, W), b));
    return tf.mean(tf.squaredDifference(a, Y));
  };
  const step = () => {
    const cost = optimizer.minimize(loss, true);
    const value = cost.dataSync()[0];  // waits for the step to finish
    cost.dispose();
    return value;
  };
  const dispose = () => {
    optimizer.dispose();
    for (const { W, b } of layers) { W.dispose(); b.dispose(); }
  };
  return { step, dispose };
}

/** Median steps/s etc. of tfjs on `backend` for each workload; rows as bench.mjs summarizes them. */
export async function benchTfjs({ backend, workloads = WORKLOADS, reps = 5, log = () => {} }) {
  const tf = await loadTfjs(backend);
  const engine = await createEngine();
  const rows = [];
  for (const w of workloads) {
    const d = engine.dataset({ name: 'spiral', n: w.points, noise: 0.1, train_ratio: 1 });
    const xy = new Float32Array(2 * w.points);
    for (let i = 0; i < w.points; i++) { xy[2 * i] = d.x1[i]; xy[2 * i + 1] = d.x2[i]; }
    const X = tf.tensor2d(xy, [w.points, 2]);
    const Y = tf.tensor2d(Float32Array.from(d.label, (v) => (v > 0 ? 1 : -1)), [w.points, 1]);
    const rates = [];
    const losses = [];
    for (let r = 0; r < reps; r++) {
      const m = model(tf, w, X, Y, 1 + r);
      for (let i = 0; i < WARMUP; i++) m.step();
      const tensors = tf.memory().numTensors;
      let last = NaN;
      const t0 = performance.now();
      for (let i = 0; i < w.steps; i++) last = m.step();
      const s = (performance.now() - t0) / 1000;
      if (!Number.isFinite(last)) throw new Error(`tfjs-${backend} ${w.name}: the loss is ${last}`);
      if (tf.memory().numTensors !== tensors) throw new Error(`tfjs-${backend} ${w.name}: tensors leak (${tensors} -> ${tf.memory().numTensors})`);
      m.dispose();
      rates.push(w.steps / s);
      losses.push(last);
      log(`tfjs-${backend} ${w.name} rep ${r + 1}/${reps}: ${(w.steps / s).toFixed(0)} steps/s, loss ${last.toFixed(4)}`);
    }
    X.dispose();
    Y.dispose();
    rows.push({ ...summarize(`tfjs-${backend}`, w, rates), finalLoss: losses.at(-1) });
  }
  return { info: await backendInfo(tf, backend), rows };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
  const backend = opt('--backend', 'wasm');
  const reps = Math.max(1, Number(opt('--reps', 5)) || 5);
  const only = opt('--only', '');
  const json = opt('--json', '');
  const workloads = WORKLOADS.filter((w) => !only || w.name === only);
  const out = await benchTfjs({ backend, workloads, reps, log: (m) => process.stderr.write(`bench-tfjs: ${m}\n`) });
  if (json) writeFileSync(json, `${JSON.stringify(out, null, 2)}\n`);
  else for (const r of out.rows) console.log(`${r.engine} ${r.workload}: ${r.median.toFixed(0)} steps/s (${r.min.toFixed(0)}-${r.max.toFixed(0)}), ${r.msPerStep.toFixed(3)} ms/step`);
}
