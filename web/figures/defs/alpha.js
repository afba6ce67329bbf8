// Figure "alpha": alpha is the memory of the running average. The gradient is about 1 for 100
// steps and then drops to about 0.01; v forgets the old size over about 1/(1 - alpha) steps,
// and until it has, RMSProp's steps are too small.
import { column, fmt, normals, stepAxis, stream } from '../streams.js';

const T = 300;
const DROP = 100;       // the gradient's size drops after this many steps
const LOW = 0.01;
const ALPHAS = [0, 0.5, 0.9, 0.95, 0.99, 0.999];
const COLORS = ['#0072B2', '#E69F00'];

/** Steps after the drop until the step size is back within a factor 2 of its level before it. */
function recovery(update, lr) {
  for (let t = DROP; t < T; t++) if (Math.abs(update[t]) >= lr / 2) return t - DROP + 1;
  return null;
}

export default {
  id: 'alpha',
  title: 'alpha is the memory of the average',
  lead: 'The gradient\'s size drops a hundredfold at step 100. RMSProp\'s running average v of g² weighs about the last 1/(1 − alpha) steps, but a g² ten thousand times larger takes much longer to forget: until then the steps are far below lr.',
  params: {
    alpha: { label: 'alpha (blue)', values: ALPHAS, default: 0.9 },
    compare: { label: 'compare with (orange)', values: ALPHAS, default: 0.99 },
    noise: { label: 'gradient noise', values: [0, 0.3, 1], names: { 0: 'none', 0.3: '30 %', 1: '100 %' }, default: 0.3 },
  },
  charts: [
    { id: 'rms', title: 'Gradient |g| and the running RMS √v', yLabel: 'size', log: true },
    { id: 'step', title: 'Step size in units of lr, |Δθ| / lr', yLabel: '|Δθ| / lr', log: true },
  ],
  job({ alpha, compare, noise }) {
    const z = normals(11);
    const grads = stream(T, 1, (t) => (t < DROP ? 1 : LOW) * (1 + noise * z()));
    const lr = 0.01;
    return {
      kind: 'stream', n: 1, T, grads,
      runs: [alpha, compare].map((a) => ({ spec: { name: 'rmsprop', lr, alpha: a } })),
    };
  },
  draw({ alpha, compare }, runs, job) {
    const lr = 0.01;
    const x = stepAxis(T);
    const alphas = [alpha, compare];
    const rms = [{ label: '|g|', color: '#9aa5b1', width: 1, values: column(job.grads, 1, 0, { abs: true }) }];
    const step = [];
    runs.forEach((r, k) => {
      rms.push({ label: `√v, alpha ${alphas[k]}`, color: COLORS[k], values: r.accum });
      step.push({ label: `alpha ${alphas[k]}`, color: COLORS[k], values: column(r.update, 1, 0, { abs: true, scale: 1 / lr }) });
    });
    step.push({ label: 'lr', color: '#616e7c', dash: [4, 4], width: 1, values: new Float64Array(T).fill(1) });
    const memory = (a) => (a === 0 ? 'no memory: v is the last g² alone, so every step is ±lr (sign descent)'
      : `memory ≈ 1/(1 − ${a}) = ${fmt(1 / (1 - a))} steps, half-life ln ½ / ln ${a} = ${fmt(Math.log(0.5) / Math.log(a))} steps`);
    // Without noise the step is back at lr/2 once v, decaying as alpha^k from about 1, reaches
    // (2·LOW)²: after ln(1/(2·LOW)²) / ln(1/alpha) steps.
    const expected = (a) => (a === 0 ? 1 : Math.ceil(Math.log(1 / (4 * LOW * LOW)) / Math.log(1 / a)));
    const back = (r, a) => {
      const n = recovery(r.update, lr);
      const e = `expected without noise: ${expected(a)}`;
      return n === null ? `with alpha ${a} the steps are still below lr/2 at step ${T} (${e})` : `with alpha ${a} the steps are back above lr/2 ${n} step${n === 1 ? '' : 's'} after the drop (${e})`;
    };
    return {
      x,
      charts: { rms, step },
      readout: [
        `alpha ${alpha}: ${memory(alpha)}. alpha ${compare}: ${memory(compare)}.`,
        `After the drop, ${back(runs[0], alpha)}; ${back(runs[1], compare)}.`,
      ],
    };
  },
  explain: 'v ← alpha·v + (1 − alpha)·g² is an exponential moving average: a gradient k steps old still weighs alphaᵏ. '
    + 'After the drop v must shrink 2500-fold before the step is back at lr/2, which takes ln 2500 / ln(1/alpha) steps: 74 for alpha 0.9, 779 for 0.99. '
    + 'Top: the gradient\'s size (grey) and √v for two alphas. Bottom: the resulting step sizes. With a long memory (alpha 0.99 or more) '
    + '√v remembers the large gradients long after they are gone, so the steps stay far below lr; with a short one (alpha 0 or 0.5) '
    + 'v follows every noisy g² and the steps jitter. PyTorch\'s default is 0.99; Hinton\'s lecture, Keras and TF use 0.9.',
};
