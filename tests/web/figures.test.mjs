// The tutorial's figures (web/figures/): every figure computes with the engine and draws finite
// series of the right length for every value of every control, and what the tutorial says of
// each figure is what the engine computes. Also the figure link's parser against hostile input.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { createEngine } from '../../web/engine/engine.js';
import { runJob } from '../../web/figures/jobs.js';
import { FIGURES, FIGURE_IDS } from '../../web/figures/registry.js';
import { defaultsOf, parseFigureHash, toFigureHash } from '../../web/figures/state.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let enginePromise;
const engine = () => (enginePromise ??= createEngine());

/** Computes and draws a figure with the defaults overridden by `changes`. */
async function figure(id, changes = {}) {
  const def = FIGURES[id];
  const params = { ...defaultsOf(id), ...changes };
  const job = def.job(params);
  const result = runJob(await engine(), job);
  return { def, params, job, result, out: def.draw(params, result, job) };
}

function checkDrawn(id, { def, out }, what) {
  assert.ok(out.x.length > 0, `${what}: no x`);
  for (const spec of def.charts) {
    const series = out.charts[spec.id];
    assert.ok(series?.length > 0, `${what}: chart ${spec.id} has no series`);
    for (const s of series) {
      assert.equal(s.values.length, out.x.length, `${what}: ${spec.id}/${s.label} length`);
      const finite = Array.from(s.values).filter(Number.isFinite).length;
      assert.ok(finite > 0, `${what}: ${spec.id}/${s.label} has no finite value`);
    }
  }
  assert.ok(out.readout.length > 0 && out.readout.every((t) => typeof t === 'string' && t.length > 10), `${what}: readout`);
}

test('every figure draws finite series for every value of every control', async () => {
  for (const id of FIGURE_IDS) {
    const def = FIGURES[id];
    checkDrawn(id, await figure(id), `${id} (defaults)`);
    for (const [key, spec] of Object.entries(def.params)) {
      for (const v of spec.values) {
        if (v === spec.default) continue;
        checkDrawn(id, await figure(id, { [key]: v }), `${id} ${key}=${v}`);
      }
    }
  }
});

const last = (a) => a[a.length - 1];
const absAt = (a, n, t, i) => Math.abs(a[t * n + i]);

test('coordinates: SGD\'s steps keep the gradients\' spread, RMSProp\'s come out near lr', async () => {
  const { result: [sgd, rms], job } = await figure('coordinates', { spread: 100, lr: 0.01, alpha: 0.99 });
  const t = job.T - 1;
  const sgdSteps = [0, 1, 2].map((i) => absAt(sgd.update, 3, t, i));
  const rmsSteps = [0, 1, 2].map((i) => absAt(rms.update, 3, t, i));
  assert.ok(Math.max(...sgdSteps) / Math.min(...sgdSteps) > 1e3, `SGD ${sgdSteps}`);
  assert.ok(Math.max(...rmsSteps) / Math.min(...rmsSteps) < 2, `RMSProp ${rmsSteps}`);
  for (const s of rmsSteps) assert.ok(s > 0.005 && s < 0.02, `RMSProp step ${s} not near lr (${rmsSteps})`);
  // The first step is lr |g| / (sqrt(1 - alpha) |g| + eps): about lr / sqrt(1 - alpha) = 10 lr.
  for (let i = 0; i < 3; i++) {
    const g = Math.abs(job.grads[i]);
    const want = 0.01 * g / (Math.sqrt(1 - 0.99) * g + 1e-8);
    assert.ok(Math.abs(absAt(rms.update, 3, 0, i) - want) <= 1e-12 * want, `first step ${absAt(rms.update, 3, 0, i)}, want ${want}`);
    assert.ok(Math.abs(want / 0.1 - 1) < 1e-2);
  }
});

test('alpha: after the drop the steps recover in about ln 2500 / ln(1/alpha) steps', async () => {
  const { out, result } = await figure('alpha', { alpha: 0.9, compare: 0.99, noise: 0 });
  // Without noise: recovery as predicted (ceil(74.3) = 75 for 0.9); 0.99 needs 779 > 200 steps left.
  assert.match(out.readout[1], /with alpha 0\.9 the steps are back above lr\/2 (7[3-9]) steps after the drop \(expected without noise: 75\)/);
  assert.match(out.readout[1], /with alpha 0\.99 the steps are still below lr\/2 at step 300/);
  // alpha 0: every step is lr |g| / (|g| + eps), lr to within eps/|g| (sign descent).
  const alphaZero = await figure('alpha', { alpha: 0, noise: 1 });
  alphaZero.result[0].update.forEach((d, t) => {
    const g = Math.abs(alphaZero.job.grads[t]);
    assert.ok(Math.abs(Math.abs(d) - 0.01 * g / (g + 1e-8)) <= 1e-15, `alpha 0, step ${t + 1}: ${d}`);
  });
  assert.equal(result.length, 2);
});

