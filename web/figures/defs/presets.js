// Figure "presets": one name, four update rules. The same gradient stream (size G, 10 % noise)
// through RMSProp as PyTorch, Keras/TF2, TF1 and Hinton's 2012 lecture define it, with their own
// defaults. Steps in units of each one's lr, so only the rule differs.
import { PRESET_VALUES } from '../../state/schema.js';
import { column, fmt, normals, stepAxis, stream } from '../streams.js';

const T = 200;
const PRESETS = [
  { key: 'pytorch', label: 'PyTorch', color: '#0072B2' },
  { key: 'keras', label: 'Keras / TF2', color: '#D55E00' },
  { key: 'tf1', label: 'TF1', color: '#009E73' },
  { key: 'hinton2012', label: 'Hinton 2012', color: '#CC79A7' },
];
const SIZES = [1, 1e-2, 1e-4, 1e-6];

export default {
  id: 'presets',
  title: 'Same name, four optimizers: the RMSProp presets',
  lead: 'The same gradients through RMSProp as PyTorch, Keras, TF1 and Hinton\'s lecture define it. Their defaults (alpha, where eps goes, where v starts) change the steps by orders of magnitude.',
  params: {
    size: { label: 'gradient size', values: SIZES, names: { 1: '1', 0.01: '10⁻²', 0.0001: '10⁻⁴', 0.000001: '10⁻⁶' }, default: 1e-4 },
  },
  charts: [
    { id: 'step', title: 'Step size in units of each preset\'s lr, |Δθ| / lr', yLabel: '|Δθ| / lr', log: true, height: 230 },
  ],
  job({ size }) {
    const z = normals(3);
    const grads = stream(T, 1, () => size * (1 + 0.1 * z()));
    return { kind: 'stream', n: 1, T, grads, runs: PRESETS.map((p) => ({ spec: { name: 'rmsprop', preset: p.key } })) };
  },
  draw({ size }, runs) {
    const x = stepAxis(T);
    const series = runs.map((r, k) => ({
      label: PRESETS[k].label, color: PRESETS[k].color,
      values: column(r.update, 1, 0, { abs: true, scale: 1 / PRESET_VALUES[PRESETS[k].key].lr }),
    }));
    series.push({ label: 'lr', color: '#616e7c', dash: [4, 4], width: 1, values: new Float64Array(T).fill(1) });
    const at = (r, k, t) => Math.abs(r.update[t - 1]) / PRESET_VALUES[PRESETS[k].key].lr;
    return {
      x,
      charts: { step: series },
      readout: [
        `Steps in units of lr with gradients of size ${fmt(size)} — step 1, step 10, step ${T}:`,
        ...runs.map((r, k) => `${PRESETS[k].label}: ${fmt(at(r, k, 1))}, ${fmt(at(r, k, 10))}, ${fmt(at(r, k, T))}`),
      ],
    };
  },
  explain: 'PyTorch: lr 0.01, alpha 0.99, v starts at 0, step lr·g/(√v + 10⁻⁸): the first step is lr/√(1 − alpha) = 10 lr. '
    + 'Hinton 2012 (lecture 6e): the same rule with alpha 0.9, so the first step is 3.2 lr. '
    + 'Keras / TF2: alpha 0.9, eps 10⁻⁷ inside the root, lr·g/√(v + 10⁻⁷): the same as Hinton\'s for large gradients, '
    + 'but below |g| ≈ 3·10⁻⁴ the root no longer follows the gradient and steps shrink. '
    + 'TF1 (tf.train.RMSPropOptimizer): v starts at 1, not 0, so the first steps are about lr·g: with small gradients, '
    + 'thousands of times smaller than lr until the initial 1 has decayed (alphaᵗ < g²).',
};
