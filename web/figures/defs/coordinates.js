// Figure "coordinates": one step size for every coordinate. Three coordinates whose gradients
// differ by a constant factor (with a little noise); SGD's steps keep those ratios, RMSProp's
// steps all come out near lr.
import { PALETTE } from '../../ui/charts.js';
import { column, fmt, normals, stepAxis, stream } from '../streams.js';

const T = 120;

export default {
  id: 'coordinates',
  title: 'Dividing by the running RMS gives every coordinate the same step size',
  lead: 'Three parameters get gradients of very different sizes. SGD moves each in proportion to its gradient; RMSProp divides each gradient by its own running RMS, so all three move by about lr per step.',
  params: {
    spread: { label: 'gradient sizes', values: [10, 100, 1000], names: { 10: '1, 0.1, 0.01', 100: '1, 10⁻², 10⁻⁴', 1000: '1, 10⁻³, 10⁻⁶' }, default: 100 },
    lr: { label: 'lr (both)', values: [0.001, 0.01, 0.1], default: 0.01 },
    alpha: { label: 'RMSProp alpha', values: [0.9, 0.99], default: 0.99 },
  },
  charts: [
    { id: 'grad', title: 'Gradient of each coordinate, |gᵢ|', yLabel: '|g|', log: true },
    { id: 'sgd', title: 'SGD: size of each step, |Δθᵢ|', yLabel: '|Δθ|', log: true, shareY: 'steps' },
    { id: 'rmsprop', title: 'RMSProp: size of each step, |Δθᵢ|', yLabel: '|Δθ|', log: true, shareY: 'steps' },
  ],
  job({ spread, lr, alpha }) {
    const z = normals(7);
    const scales = [1, 1 / spread, 1 / (spread * spread)];
    const grads = stream(T, 3, (t, i) => scales[i] * (1 + 0.3 * z()));
    return {
      kind: 'stream', n: 3, T, grads,
      runs: [{ spec: { name: 'sgd', lr } }, { spec: { name: 'rmsprop', lr, alpha } }],
    };
  },
  draw({ lr }, [sgd, rms], job) {
    const x = stepAxis(T);
    const names = ['θ₁', 'θ₂', 'θ₃'];
    const lines = (a) => names.map((label, i) => ({ label, color: PALETTE[i], values: column(a, 3, i, { abs: true }) }));
    const lrLine = { label: 'lr', color: '#616e7c', dash: [4, 4], width: 1, values: new Float64Array(T).fill(lr) };
    const last = (a, i) => Math.abs(a[(T - 1) * 3 + i]);
    const sgdSteps = [0, 1, 2].map((i) => last(sgd.update, i));
    const rmsSteps = [0, 1, 2].map((i) => last(rms.update, i));
    const ratio = (v) => Math.max(...v) / Math.min(...v);
    return {
      x,
      charts: { grad: lines(job.grads), sgd: [...lines(sgd.update), lrLine], rmsprop: [...lines(rms.update), lrLine] },
      readout: [
        `At step ${T}, SGD's three steps are ${sgdSteps.map((v) => fmt(v)).join(', ')}: the largest is ${fmt(ratio(sgdSteps))} times the smallest, as with the gradients.`,
        `RMSProp's are ${rmsSteps.map((v) => fmt(v)).join(', ')}: within a factor ${fmt(ratio(rmsSteps))} of each other, all near lr = ${fmt(lr)}.`,
      ],
    };
  },
  explain: 'Each coloured line is one parameter. Top: the gradients fed to both optimizers (the same numbers, with 30 % noise). '
    + 'Middle: SGD\'s step is lr × g, so its steps are as far apart as the gradients. Bottom: RMSProp\'s step is lr × g / (√v + ε), '
    + 'where v is the running mean of g²: the gradient divided by its own typical size, about ±lr whatever the scale. '
    + 'Its first steps are larger than lr, because v starts at 0 and is still small: the first step is lr / √(1 − alpha).',
};
