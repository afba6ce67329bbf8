// Figure "eps": what eps does when gradients vanish, and why its placement matters. The gradient
// shrinks tenfold every 80 steps (a staircase from 1 to 10^-11; 80 steps is long enough for v,
// with alpha 0.9, to catch up on each stair). Dividing by √v keeps the step near lr until the
// gradient nears eps (PyTorch: √v + eps) or √eps (Keras/TF: √(v + eps)); below that the step
// shrinks with the gradient, as in SGD.
import { column, fmt, stepAxis, stream } from '../streams.js';

const STAIR = 80;
const STAIRS = 12;
const T = STAIR * STAIRS;
const LR = 0.01;
const ALPHA = 0.9;
const EPS = [1e-10, 1e-8, 1e-7, 1e-6, 1e-4, 1e-2];
const SUP = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 4: '⁴', 6: '⁶', 7: '⁷', 8: '⁸' };
const NAMES = Object.fromEntries(EPS.map((e) => [e, `10${[...String(Math.log10(e))].map((c) => SUP[c]).join('')}`]));

/** The smallest gradient whose stair still ends with a step of at least lr/2 (null: none). */
function smallestNormalised(update, grads) {
  let g = null;
  for (let k = 0; k < STAIRS; k++) {
    const t = (k + 1) * STAIR - 1;
    if (Math.abs(update[t]) >= LR / 2) g = Math.abs(grads[t]);
  }
  return g;
}

export default {
  id: 'eps',
  title: 'eps decides where normalisation stops',
  lead: 'The gradient shrinks tenfold every 80 steps. RMSProp keeps stepping about lr until the gradient reaches eps, or √eps when eps sits inside the square root as in Keras and TensorFlow.',
  params: {
    eps: { label: 'eps (both)', values: EPS, names: NAMES, default: 1e-8 },
  },
  charts: [
    { id: 'grad', title: 'Gradient size |g|, with eps and √eps', yLabel: '|g|', log: true },
    { id: 'step', title: 'Step size in units of lr, |Δθ| / lr', yLabel: '|Δθ| / lr', log: true },
  ],
  job({ eps }) {
    const alpha = ALPHA;
    const grads = stream(T, 1, (t) => 10 ** -Math.floor(t / STAIR));
    return {
      kind: 'stream', n: 1, T, grads,
      runs: [
        { spec: { name: 'rmsprop', lr: LR, alpha, eps } },
        { spec: { name: 'rmsprop', lr: LR, alpha, eps, eps_in_sqrt: true } },
      ],
    };
  },
  draw({ eps }, [torch, keras], job) {
    const x = stepAxis(T);
    const flat = (v) => new Float64Array(T).fill(v);
    const where = (run, name, floor) => {
      const g = smallestNormalised(run.update, job.grads);
      return g === null ? `${name}: no stair ends with a step of lr/2 or more (${floor})`
        : `${name}: the smallest gradient still stepped at lr/2 or more is ${fmt(g)} (${floor})`;
    };
    return {
      x,
      charts: {
        grad: [
          { label: '|g|', color: '#1f2933', values: column(job.grads, 1, 0, { abs: true }) },
          { label: 'eps', color: '#0072B2', dash: [4, 4], width: 1.25, values: flat(eps) },
          { label: '√eps', color: '#D55E00', dash: [4, 4], width: 1.25, values: flat(Math.sqrt(eps)) },
        ],
        step: [
          { label: 'PyTorch: lr·g / (√v + eps)', color: '#0072B2', values: column(torch.update, 1, 0, { abs: true, scale: 1 / LR }) },
          { label: 'Keras/TF: lr·g / √(v + eps)', color: '#D55E00', values: column(keras.update, 1, 0, { abs: true, scale: 1 / LR }) },
        ],
      },
      readout: [
        `${where(torch, 'PyTorch placement', `eps = ${fmt(eps)}`)}.`,
        `${where(keras, 'Keras/TF placement', `√eps = ${fmt(Math.sqrt(eps))}`)}.`,
      ],
    };
  },
  explain: 'While the gradient is much larger than the floor, √v + eps ≈ √v and the step is about lr (at the start of each stair '
    + 'much less, because v still remembers the tenfold larger gradients of the stair before). Once it is much smaller, the denominator is about eps (PyTorch) '
    + 'or √eps (Keras/TF), and the step becomes lr·g/eps or lr·g/√eps: plain SGD with a learning rate of lr/eps or lr/√eps. '
    + 'With the same number written as eps, Keras\'s floor is √eps: for Keras\'s default 10⁻⁷ that is 3·10⁻⁴, far above PyTorch\'s 10⁻⁸. '
    + 'eps never makes a step larger than about lr; it decides how small a gradient may get before the step starts shrinking with it.',
};