test('eps: the step stays near lr down to about eps (PyTorch) or sqrt(eps) (Keras placement)', async () => {
  for (const eps of [1e-8, 1e-6, 1e-4]) {
    const { result: [torch, keras], job } = await figure('eps', { eps });
    const stairEnd = (r, g) => {
      const k = Math.round(-Math.log10(g));
      const t = (k + 1) * 80 - 1;
      assert.ok(Math.abs(job.grads[t] - g) < 1e-9 * g);
      return Math.abs(r.update[t]) / 0.01;
    };
    // Well above the floor: about lr; well below it: lr * g / floor.
    const floorT = eps;
    const floorK = Math.sqrt(eps);
    assert.ok(stairEnd(torch, floorT * 100) > 0.95, `PyTorch eps ${eps}`);
    assert.ok(Math.abs(stairEnd(torch, floorT / 10) - 0.1 / 1.1) < 0.02, `PyTorch eps ${eps} below`);
    assert.ok(stairEnd(keras, Math.min(1, floorK * 100)) > 0.95, `Keras eps ${eps}`);
    assert.ok(stairEnd(keras, floorK / 10) < 0.11, `Keras eps ${eps} below`);
  }
});

test('centered: larger steps than plain when the gradient has a mean, the same without', async () => {
  const withMean = (await figure('centered', { mean: 2 })).result;
  const dist = (r) => r.params[0] - last(r.params);
  assert.ok(dist(withMean[1]) > 1.4 * dist(withMean[0]), `centered ${dist(withMean[1])} vs plain ${dist(withMean[0])}`);
  const noMean = (await figure('centered', { mean: 0 })).out.readout[0];
  const [plain, centered] = noMean.match(/divides by ([\d.]+) on average, centered by ([\d.]+)/).slice(1).map(Number);
  assert.ok(Math.abs(plain / centered - 1) < 0.1, noMean);
});

test('momentum: plain RMSProp moves exactly 0 on the flat stretch and turns at once; momentum coasts', async () => {
  const { result: [plain, withMomentum, sgd] } = await figure('momentum', { momentum: 0.9 });
  for (let t = 40; t < 80; t++) assert.equal(plain.update[t], 0, `plain RMSProp moved at step ${t + 1}`);
  assert.ok(withMomentum.params[40] - withMomentum.params[80] > 0.5);
  assert.ok(sgd.params[40] - sgd.params[80] > 0.05);
  assert.ok(plain.update[100] > 0, 'plain RMSProp turns at the first step after the flip');
  assert.ok(withMomentum.update[100] < 0 && sgd.update[100] < 0, 'momentum keeps going the old way');
});

test('presets: first steps of 10 lr (PyTorch), 3.16 lr (Hinton) and about lr * g (TF1)', async () => {
  const { result } = await figure('presets', { size: 1e-4 });
  const first = result.map((r) => Math.abs(r.update[0]));
  const lr = [0.01, 0.001, 0.001, 0.001];
  const inLr = first.map((s, k) => s / lr[k]);
  assert.ok(Math.abs(inLr[0] - 10) < 0.1, `PyTorch ${inLr[0]}`);
  assert.ok(Math.abs(inLr[3] - Math.sqrt(10)) < 0.05, `Hinton ${inLr[3]}`);
  assert.ok(inLr[2] < 1e-3, `TF1 ${inLr[2]}`);
  assert.ok(inLr[1] < 0.5, `Keras ${inLr[1]} (g = 1e-4 is below sqrt(1e-7))`);
});

test('layers: a deep sigmoid network\'s gradients span orders of magnitude; RMSProp\'s steps do not', async () => {
  const { result, job } = await figure('layers', { optimizer: 'rmsprop', depth: 8, activation: 'sigmoid' });
  const byKey = Object.fromEntries(job.runs.map((r, k) => [r.key, result[k]]));
  const spread = (r, key) => {
    const v = r.layers.map((l) => l[key][0]);
    return Math.max(...v) / Math.min(...v);
  };
  assert.ok(spread(byKey.rmsprop, 'grad_rms') > 1e5, 'gradients span five orders of magnitude at step 1');
  assert.equal(spread(byKey.sgd, 'grad_rms'), spread(byKey.rmsprop, 'grad_rms'), 'step 1: the same gradients whatever the optimizer');
  assert.ok(spread(byKey.rmsprop, 'update_rms') < 2, 'RMSProp: the same step size in every layer');
  assert.ok(spread(byKey.sgd, 'update_rms') > 1e5, 'SGD: steps as spread as the gradients');
  const end = (r) => last(r.train_loss);
  assert.ok(end(byKey.rmsprop) < 0.5 * end(byKey.keras), `PyTorch ${end(byKey.rmsprop)} vs Keras placement ${end(byKey.keras)}`);
  assert.ok(end(byKey.keras) > 0.9 && end(byKey.sgd) > 0.9, 'Keras placement and SGD get nowhere in 400 steps');
});

