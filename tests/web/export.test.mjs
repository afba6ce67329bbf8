// web/export/: the code, metrics and weights exports, driven by a real Trainer in Node exactly as
// the page's worker drives its own (RunLog beside the trainer, RunRecorder fed its messages).
//
// Whether the exported PyTorch script reproduces the page's numbers is checked three ways:
//  (a) where PyTorch is installed, by running the script (skipped otherwise, and said so);
//  (b) always: the experiment is embedded in the script as one rmsprop-golden/1 'mlp' case
//      (CASE); it is extracted and replayed by the engine's replay tool, which must give the
//      page's recorded losses exactly; the mini-batch order the script computes (its BatchOrder
//      class, run by python3) must be the engine's, step for step;
//  (c) always: the whole script runs under python3 against MINITORCH below, a small pure-Python
//      stand-in for the part of torch it uses (written from PyTorch's documented semantics), and
//      must print losses within 1e-9 of the page's and write a golden file our replay agrees with.
//      That checks the script's own logic (data, weights, loss, regularization, schedule,
//      batches, golden output), not PyTorch.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { createEngine } from '../../web/engine/engine.js';
import { createReplayer } from '../../web/engine/replay.js';
import { defaults, trainerConfig, PRESET_VALUES } from '../../web/state/schema.js';
import { engineSin } from '../../web/export/features.js';
import { goldenCase } from '../../web/export/experiment.js';
import { kerasScript } from '../../web/export/keras.js';
import { csvColumns, metricsCsv, metricsJson, weightsJson } from '../../web/export/metrics.js';
import { extractCase, prettyJson, pyFloat } from '../../web/export/python.js';
import { pytorchScript, torchLimits } from '../../web/export/pytorch.js';
import { RunRecorder } from '../../web/export/recorder.js';
import { RunLog } from '../../web/export/runlog.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TMP = mkdtempSync(path.join(os.tmpdir(), 'rmsprop-export-'));
const HAS_PYTHON = spawnSync('python3', ['--version']).status === 0;
// PyTorch may live in another interpreter than the first python3 on PATH: Debian's python3-torch
// (installed by scripts/setup.sh) is importable from /usr/bin/python3 only.
const TORCH_PYTHON = ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'import torch']).status === 0);
const HAS_TORCH = Boolean(TORCH_PYTHON);
test.after(() => rmSync(TMP, { recursive: true, force: true }));

let enginePromise;
const engine = () => (enginePromise ??= createEngine());
let replayerPromise;
const replayer = () => (replayerPromise ??= createReplayer());

/** The page's trainer config for settings over the defaults (web/state/schema.js). */
function config(settings = {}) {
  const s = { ...defaults(), n: 60, ...settings };
  if (settings.preset && settings.preset !== 'custom') Object.assign(s, PRESET_VALUES[settings.preset], settings);
  return trainerConfig(s);
}

/** Live hyperparameter changes, as the worker applies them. */
const setHyper = (values) => ({ trainer, log, rec }) => {
  log.hyperparams(trainer, () => { for (const [k, v] of Object.entries(values)) trainer.set(k, v); });
  rec.onRun(log.message(trainer));
};
const setBatch = (value) => ({ trainer, log, rec, state }) => {
  trainer.setBatchSize(value);
  state.batchSize = value;
  log.batchSize(trainer, value);
  rec.onRun(log.message(trainer));
};

/**
 * A page run in Node: the worker's bookkeeping (RunLog) and the page's (RunRecorder) around one
 * Trainer. actions[t] runs before step t + 1 (t = 0: before training). userPoints are added at
 * init as the worker does (setPoints of generated + user points).
 */
async function simulate(cfg, { steps = 6, actions = {}, userPoints = null, keepWeights = false } = {}) {
  const e = await engine();
  const trainer = e.trainer(cfg);
  const log = new RunLog();
  const rec = new RunRecorder();
  const state = { batchSize: cfg.batch_size };
  log.start(trainer, { config: cfg, batchSize: cfg.batch_size });
  if (userPoints) {
    const p = trainer.points();
    const cat = (k, f) => Float64Array.from([...p[k], ...userPoints.map(f)]);
    trainer.setPoints({
      x1: cat('x1', (q) => q.x1), x2: cat('x2', (q) => q.x2), label: cat('label', (q) => q.label),
      test: cat('test', () => 0), user: cat('user', () => 1),
    });
    log.pointsChanged(trainer);
  }
  rec.onRun(log.message(trainer, { withWeights: true }));
  rec.onPoints({ points: trainer.points() });
  const flush = () => rec.onMetrics({ steps: trainer.steps, epoch: trainer.epoch, history: trainer.history({ drain: true }) });
  flush();
  const weights = [trainer.weights()];
  for (let t = 0; t < steps; t++) {
    actions[t]?.({ trainer, log, rec, state });
    assert.equal(trainer.step(1), 1, `step ${t + 1} ran`);
    if (keepWeights) weights.push(trainer.weights());
    if (t % 4 === 3) flush();
  }
  flush();
  const exp = await rec.experiment({ source: 'https://example.org/rmsprop/#test' });
  return { trainer, rec, exp, weights };
}

function python(args, { input, interpreter = 'python3' } = {}) {
  return execFileSync(interpreter, args, { encoding: 'utf8', input, maxBuffer: 64 << 20 });
}

function parsePython(text, name) {
  const file = path.join(TMP, name);
  writeFileSync(file, text);
  python(['-c', 'import ast, sys; ast.parse(open(sys.argv[1]).read(), sys.argv[1])', file]);
  return file;
}

async function replayLoss(c) {
  const r = await replayer();
  const out = r.replay({ format: 'rmsprop-golden/1', cases: [c] });
  assert.equal(out.cases[0].error, undefined, `replay error: ${out.cases[0].error}`);
  return out.cases[0].expected;
}

