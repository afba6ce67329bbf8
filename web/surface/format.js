// Numbers as the loss-surface page shows them (readout, chart, legend, stop messages): four
// significant digits, exponent form below 1e-3 and from 1e4, a real minus sign, NaN, ±∞.
export function formatNumber(v) {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '∞' : '−∞';
  const a = Math.abs(v);
  const s = a !== 0 && (a < 1e-3 || a >= 1e4)
    ? v.toExponential(2).replace(/\.?0+e/, 'e').replace('e+', 'e')
    : String(Number(v.toPrecision(4)));
  return s.replace(/^-/, '−');
}