test('overfit: RMSProp overfits 30 points; 200 points with L2 0.01 keep the test loss near its best', async () => {
  const ratio = ({ result: [r] }) => last(r.test_loss) / Math.min(...r.test_loss);
  assert.ok(ratio(await figure('overfit')) > 3);
  assert.ok(ratio(await figure('overfit', { optimizer: 'sgd' })) > 2);
  assert.ok(ratio(await figure('overfit', { optimizer: 'adam' })) > 3);
  assert.ok(ratio(await figure('overfit', { n: 200, l2: 0.01 })) < 1.2);
});

test('the tutorial\'s Keras-vs-PyTorch table is what the engine computes', async () => {
  const html = readFileSync(path.join(ROOT, 'tutorial.html'), 'utf8');
  const row = html.match(/<th scope="row">ratio<\/th>((?:<td>[^<]+<\/td>)+)/)[1];
  const cells = [...row.matchAll(/<td>([^<]+)<\/td>/g)].map((m) => Number(m[1]));
  const sizes = [1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6];
  assert.equal(cells.length, sizes.length);
  const e = await engine();
  for (let k = 0; k < sizes.length; k++) {
    // The tutorial's two one-liners: PyTorch lr 0.001, alpha 0.9 (= the hinton2012 preset) and Keras's defaults.
    const steps = ['hinton2012', 'keras'].map((preset) => {
      const o = e.optimizer({ name: 'rmsprop', preset });
      const p = new Float64Array(1);
      const g = new Float64Array([sizes[k]]);
      let before = 0;
      for (let t = 0; t < 400; t++) { before = p[0]; o.step(p, g); }  // v settles at g^2
      o.dispose();
      return Math.abs(p[0] - before);
    });
    const ratio = steps[1] / steps[0];
    const digits = String(cells[k]).replace(/^0\.0*/, '').length;
    assert.equal(Number(ratio.toPrecision(digits)), cells[k], `|g| = ${sizes[k]}: engine ${ratio}, table ${cells[k]}`);
  }
});

test('figure links: defaults, values, unknown keys, hostile input', () => {
  assert.deepEqual(parseFigureHash(''), { fig: FIGURE_IDS[0], params: defaultsOf(FIGURE_IDS[0]), embed: false, hide: [], notices: [] });
  const ok = parseFigureHash('#fig=eps&eps=0.000001&embed=1&hide=explain&whatever=1');
  assert.equal(ok.fig, 'eps');
  assert.equal(ok.params.eps, 1e-6);
  assert.equal(ok.embed, true);
  assert.deepEqual(ok.hide, ['explain']);
  assert.deepEqual(ok.notices, []);
  const bad = parseFigureHash('#fig=<script>alert(1)</script>&alpha=2&compare=NaN&noise=1e999&hide=<img src=x onerror=alert(1)>');
  assert.equal(bad.fig, FIGURE_IDS[0]);
  // The figure, hide and alpha (a key of the default figure too); compare and noise are not its keys.
  assert.equal(bad.notices.length, 3, JSON.stringify(bad.notices));
  assert.ok(bad.notices[0].startsWith('fig: "<script>alert(1)</script>" is not a figure; allowed: coordinates'));
  const badValues = parseFigureHash('#fig=alpha&alpha=2&compare=NaN&noise=Infinity');
  assert.deepEqual(badValues.params, defaultsOf('alpha'));
  assert.equal(badValues.notices.length, 3);
  assert.ok(badValues.notices.every((n) => /allowed: /.test(n)));
  assert.ok(badValues.notices[0].startsWith('alpha: "2" is not allowed; allowed: 0, 0.5, 0.9'));
  const long = parseFigureHash(`#fig=alpha&x=${'a'.repeat(20000)}`);
  assert.equal(long.fig, FIGURE_IDS[0]);
  assert.equal(long.notices.length, 1);
  for (const id of FIGURE_IDS) {
    const params = Object.fromEntries(Object.entries(FIGURES[id].params).map(([k, s]) => [k, s.values[s.values.length - 1]]));
    const back = parseFigureHash(toFigureHash({ fig: id, params, embed: true, hide: ['readout'] }));
    assert.deepEqual(back, { fig: id, params, embed: true, hide: ['readout'], notices: [] });
  }
});
