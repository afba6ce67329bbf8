// Figure "momentum": RMSProp is not momentum. The gradient is +1 for 40 steps, 0 on a flat
// stretch of 40 steps, +1 again for 20 steps, then -1 for 50. Plain RMSProp's step depends on the current gradient only (scaled
// by its running RMS): it stops dead on the flat stretch and turns at once. Momentum -- PyTorch's
// optional momentum term of RMSProp, or SGD's -- keeps moving and overshoots.
import { column, fmt, stepAxis, stream } from '../streams.js';

const FLAT = [40, 80];    // steps FLAT[0]+1 .. FLAT[1] have g = 0
const FLIP = 100;         // from step FLIP+1 on, g = -1
const T = 150;
const LR = 0.01;
const ALPHA = 0.9;

export default {
  id: 'momentum',
  title: 'RMSProp is not momentum',
  lead: 'The gradient is +1, then 0 on a flat stretch, +1 again, then −1. Plain RMSProp stops the moment the gradient is 0 and turns at once when it flips; only a momentum term keeps it moving.',
  params: {
    momentum: { label: 'momentum', values: [0.5, 0.8, 0.9, 0.95], default: 0.9 },
  },
  charts: [
    { id: 'grad', title: 'The gradient g', yLabel: 'g', log: false, height: 130 },
    { id: 'step', title: 'Each step, −Δθ / lr', yLabel: '−Δθ / lr', log: false },
    { id: 'theta', title: 'Position, θ₀ − θ', yLabel: 'θ₀ − θ', log: false },
  ],
  job({ momentum }) {
    const grads = stream(T, 1, (t) => (t >= FLAT[0] && t < FLAT[1] ? 0 : t < FLIP ? 1 : -1));
    return {
      kind: 'stream', n: 1, T, grads,
      runs: [
        { spec: { name: 'rmsprop', lr: LR, alpha: ALPHA } },
        { spec: { name: 'rmsprop', lr: LR, alpha: ALPHA, momentum } },
        // SGD's lr scaled so that its steady speed, lr/(1 - momentum) * g, is lr per step.
        { spec: { name: 'sgd', lr: LR * (1 - momentum), momentum } },
      ],
    };
  },
  draw({ momentum }, runs, job) {
    const x = stepAxis(T);
    const names = ['RMSProp (momentum 0)', `RMSProp, momentum ${momentum}`, `SGD, momentum ${momentum}`];
    const colors = ['#0072B2', '#D55E00', '#009E73'];
    const moved = (r, from, to) => r.params[from] - r.params[to];
    // Steps after the flip until the run moves back (its update turns positive).
    const turn = (r) => {
      for (let t = FLIP; t < T; t++) if (r.update[t] > 0) return t - FLIP + 1;
      return null;
    };
    const turns = runs.map(turn);
    const after = (n) => (n === null ? `more than ${T - FLIP} steps` : n === 1 ? 'the very next step' : `${n} steps`);
    return {
      x,
      charts: {
        grad: [{ label: 'g', color: '#1f2933', values: column(job.grads, 1, 0) }],
        step: runs.map((r, k) => ({ label: names[k], color: colors[k], values: column(r.update, 1, 0, { scale: -1 / LR }) })),
        theta: runs.map((r, k) => ({ label: names[k], color: colors[k], values: Float64Array.from({ length: T }, (_, t) => r.params[0] - r.params[t + 1]) })),
      },
      readout: [
        `On the flat stretch (steps ${FLAT[0] + 1}–${FLAT[1]}) plain RMSProp moves ${fmt(moved(runs[0], FLAT[0], FLAT[1]))}; with momentum ${momentum} it coasts ${fmt(moved(runs[1], FLAT[0], FLAT[1]))}, and SGD with momentum ${momentum} ${fmt(moved(runs[2], FLAT[0], FLAT[1]))}.`,
        `When the gradient flips at step ${FLIP + 1}, plain RMSProp moves back at ${after(turns[0])}; ${names[1]} after ${after(turns[1])}; ${names[2]} after ${after(turns[2])}.`,
      ],
    };
  },
  explain: 'Plain RMSProp\'s update is −lr·g/(√v + eps): the current gradient, rescaled. It carries no velocity, so a zero gradient means a zero step. '
    + 'The running average v smooths the scale of the gradient, never its direction. PyTorch\'s momentum=… adds a separate velocity buffer '
    + '(b ← momentum·b + g/(√v + eps), θ ← θ − lr·b), and Adam adds a running mean of g: those are the parts that coast and overshoot. '
    + 'RMSProp\'s first step is larger than lr (√v starts at √(1 − alpha)·|g|): visible at step 1.',
};
