// The playground's palette: the two class colours and the diverging orange -> white -> blue map
// used for model outputs, neuron activations, regression targets and weights.
//
// Maps come as 256-entry RGBA lookup tables (a Uint8ClampedArray of 256 * 4 bytes) so a canvas
// can be filled one cell at a time with four byte copies: see fillImage().

export const CLASS0 = '#f59322';  // orange: class 0, negative values, negative weights
export const CLASS1 = '#0877bd';  // blue: class 1, positive values, positive weights
export const NEGATIVE = CLASS0;
export const POSITIVE = CLASS1;
export const MIDDLE = '#ffffff';
/** [class 0, class 1], indexable by a 0/1 label. */
export const CLASS_COLORS = Object.freeze([CLASS0, CLASS1]);

/** '#rrggbb' -> [r, g, b]. */
export function hexToRgb(hex) {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

const RGB0 = hexToRgb(CLASS0);
const RGB1 = hexToRgb(CLASS1);
const RGBM = hexToRgb(MIDDLE);

function mix(a, b, t) {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/**
 * The diverging lookup table: entry 0 is the low end of the range (orange), 255 the high end
 * (blue), the middle entries white. Options:
 *   discretize: two flat colours, orange below the midpoint and blue from it on;
 *   strength:   0..1, how far the ends go from white towards the full colours (1 = full);
 *               backgrounds use less so that points drawn over them stand out.
 */
export function divergingLUT({ discretize = false, strength = 1 } = {}) {
  const lut = new Uint8ClampedArray(256 * 4);
  const lo = mix(RGBM, RGB0, strength);
  const hi = mix(RGBM, RGB1, strength);
  for (let i = 0; i < 256; i++) {
    const t = i / 255;  // 0 .. 1, midpoint 0.5
    let c;
    if (discretize) c = t < 0.5 ? lo : hi;
    else if (t < 0.5) c = mix(lo, RGBM, t * 2);
    else c = mix(RGBM, hi, (t - 0.5) * 2);
    lut[i * 4] = c[0];
    lut[i * 4 + 1] = c[1];
    lut[i * 4 + 2] = c[2];
    lut[i * 4 + 3] = 255;
  }
  return lut;
}

const cache = new Map();
/** A shared (do not modify) table for these options. */
export function lookupTable(options = {}) {
  const key = `${options.discretize ? 1 : 0}:${options.strength ?? 1}`;
  let lut = cache.get(key);
  if (!lut) cache.set(key, (lut = divergingLUT(options)));
  return lut;
}

/**
 * The table index (0..255) of value v on the range [lo, hi] (midpoint (lo+hi)/2 is white).
 * Values outside the range are clamped; NaN maps to the midpoint.
 */
export function lutIndex(v, lo, hi) {
  const t = (v - lo) / (hi - lo);
  if (Number.isNaN(t)) return 128;
  return t <= 0 ? 0 : t >= 1 ? 255 : Math.floor(t * 256);
}

/** The CSS colour of value v on [lo, hi]. */
export function colorOf(v, lo = -1, hi = 1, options = {}) {
  const lut = lookupTable(options);
  const i = lutIndex(v, lo, hi) * 4;
  return `rgb(${lut[i]}, ${lut[i + 1]}, ${lut[i + 2]})`;
}

/**
 * Fills imageData (w*h pixels) from the values (row-major, row 0 at the top), each mapped on
 * [lo, hi] through lut. NaN or infinite values come out a neutral grey.
 */
export function fillImage(imageData, values, lo, hi, lut) {
  const px = imageData.data;
  const n = Math.min(values.length, px.length >> 2);
  const scale = 1 / (hi - lo);
  for (let k = 0; k < n; k++) {
    const v = values[k];
    const o = k * 4;
    if (!Number.isFinite(v)) {
      px[o] = px[o + 1] = px[o + 2] = 190;
      px[o + 3] = 255;
      continue;
    }
    const t = (v - lo) * scale;
    const i = (t <= 0 ? 0 : t >= 1 ? 255 : Math.floor(t * 256)) * 4;
    px[o] = lut[i];
    px[o + 1] = lut[i + 1];
    px[o + 2] = lut[i + 2];
    px[o + 3] = 255;
  }
  return imageData;
}
