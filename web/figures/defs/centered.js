// Figure "centered": plain RMSProp divides by the gradient's root mean square, centered RMSProp
// (Graves 2013) by its standard deviation. When the gradient has a consistent sign (a mean
// larger than its noise), centered takes larger steps; when the mean is 0 they agree.
import { column, fmt, normals, stepAxis, stream } from '../streams.js';

const T = 400;
const LR = 0.01;
const EPS = 1e-8;

export default {
  id: 'centered',
  title: 'Centered RMSProp divides by the standard deviation, not the RMS',
  lead: 'The gradient is a steady mean plus noise of size 1. Plain RMSProp divides by √(mean² + noise²); centered RMSProp subtracts the running mean first and divides by the noise alone.',
  params: {
    mean: { label: 'gradient mean (noise 1)', values: [0, 0.5, 1, 2, 4], default: 2 },
    alpha: { label: 'alpha', values: [0.9, 0.99], default: 0.99 },
  },
  charts: [
    { id: 'denom', title: 'What the gradient is divided by', yLabel: 'denominator', log: true },
    { id: 'theta', title: 'Distance travelled, θ₀ − θ', yLabel: 'θ₀ − θ', log: false },
  ],
  job({ mean, alpha }) {
    const z = normals(5);
    const grads = stream(T, 1, () => mean + z());
    return {
      kind: 'stream', n: 1, T, grads,
      runs: [
        { spec: { name: 'rmsprop', lr: LR, alpha, eps: EPS } },
        { spec: { name: 'rmsprop', lr: LR, alpha, eps: EPS, centered: true } },
      ],
    };
  },
  draw({ mean }, [plain, centered]) {
    const x = stepAxis(T);
    // The engine reports the effective step lr/(denominator + eps); its denominator follows.
    const denom = (r) => Float64Array.from(r.step, (s) => LR / s - EPS);
    const travelled = (r) => Float64Array.from({ length: T }, (_, t) => r.params[0] - r.params[t + 1]);
    const flat = (v) => new Float64Array(T).fill(v);
    const distance = (r) => r.params[0] - r.params[T];
    const late = (r) => {
      let s = 0;
      for (let t = T - 100; t < T; t++) s += LR / r.step[t] - EPS;
      return s / 100;
    };
    return {
      x,
      charts: {
        denom: [
          { label: 'plain: √v', color: '#0072B2', values: denom(plain) },
          { label: 'centered: √(v − ḡ²)', color: '#D55E00', values: denom(centered) },
          { label: '√(mean² + 1)', color: '#0072B2', dash: [4, 4], width: 1, values: flat(Math.sqrt(mean * mean + 1)) },
          { label: 'noise: 1', color: '#D55E00', dash: [4, 4], width: 1, values: flat(1) },
        ],
        theta: [
          { label: 'plain', color: '#0072B2', values: travelled(plain) },
          { label: 'centered', color: '#D55E00', values: travelled(centered) },
        ],
      },
      readout: [
        `Over the last 100 steps plain RMSProp divides by ${fmt(late(plain))} on average, centered by ${fmt(late(centered))} (expected: ${fmt(Math.sqrt(mean * mean + 1))} and 1).`,
        `After ${T} steps plain RMSProp has travelled ${fmt(distance(plain))}, centered ${fmt(distance(centered))}${mean > 0 ? `: ${fmt(distance(centered) / distance(plain))} times as far` : ''}.`,
      ],
    };
  },
  explain: 'v is the running mean of g², ḡ the running mean of g, so v − ḡ² is a running variance. When the gradient points the same way '
    + 'step after step, plain RMSProp counts that consistent part as "scale" and shrinks the step; centered RMSProp divides only by the '
    + 'fluctuation and so steps further. With mean 0 the two agree. The price: when the noise is small the variance is small, '
    + 'the steps get large, and only eps bounds them. Graves (2013) used this variant; PyTorch offers it as centered=True.',
};