/** A json.loads(r'''...''') block of a script, parsed. */
function embedded(script, name) {
  const m = new RegExp(`^${name} = json\\.loads\\(r'''([\\s\\S]*?)'''\\)`, 'm').exec(script);
  assert.ok(m, `${name} is embedded`);
  return JSON.parse(m[1]);
}
/** Comment paragraphs joined back into one line each (they are wrapped at 100 columns). */
const unwrap = (text) => text.replace(/\n#(?!\n) */g, ' ');
const within = (got, want, rtol = 1e-9, atol = 1e-12) => Math.abs(got - want) <= rtol * Math.abs(want) + atol;

// The settings the code exports are checked on: every preset, both losses, every activation and
// regularization, sine features, regression, momentum, centered, weight decay, user points.
const FULL_BATCH = [
  { name: 'pytorch defaults', settings: {} },
  { name: 'keras preset (eps in the sqrt)', settings: { preset: 'keras', lr: 0.01 } },
  { name: 'tf1 preset (v starts at 1)', settings: { preset: 'tf1', lr: 0.01, momentum: 0.5 } },
  { name: 'hinton2012, bce, sigmoid hidden, L1', settings: { preset: 'hinton2012', loss: 'bce', activation: 'sigmoid', reg: 'l1', regRate: 0.003, hidden: [5] } },
  { name: 'relu, L2, sine features, centered, momentum, weight decay', settings: { dataset: 'spiral', activation: 'relu', reg: 'l2', regRate: 0.01, features: ['x1', 'x2', 'sinx1', 'sinx2', 'x1x2'], centered: true, momentum: 0.9, weight_decay: 0.001, hidden: [6, 4, 3] } },
  { name: 'regression, linear output and hidden, he init', settings: { problem: 'regression', dataset: 'plane', output: 'linear', activation: 'linear', init: 'he', features: ['x1', 'x2', 'x1sq'] } },
  { name: 'sigmoid output with mse (0/1 targets), uniform init, xor', settings: { dataset: 'xor', output: 'sigmoid', init: 'uniform', lr: 0.03 } },
];

test('the engine\'s sin is reproduced bit for bit (features sin x1, sin x2)', async () => {
  const e = await engine();
  const t = e.trainer({ dataset: { name: 'plane', n: 20 }, features: ['sinx1'], hidden: [1], activation: 'linear', output: 'linear' });
  const p = t.points();
  let checked = 0;
  for (const far of [6, 7.5, 31, 100, 555, 1000]) {
    t.setPoints({ x1: Float64Array.from([...p.x1, far]), x2: Float64Array.from([...p.x2, 0]), label: Float64Array.from([...p.label, 0]) });
    t.setWeights([{ W: [[1]], b: [0] }, { W: [[1]], b: [0] }]);
    const n = 512;
    const d = t.domain;
    const grid = t.decisionGrid(n);  // row 0, column ix: the output at x1 = cell centre, i.e. sin(x1)
    for (let ix = 0; ix < n; ix++) {
      const x = -d + (ix + 0.5) * ((2 * d) / n);
      assert.equal(engineSin(x), grid[ix], `sin(${x})`);
      checked++;
    }
  }
  assert.equal(checked, 6 * 512);
  t.dispose();
  assert.ok(Object.is(engineSin(-0), -0));
});

test('pyFloat writes what Python\'s repr writes', () => {
  const cases = [[0.01, '0.01'], [1e-8, '1e-08'], [1e-7, '1e-07'], [0.0001, '0.0001'], [0.00001, '1e-05'], [1, '1.0'],
    [0, '0.0'], [-0, '-0.0'], [0.9, '0.9'], [0.99, '0.99'], [123456789, '123456789.0'], [1e16, '1e+16'], [1.5e300, '1.5e+300'],
    [Math.sqrt(1e-7), '0.00031622776601683794'], [1e-10, '1e-10'], [-2.5e-5, '-2.5e-05'], [1 / 3, '0.3333333333333333']];
  for (const [v, want] of cases) assert.equal(pyFloat(v), want, String(v));
  if (HAS_PYTHON) {
    const values = [0.01, 1e-8, 0.003, 0.00031622776601683794, 1e-10, 7.0e22, 2 ** -1074, 1 / 3, 12345.678, 1e15, 1e16];
    const reprs = JSON.parse(python(['-c', `import json; print(json.dumps([repr(float(v)) for v in ${JSON.stringify(values)}]))`]));
    assert.deepEqual(values.map(pyFloat), reprs);
  }
});

for (const { name, settings } of FULL_BATCH) {
  test(`PyTorch and Keras code for ${name}: hyperparameters, layers, weights, notes, valid Python`, async () => {
    const cfg = config(settings);
    const { exp, trainer, rec, weights } = await simulate(cfg, { steps: 7 });
    const o = cfg.optimizer;
    const py = pytorchScript(exp);
    const keras = kerasScript(exp);
    // Python that parses (both).
    if (HAS_PYTHON) {
      parsePython(py, `${name.replace(/\W+/g, '-')}.py`);
      parsePython(keras, `${name.replace(/\W+/g, '-')}-keras.py`);
    }
    // float64, the layer sizes and activations.
    assert.match(py, /^torch\.set_default_dtype\(torch\.float64\)$/m);
    const layers = [cfg.features.length, ...cfg.hidden, 1];
    for (let l = 0; l + 1 < layers.length; l++) {
      assert.ok(py.includes(`nn.Linear(${layers[l]}, ${layers[l + 1]})`), `nn.Linear(${layers[l]}, ${layers[l + 1]})`);
      assert.ok(keras.includes(`tf.keras.layers.Dense(${layers[l + 1]}, activation=`), `Dense(${layers[l + 1]})`);
    }
    const act = { tanh: 'nn.Tanh()', relu: 'nn.ReLU()', sigmoid: 'nn.Sigmoid()' }[cfg.activation];
    if (act) assert.ok(py.includes(`nn.Linear(${layers[0]}, ${layers[1]}), ${act},`));
    if (cfg.loss === 'bce') {
      assert.match(py, /^loss_fn = nn\.BCEWithLogitsLoss\(\)/m);
      assert.match(py, new RegExp(`nn\\.Linear\\(${layers.at(-2)}, 1\\),\\n\\)`), 'bce: the model ends at the logits');
      assert.match(keras, /BinaryCrossentropy\(from_logits=True\)/);
    } else {
      assert.match(py, /^loss_fn = nn\.MSELoss\(\)/m);
      assert.match(keras, /MeanSquaredError\(\)/);
    }
    // The exact hyperparameters.
    const hp = `lr=${pyFloat(o.lr)}, alpha=${pyFloat(o.alpha)}, eps=${pyFloat(o.eps)}, weight_decay=${pyFloat(o.weight_decay)}, momentum=${pyFloat(o.momentum)}, centered=${o.centered ? 'True' : 'False'}`;
    const limits = torchLimits(exp);
    if (limits.length) {
      assert.ok(py.includes(`PlaygroundRMSprop(model.parameters(), ${hp}, eps_in_sqrt=${o.eps_in_sqrt ? 'True' : 'False'}, initial_accumulator=${pyFloat(o.initial_accumulator)})`), 'exact optimizer');
      const closest = `torch.optim.RMSprop(model.parameters(), lr=${pyFloat(o.lr)}, alpha=${pyFloat(o.alpha)}, eps=${pyFloat(o.eps_in_sqrt ? Math.sqrt(o.eps) : o.eps)}, `;
      assert.ok(py.includes(`optimizer = ${closest}`), 'the closest torch.optim.RMSprop');
      assert.match(py, /^USE_TORCH_RMSPROP = False$/m);
    } else {
      assert.ok(py.includes(`optimizer = torch.optim.RMSprop(model.parameters(), ${hp})`), 'torch.optim.RMSprop with the exact hyperparameters');
      assert.doesNotMatch(py, /PlaygroundRMSprop/);
    }
    assert.ok(keras.includes(`optimizer = tf.keras.optimizers.RMSprop(learning_rate=${pyFloat(o.lr)}, rho=${pyFloat(o.alpha)}, momentum=${pyFloat(o.momentum)}, epsilon=${pyFloat(o.eps)}, centered=${o.centered ? 'True' : 'False'})`), 'keras optimizer');
    // The caveat comments.
    if (o.eps_in_sqrt) {
      assert.match(py, /# NOTE eps placement: this run divides by sqrt\(v \+ eps\)/);
      assert.ok(unwrap(py).includes(`eps = sqrt(eps) = ${pyFloat(Math.sqrt(o.eps))}`), 'closest equivalent for eps_in_sqrt');
      assert.match(keras, /# NOTE eps placement: Keras divides by sqrt\(v \+ epsilon\)/);
    } else {
      assert.doesNotMatch(py, /NOTE eps placement/);
      assert.match(keras, /# NOTE eps placement: this run divides by sqrt\(v\) \+ eps \(PyTorch's placement\)/);
      assert.ok(keras.includes(`epsilon=${pyFloat(o.eps * o.eps)}, centered=`), 'the closest Keras epsilon');
    }
    if (o.initial_accumulator !== 0) {
      assert.match(py, /# NOTE initial accumulator: v starts at 1\.0 here/);
      assert.match(keras, /# NOTE initial accumulator/);
    } else assert.doesNotMatch(py, /NOTE initial accumulator/);
    assert.match(keras, /# NOTE momentum: Keras keeps lr inside its momentum buffer/);
    if (o.weight_decay) assert.match(keras, /# NOTE weight decay: the weight_decay argument of Keras optimizers is decoupled/);
    if (cfg.regularization !== 'none') {
      assert.ok(py.includes(`REG_RATE = ${pyFloat(cfg.reg_rate)}`));
      assert.ok(py.includes(cfg.regularization === 'l2'
        ? 'REG_RATE * 0.5 * sum((linear.weight ** 2).sum() for linear in linears)'
        : 'REG_RATE * sum(linear.weight.abs().sum() for linear in linears)'));
      assert.match(py, /\(objective \+ penalty\(\)\)\.backward\(\)/);
    }
    // The embedded case: step-0 weights, data, targets, steps, the optimizer.
    const c = extractCase(py);
    assert.deepEqual(c, extractCase(keras), 'both scripts embed the same case');
    assert.deepEqual(c.weights, weights[0], 'the step-0 weights, every digit');
    assert.equal(c.kind, 'mlp');
    assert.equal(c.steps, 7);
    assert.deepEqual(c.model.layers, layers);
    assert.equal(c.optimizer.lr, o.lr);
    assert.equal(c.optimizer.eps, o.eps);
    assert.equal(c.data.x.length, trainer.trainSize);
    const zeroOne = cfg.loss === 'bce' || cfg.output === 'sigmoid';
    const targets = new Set(c.data.y.map((r) => r[0]));
    if (exp.problem === 'classification') assert.deepEqual([...targets].sort(), zeroOne ? [0, 1] : [-1, 1]);
    // (b) Replayed by the engine, the case gives the page's losses exactly.
    const expected = await replayLoss(c);
    const page = rec.history().train_loss;
    assert.equal(page.length, 7);
    assert.deepEqual(expected.loss, Array.from(page), 'replayed loss == the page\'s recorded loss, bit for bit');
    assert.deepEqual(expected.weights, trainer.weights(), 'replayed final weights == the page\'s');
  });
}

test('the golden case is replayed the same by the native tool (when built)', { skip: !existsSync(path.join(ROOT, 'build/native/rp_replay')) && 'build/native/rp_replay is not built' }, async () => {
  const { exp, rec } = await simulate(config({ preset: 'keras', lr: 0.02, reg: 'l2', regRate: 0.01 }), { steps: 5 });
  const file = path.join(TMP, 'native-in.json');
  writeFileSync(file, JSON.stringify({ format: 'rmsprop-golden/1', cases: [goldenCase(exp)] }));
  const out = JSON.parse(execFileSync('node', [path.join(ROOT, 'scripts/replay.mjs'), '--engine', 'native', '--in', file, '--out', '-'], { encoding: 'utf8' }));
  assert.deepEqual(out.cases[0].expected.loss, Array.from(rec.history().train_loss));
});

test('live changes are recorded with the step they took effect at, and replay exactly', async () => {
  const cfg = config({ lr: 0.01 });
  const actions = { 0: setHyper({ lr: 0.02 }), 3: setHyper({ lr: 0.005, momentum: 0.5 }), 5: setHyper({ alpha: 0.9, eps: 1e-6 }) };
  const { exp, rec } = await simulate(cfg, { steps: 8, actions });
  assert.equal(exp.optimizer.lr, 0.02, 'a change before the first step is the starting value');
  assert.deepEqual(exp.changes, [[3, { lr: 0.005, momentum: 0.5 }], [5, { alpha: 0.9, eps: 1e-6 }]]);
  const py = pytorchScript(exp);
  assert.deepEqual(embedded(py, 'SCHEDULE'), [[3, { lr: 0.005, momentum: 0.5 }], [5, { alpha: 0.9, eps: 1e-6 }]]);
  assert.match(py, /NOTE momentum is switched on during the run/);
  assert.match(py, /--golden: hyperparameters changed during the run/);
  // Applying the schedule to a fresh trainer gives the page's losses: the steps are right.
  const e = await engine();
  const t = e.trainer({ ...cfg, optimizer: { ...cfg.optimizer, lr: 0.02 } });
  let done = 0;
  for (const [step, values] of exp.changes) {
    t.step(step - done);
    done = step;
    for (const [k, v] of Object.entries(values)) t.set(k, v);
  }
  t.step(8 - done);
  assert.deepEqual(Array.from(t.history().train_loss), Array.from(rec.history().train_loss));
  t.dispose();
});

// Mini-batches: the script's BatchOrder (python3) against the engine's batches, step by step. A
// second trainer takes each step on exactly the rows BatchOrder names, in that order, as a full
// batch; every step's weights must equal the mini-batch trainer's, bit for bit.
const BATCH_RUNS = [
  { name: 'batch 7', settings: { batch: 7 }, steps: 12 },
  { name: 'batch 8 with user points (two reshuffles before step 1), bce', settings: { batch: 8, loss: 'bce', dataset: 'moons' }, steps: 10, userPoints: [{ x1: 1, x2: 2, label: 1 }, { x1: -2, x2: 0.5, label: 0 }, { x1: 3, x2: -3, label: 1 }] },
  { name: 'full batch, then batch 5 from step 4, then 9 from step 9', settings: { batch: 0 }, steps: 14, actions: { 3: setBatch(5), 8: setBatch(9) } },
];

const BATCH_DRIVER = `
import ast, json, sys
tree = ast.parse(open(sys.argv[1]).read())
keep = [n for n in tree.body if (isinstance(n, ast.ClassDef) and n.name == "BatchOrder")
        or (isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") in ("BATCH", "SCHEDULE"))]
ns = {"json": json}
exec(compile(ast.Module(body=keep, type_ignores=[]), "batches", "exec"), ns)
b = ns["BatchOrder"](ns["BATCH"]["seed"], ns["BATCH"]["shuffles"], ns["BATCH"]["batch_size"])
out = []
for t in range(1, int(sys.argv[2]) + 1):
    for step, values in ns["SCHEDULE"]:
        if step == t - 1 and "batch_size" in values:
            b.set_batch_size(values["batch_size"])
    out.append(b.next())
    b.step_done()
print(json.dumps(out))
`;

for (const run of BATCH_RUNS) {
  test(`mini-batch order: ${run.name}`, { skip: !HAS_PYTHON && 'python3 is not installed' }, async () => {
    const cfg = config(run.settings);
    const { exp, weights } = await simulate(cfg, { steps: run.steps, actions: run.actions, userPoints: run.userPoints, keepWeights: true });
    const py = pytorchScript(exp);
    assert.match(py, /^class BatchOrder:/m);
    assert.match(py, /--golden: the run uses mini-batches/);
    assert.match(kerasScript(exp), /^class BatchOrder:/m);
    const file = parsePython(py, `batches-${run.name.replace(/\W+/g, '-')}.py`);
    const batches = JSON.parse(python(['-c', BATCH_DRIVER, file, String(run.steps)]));
    assert.equal(batches.length, run.steps);
    const e = await engine();
    const t = e.trainer({ ...cfg, batch_size: 0, divergence_factor: 0 });
    t.setWeights(exp.weights);
    const train = exp.train.index;
    for (let s = 0; s < run.steps; s++) {
      const rows = batches[s] ?? train.map((_, i) => i);
      const idx = rows.map((r) => train[r]);
      const pick = (k) => Float64Array.from(idx, (i) => exp.points[k][i]);
      t.setPoints({ x1: pick('x1'), x2: pick('x2'), label: pick('label'), test: new Float64Array(idx.length) });
      t.step(1);
      assert.deepEqual(t.weights(), weights[s + 1], `step ${s + 1}: the same batch as the engine's`);
    }
    if (run.settings.batch) assert.ok(batches.every((b) => b && b.length <= run.settings.batch), 'mini-batches');
    t.dispose();
  });
}

test('a run whose points changed midway says so, and its script does not claim to replay it', async () => {
  const cfg = config();
  const actions = {
    2: ({ trainer, log, rec }) => {
      trainer.addPoint({ x1: 0.5, x2: 0.5, label: 1 });
      log.pointsChanged(trainer);
      rec.onRun(log.message(trainer));
      rec.onPoints({ points: trainer.points() });
    },
  };
  const { exp } = await simulate(cfg, { steps: 4, actions });
  assert.equal(exp.reproducible, false);
  const py = pytorchScript(exp);
  assert.match(py, /# NOTE The page's points changed at step 2, during the run/);
  assert.match(py, /^REPRODUCIBLE = False/m);
});

test('metrics CSV: a header and one row per step, every number exact', async () => {
  const { rec, trainer } = await simulate(config({ hidden: [3, 3] }), { steps: 9 });
  const h = rec.history();
  const csv = metricsCsv(h);
  const lines = csv.trimEnd().split('\n');
  const header = lines[0].split(',');
  assert.deepEqual(header, csvColumns(3));
  assert.equal(header.length, 7 + 3 * 11);
  assert.ok(header.includes('layer3_step_median') && header.includes('layer1_grad_rms'));
  assert.equal(lines.length, 1 + 9, 'one row per step');
  const rows = lines.slice(1).map((l) => l.split(','));
  assert.deepEqual(rows.map((r) => Number(r[0])), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  rows.forEach((r, i) => {
    assert.equal(r.length, header.length);
    assert.equal(Number(r[header.indexOf('train_loss')]), h.train_loss[i]);
    assert.equal(Number(r[header.indexOf('layer2_update_rms')]), h.layers[1].update_rms[i]);
    assert.equal(Number(r[header.indexOf('lr')]), 0.01);
  });
  // Regression: accuracies are not defined, the cells are empty.
  const reg = await simulate(config({ problem: 'regression', dataset: 'plane' }), { steps: 2 });
  const regLines = metricsCsv(reg.rec.history()).trimEnd().split('\n');
  assert.equal(regLines[1].split(',')[4], '', 'train_acc empty in regression');
  // JSON: the same rows, null for undefined values.
  const doc = JSON.parse(metricsJson(h, { config: rec.run.config, steps: trainer.steps }));
  assert.equal(doc.format, 'rmsprop-playground-metrics/1');
  assert.equal(doc.rows, 9);
  assert.deepEqual(doc.step, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(doc.train_loss, Array.from(h.train_loss));
  assert.equal(doc.layers.length, 3);
  assert.deepEqual(doc.layers[2].step_median, Array.from(h.layers[2].step_median));
  assert.deepEqual(JSON.parse(metricsJson(reg.rec.history())).train_acc, [null, null]);
  // Weights JSON reloads.
  const w = JSON.parse(weightsJson(trainer.weights()));
  const e = await engine();
  const t2 = e.trainer(rec.run.config);
  t2.setWeights(w);
  assert.deepEqual(t2.weights(), trainer.weights());
  t2.dispose();
});

test('the recorder keeps every column of every row, and halves past its limit', () => {
  const rec = new RunRecorder({ maxRows: 16 });
  rec.onRun({ type: 'run', serial: 1, config: { hidden: [2] }, weights: [], steps: 0 });
  const batch = (from, n) => {
    const col = (f) => Float64Array.from({ length: n }, (_, i) => f(from + i));
    const layer = () => Object.fromEntries(['grad_rms', 'update_rms', 'param_rms', 'update_ratio', 'accum_rms', 'step_min', 'step_p10', 'step_median', 'step_p90', 'step_max', 'nonfinite'].map((k) => [k, col((s) => s * 10)]));
    return { rows: n, step: col((s) => s), epoch: col((s) => s), train_loss: col((s) => 1 / s), test_loss: col(() => NaN), train_acc: col(() => 0.5), test_acc: col(() => NaN), lr: col(() => 0.01), layers: [layer(), layer()] };
  };
  rec.onMetrics({ steps: 10, history: batch(1, 10) });
  assert.equal(rec.rows, 10);
  rec.onMetrics({ steps: 20, history: batch(11, 10) });
  assert.equal(rec.stride, 2);
  const h = rec.history();
  assert.deepEqual(Array.from(h.step), [1, 3, 5, 7, 9, 11, 13, 15, 17, 19]);
  assert.deepEqual(Array.from(h.layers[1].grad_rms), [10, 30, 50, 70, 90, 110, 130, 150, 170, 190]);
  // A run restarted without a 'run' message (steps going back) starts over.
  rec.onMetrics({ steps: 3, history: batch(1, 3) });
  assert.deepEqual(Array.from(rec.history().step), [1, 2, 3]);
});

test('embedded JSON is exact and can never close the raw string', () => {
  const v = { a: [0.1, 1e-300, -2.5e-7, 123456789.123], b: [[1, 2], [3, 4]], s: "it's ''' here" };
  const text = prettyJson(v);
  assert.deepEqual(JSON.parse(text), v);
  const script = `CASE = json.loads(r'''${text.replace(/'/g, '\\u0027')}''')\n`;
  assert.ok(!text.replace(/'/g, '\\u0027').includes("'''"));
  assert.deepEqual(extractCase(script), v);
});

// ---------------------------------------------------------------------------------------------
// (a) With PyTorch: the exported script itself reproduces the page's losses.

const TORCH_RUNS = [
  { name: 'pytorch defaults', settings: {}, steps: 20 },
  { name: 'keras preset, L2', settings: { preset: 'keras', lr: 0.01, reg: 'l2', regRate: 0.01 }, steps: 20 },
  { name: 'tf1 preset, momentum, bce', settings: { preset: 'tf1', lr: 0.01, momentum: 0.5, loss: 'bce' }, steps: 20 },
  { name: 'mini-batch 9, centered, relu', settings: { batch: 9, centered: true, activation: 'relu' }, steps: 20 },
  { name: 'live lr change', settings: {}, steps: 12, actions: { 5: setHyper({ lr: 0.05 }) } },
];

for (const run of TORCH_RUNS) {
  // scripts/setup.sh installs PyTorch, so in CI its absence is a failure, not a skip.
  test(`(a) PyTorch runs the exported script: ${run.name}`, { skip: !HAS_TORCH && !process.env.CI && 'PyTorch is not installed here: path (b) and (c) check the script instead' }, async () => {
    assert.ok(HAS_TORCH, 'PyTorch is not importable from python3 or /usr/bin/python3 (scripts/setup.sh installs python3-torch)');
    const { exp, rec } = await simulate(config(run.settings), { steps: run.steps, actions: run.actions });
    const file = parsePython(pytorchScript(exp), `torch-${run.name.replace(/\W+/g, '-')}.py`);
    const golden = path.join(TMP, `torch-${run.name.replace(/\W+/g, '-')}.json`);
    const canGolden = !exp.miniBatch && !exp.changes.length;
    // Exit status 0: every recorded loss within 1e-9 relative (the script checks PAGE_LOSS itself).
    python([file, '--quiet', ...(canGolden ? ['--golden', golden] : [])], { interpreter: TORCH_PYTHON });
    if (canGolden) {
      const doc = JSON.parse(readFileSync(golden, 'utf8'));
      const page = rec.history().train_loss;
      doc.cases[0].expected.loss.forEach((l, i) => assert.ok(within(l, page[i]), `step ${i + 1}: PyTorch ${l}, page ${page[i]}`));
    }
  });
}

// ---------------------------------------------------------------------------------------------
// (c) The whole script under python3 with a stand-in for torch (see the top of this file).

const MINITORCH = String.raw`
"""A pure-Python stand-in for the part of torch the playground's exported scripts use: float64
tensors of rank <= 2, reverse-mode autograd, nn.Linear/Sequential/activations/losses and
torch.optim.RMSprop as PyTorch documents it. For tests of the scripts' logic only."""
import math
from collections import defaultdict

__version__ = "minitorch (a test stand-in)"
float64 = "float64"
_grad_enabled = [True]


def set_default_dtype(dtype):
    assert dtype == float64


class _GradMode:
    def __init__(self, enabled):
        self.enabled = enabled

    def __enter__(self):
        self.prev = _grad_enabled[0]
        _grad_enabled[0] = self.enabled

    def __exit__(self, *exc):
        _grad_enabled[0] = self.prev

    def __call__(self, fn):
        def wrapped(*args, **kwargs):
            with _GradMode(self.enabled):
                return fn(*args, **kwargs)
        return wrapped


def no_grad():
    return _GradMode(False)


def enable_grad():
    return _GradMode(True)


class Tensor:
    """values: a flat list; backward(g) returns one gradient list per parent."""

    def __init__(self, values, shape, parents=(), backward=None, requires_grad=False):
        self.v = values
        self.shape = shape
        self.grad = None
        self.requires_grad = requires_grad
        self._parents = ()
        self._backward = None
        if _grad_enabled[0] and any(p.requires_grad for p in parents):
            self.requires_grad = True
            self._parents = tuple(parents)
            self._backward = backward

    __hash__ = object.__hash__
    dtype = float64

    def item(self):
        assert len(self.v) == 1
        return self.v[0]

    def tolist(self):
        if len(self.shape) == 2:
            c = self.shape[1]
            return [self.v[i * c:(i + 1) * c] for i in range(self.shape[0])]
        return list(self.v) if self.shape else self.v[0]

    def detach(self):
        return Tensor(self.v, self.shape)

    def clone(self):
        return Tensor(list(self.v), self.shape)

    def double(self):
        return Tensor([float(x) for x in self.v], self.shape)

    def reshape(self, *shape):
        assert shape == (-1,)
        return Tensor(self.v, (len(self.v),), (self,), lambda g: [g])

    def copy_(self, other):
        assert len(other.v) == len(self.v)
        self.v[:] = other.v
        return self

    def _operand(self, o):
        if isinstance(o, Tensor):
            if len(o.v) == len(self.v):
                return o.v, o, False
            assert len(o.v) == 1
            return o.v * len(self.v), o, True
        return [float(o)] * len(self.v), None, False

    def _binary(self, o, f, da, db):
        ov, ot, bcast = self._operand(o)
        vals = [f(a, b) for a, b in zip(self.v, ov)]
        def back(g):
            ga = [x * da(a, b) for x, a, b in zip(g, self.v, ov)]
            if ot is None:
                return [ga]
            gb = [x * db(a, b) for x, a, b in zip(g, self.v, ov)]
            return [ga, [sum(gb)] if bcast else gb]
        parents = (self,) if ot is None else (self, ot)
        return Tensor(vals, self.shape, parents, back)

    def __add__(self, o):
        return self._binary(o, lambda a, b: a + b, lambda a, b: 1.0, lambda a, b: 1.0)

    def __radd__(self, o):
        return self.__add__(o)

    def __sub__(self, o):
        return self._binary(o, lambda a, b: a - b, lambda a, b: 1.0, lambda a, b: -1.0)

    def __mul__(self, o):
        return self._binary(o, lambda a, b: a * b, lambda a, b: b, lambda a, b: a)

    def __rmul__(self, o):
        return self.__mul__(o)

    def __neg__(self):
        return Tensor([-a for a in self.v], self.shape, (self,), lambda g: [[-x for x in g]])

    def __pow__(self, p):
        assert p == 2
        return Tensor([a * a for a in self.v], self.shape, (self,), lambda g: [[x * (2.0 * a) for x, a in zip(g, self.v)]])

    def abs(self):
        return Tensor([abs(a) for a in self.v], self.shape, (self,),
                      lambda g: [[x * ((a > 0) - (a < 0)) for x, a in zip(g, self.v)]])

    def sqrt(self):
        return Tensor([math.sqrt(a) for a in self.v], self.shape)

    def sum(self):
        n = len(self.v)
        return Tensor([math.fsum(self.v)], (), (self,), lambda g: [[g[0]] * n])

    def mean(self):
        n = len(self.v)
        return Tensor([math.fsum(self.v) / n], (), (self,), lambda g: [[g[0] / n] * n])

    def __gt__(self, o):
        ov, _, _ = self._operand(o)
        return Tensor([a > b for a, b in zip(self.v, ov)], self.shape)

    def __eq__(self, o):
        return Tensor([a == b for a, b in zip(self.v, o.v)], self.shape)

    def __getitem__(self, rows):
        c = self.shape[1]
        return Tensor([self.v[i * c + j] for i in rows for j in range(c)], (len(rows), c))

    # in place, for optimizers (under no_grad)
    def mul_(self, s):
        self.v[:] = [a * s for a in self.v]
        return self

    def add_(self, o, alpha=None):
        if not isinstance(o, Tensor):
            self.v[:] = [a + o for a in self.v]
        elif alpha is None:
            self.v[:] = [a + b for a, b in zip(self.v, o.v)]
        else:
            self.v[:] = [a + alpha * b for a, b in zip(self.v, o.v)]
        return self

    def add(self, o, alpha=1.0):
        return Tensor([a + alpha * b for a, b in zip(self.v, o.v)], self.shape)

    def addcmul_(self, t1, t2, value=1.0):
        self.v[:] = [a + value * b * c for a, b, c in zip(self.v, t1.v, t2.v)]
        return self

    def addcmul(self, t1, t2, value=1.0):
        return Tensor([a + value * b * c for a, b, c in zip(self.v, t1.v, t2.v)], self.shape)

    def addcdiv_(self, t1, t2, value=1.0):
        self.v[:] = [a + value * b / c for a, b, c in zip(self.v, t1.v, t2.v)]
        return self

    def backward(self):
        order, seen = [], set()
        def visit(t):
            if id(t) in seen:
                return
            seen.add(id(t))
            for p in t._parents:
                visit(p)
            order.append(t)
        visit(self)
        grads = {id(self): [1.0] * len(self.v)}
        for t in reversed(order):
            g = grads.pop(id(t), None)
            if g is None:
                continue
            if not t._parents:
                if t.requires_grad:
                    t.grad = Tensor(list(g), t.shape) if t.grad is None else Tensor([a + b for a, b in zip(t.grad.v, g)], t.shape)
                continue
            for p, gp in zip(t._parents, t._backward(g)):
                if p.requires_grad:
                    prev = grads.get(id(p))
                    grads[id(p)] = list(gp) if prev is None else [a + b for a, b in zip(prev, gp)]


def _shape_of(data):
    if data and isinstance(data[0], (list, tuple)):
        return (len(data), len(data[0]))
    return (len(data),)


def tensor(data, dtype=None):
    raw = [v for row in data for v in row] if data and isinstance(data[0], (list, tuple)) else list(data)
    t = Tensor([float(v) for v in raw], _shape_of(data))
    # As torch: a list of Python ints makes an int64 tensor unless a dtype is given.
    if dtype is None and raw and all(isinstance(v, int) for v in raw):
        t.dtype = "int64"
    return t


def zeros_like(t):
    return Tensor([0.0] * len(t.v), t.shape)


def full_like(t, value):
    return Tensor([float(value)] * len(t.v), t.shape)


def cat(tensors):
    vals = [v for t in tensors for v in t.v]
    return Tensor(vals, (len(vals),))


def sigmoid(t):
    return Tensor([1.0 / (1.0 + math.exp(-a)) for a in t.v], t.shape)


class Parameter(Tensor):
    def __init__(self, values, shape):
        super().__init__(values, shape, requires_grad=True)


class Optimizer:
    def __init__(self, params, defaults):
        self.defaults = defaults
        self.state = defaultdict(dict)
        self.param_groups = [dict(defaults, params=list(params))]

    def zero_grad(self):
        for group in self.param_groups:
            for p in group["params"]:
                p.grad = None


class RMSprop(Optimizer):
    """torch.optim.RMSprop's documented algorithm (its single-tensor implementation)."""

    def __init__(self, params, lr=0.01, alpha=0.99, eps=1e-08, weight_decay=0, momentum=0, centered=False, maximize=False):
        super().__init__(params, dict(lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay, momentum=momentum,
                                      centered=centered, maximize=maximize))

    @no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["square_avg"] = zeros_like(p)
                    if group["momentum"] > 0:
                        state["momentum_buffer"] = zeros_like(p)
                    if group["centered"]:
                        state["grad_avg"] = zeros_like(p)
                state["step"] += 1
                grad = p.grad if not group["maximize"] else -p.grad
                if group["weight_decay"] != 0:
                    grad = grad.add(p, alpha=group["weight_decay"])
                square_avg = state["square_avg"]
                square_avg.mul_(group["alpha"]).addcmul_(grad, grad, value=1 - group["alpha"])
                if group["centered"]:
                    grad_avg = state["grad_avg"]
                    grad_avg.mul_(group["alpha"]).add_(grad, alpha=1 - group["alpha"])
                    avg = square_avg.addcmul(grad_avg, grad_avg, value=-1).sqrt().add_(group["eps"])
                else:
                    avg = square_avg.sqrt().add_(group["eps"])
                if group["momentum"] > 0:
                    buf = state["momentum_buffer"]
                    buf.mul_(group["momentum"]).addcdiv_(grad, avg)
                    p.add_(buf, alpha=-group["lr"])
                else:
                    p.addcdiv_(grad, avg, value=-group["lr"])


class optim:
    Optimizer = Optimizer
    RMSprop = RMSprop
`;

const MINITORCH_NN = String.raw`
import math
import torch


class Module:
    def __call__(self, x):
        return self.forward(x)

    def parameters(self):
        return []


class Linear(Module):
    def __init__(self, fan_in, fan_out):
        self.fan_in, self.fan_out = fan_in, fan_out
        self.weight = torch.Parameter([0.0] * (fan_in * fan_out), (fan_out, fan_in))
        self.bias = torch.Parameter([0.0] * fan_out, (fan_out,))

    def parameters(self):
        return [self.weight, self.bias]

    def forward(self, x):
        assert x.dtype == torch.float64, "Linear: expected a float64 input, got " + x.dtype
        n, i_n = x.shape
        o_n = self.fan_out
        W, b = self.weight, self.bias
        out = []
        for r in range(n):
            for o in range(o_n):
                z = b.v[o]
                for i in range(i_n):
                    z += x.v[r * i_n + i] * W.v[o * i_n + i]
                out.append(z)

        def back(g):
            gW = [0.0] * (o_n * i_n)
            gb = [0.0] * o_n
            gx = [0.0] * (n * i_n)
            for r in range(n):
                for o in range(o_n):
                    d = g[r * o_n + o]
                    gb[o] += d
                    for i in range(i_n):
                        gW[o * i_n + i] += d * x.v[r * i_n + i]
                        gx[r * i_n + i] += d * W.v[o * i_n + i]
            return [gx, gW, gb]
        return torch.Tensor(out, (n, o_n), (x, W, b), back)


class _Act(Module):
    def forward(self, x):
        y = [self.f(a) for a in x.v]
        return torch.Tensor(y, x.shape, (x,), lambda g: [[gi * self.d(a, yi) for gi, a, yi in zip(g, x.v, y)]])


class Tanh(_Act):
    f = staticmethod(math.tanh)
    d = staticmethod(lambda a, y: 1.0 - y * y)


class ReLU(_Act):
    f = staticmethod(lambda a: a if a > 0 else 0.0)
    d = staticmethod(lambda a, y: 1.0 if a > 0 else 0.0)


class Sigmoid(_Act):
    f = staticmethod(lambda a: 1.0 / (1.0 + math.exp(-a)))
    d = staticmethod(lambda a, y: y * (1.0 - y))


class Sequential(Module):
    def __init__(self, *mods):
        self.mods = list(mods)

    def __iter__(self):
        return iter(self.mods)

    def parameters(self):
        return [p for m in self.mods for p in m.parameters()]

    def forward(self, x):
        for m in self.mods:
            x = m(x)
        return x


class MSELoss(Module):
    def __call__(self, out, y):
        assert y.dtype == torch.float64, "MSELoss: expected float64 targets, got " + y.dtype
        n = len(out.v)
        d = [a - b for a, b in zip(out.v, y.v)]
        return torch.Tensor([math.fsum(x * x for x in d) / n], (), (out,), lambda g: [[g[0] * 2.0 * x / n for x in d]])


class BCEWithLogitsLoss(Module):
    def __call__(self, z, y):
        assert y.dtype == torch.float64, "BCEWithLogitsLoss: expected float64 targets, got " + y.dtype
        n = len(z.v)
        def softplus(a):
            return max(a, 0.0) + math.log1p(math.exp(-abs(a)))
        loss = math.fsum(softplus(a) - a * t for a, t in zip(z.v, y.v)) / n
        return torch.Tensor([loss], (), (z,), lambda g: [[g[0] * (1.0 / (1.0 + math.exp(-a)) - t) / n for a, t in zip(z.v, y.v)]])
`;

function minitorchDir() {
  const dir = path.join(TMP, 'minitorch');
  const pkg = path.join(dir, 'torch');
  if (!existsSync(pkg)) {
    mkdirSync(pkg, { recursive: true });
    writeFileSync(path.join(pkg, '__init__.py'), `${MINITORCH}\nfrom . import nn  # noqa: E402\n`);
    writeFileSync(path.join(pkg, 'nn.py'), MINITORCH_NN);
  }
  return dir;
}

const STANDIN_RUNS = [
  { name: 'pytorch defaults', settings: { n: 40 }, steps: 8 },
  { name: 'keras preset (exact class), L2, sine features', settings: { n: 40, preset: 'keras', lr: 0.01, reg: 'l2', regRate: 0.01, features: ['x1', 'x2', 'sinx1'] }, steps: 8 },
  { name: 'tf1 preset, momentum, bce, L1', settings: { n: 40, preset: 'tf1', lr: 0.01, momentum: 0.5, loss: 'bce', reg: 'l1', regRate: 0.001 }, steps: 8 },
  { name: 'centered, relu, weight decay, sigmoid output', settings: { n: 40, centered: true, activation: 'relu', weight_decay: 0.01, output: 'sigmoid', momentum: 0.3 }, steps: 8 },
  { name: 'regression, linear', settings: { n: 40, problem: 'regression', dataset: 'multigauss', output: 'linear' }, steps: 6 },
  { name: 'mini-batch 6 with user points', settings: { n: 40, batch: 6 }, steps: 10, userPoints: [{ x1: 1, x2: 1, label: 0 }] },
  { name: 'live changes: lr, momentum on, batch size', settings: { n: 40 }, steps: 10, actions: { 2: setHyper({ lr: 0.03 }), 4: setHyper({ momentum: 0.7 }), 6: setBatch(5) } },
];

for (const run of STANDIN_RUNS) {
  test(`(c) the exported script runs end to end (python3, torch stand-in): ${run.name}`, { skip: !HAS_PYTHON && 'python3 is not installed' }, async () => {
    const { exp, rec } = await simulate(config(run.settings), { steps: run.steps, actions: run.actions, userPoints: run.userPoints });
    const file = parsePython(pytorchScript(exp), `standin-${run.name.replace(/\W+/g, '-')}.py`);
    const canGolden = !exp.miniBatch && !exp.changes.length;
    const golden = path.join(TMP, `standin-${run.name.replace(/\W+/g, '-')}.json`);
    const res = spawnSync('python3', [file, ...(canGolden ? ['--golden', golden] : [])], {
      encoding: 'utf8', env: { ...process.env, PYTHONPATH: minitorchDir() },
    });
    assert.equal(res.status, 0, `the script failed:\n${res.stdout}\n${res.stderr}`);
    const printed = [...res.stdout.matchAll(/^step +(\d+) +train loss (\S+) +test loss (\S+)$/gm)].map((m) => [Number(m[1]), Number(m[2]), Number(m[3])]);
    const page = rec.history();
    assert.equal(printed.length, run.steps);
    printed.forEach(([s, train, testLoss], i) => {
      assert.equal(s, i + 1);
      assert.ok(within(train, page.train_loss[i]), `step ${s}: train loss ${train}, page ${page.train_loss[i]}`);
      assert.ok(within(testLoss, page.test_loss[i]), `step ${s}: test loss ${testLoss}, page ${page.test_loss[i]}`);
    });
    assert.match(res.stdout, /the page's training loss at \d+ steps: largest relative difference \S+ \(the same numbers\)/);
    if (canGolden) {
      // The script's golden file: what it computed; the engine's replay of it agrees to 1e-9.
      const doc = JSON.parse(readFileSync(golden, 'utf8'));
      assert.equal(doc.format, 'rmsprop-golden/1');
      const c = doc.cases[0];
      const ours = await replayLoss(c);
      for (const key of ['loss', 'grad_rms', 'update_rms']) {
        c.expected[key].flat().forEach((v, i) => assert.ok(within(v, ours[key].flat()[i]), `${key}[${i}]: script ${v}, replay ${ours[key].flat()[i]}`));
      }
      assert.ok(within(c.expected.final_loss, ours.final_loss));
      c.expected.weights.flatMap((l) => [...l.W.flat(), ...l.b]).forEach((v, i) => {
        const want = ours.weights.flatMap((l) => [...l.W.flat(), ...l.b])[i];
        assert.ok(within(v, want), `weights[${i}]: script ${v}, replay ${want}`);
      });
    } else {
      const res2 = spawnSync('python3', [file, '--quiet', '--golden', golden], { encoding: 'utf8', env: { ...process.env, PYTHONPATH: minitorchDir() } });
      assert.notEqual(res2.status, 0);
      assert.match(res2.stderr, /--golden: /);
    }
  });
}

test('which reproduction check ran here', (t) => {
  // Reported in the test output, so a reader knows which path ran.
  const ran = HAS_TORCH
    ? '(a) PyTorch ran the exported scripts; (b) and (c) ran too'
    : '(b) replay of the embedded case and (c) the torch stand-in ran; PyTorch is not installed, so (a) was skipped';
  t.diagnostic(`export reproduction: ${ran}`);
});
