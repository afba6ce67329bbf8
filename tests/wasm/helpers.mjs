// Shared by the wasm-in-Node suites: the engine, the golden file, the native tools.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

import { createEngine } from '../../web/engine/engine.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let enginePromise;
/** One engine per test file (module instantiation is the slow part). */
export function engine() {
  enginePromise ??= createEngine();
  return enginePromise;
}

/** The PyTorch reference file: $RP_GOLDEN, ../shared/golden, else the copy in tests/golden. */
export function goldenPath() {
  if (process.env.RP_GOLDEN) return process.env.RP_GOLDEN;
  const shared = path.resolve(ROOT, '../shared/golden/torch_reference.json');
  return existsSync(shared) ? shared : path.join(ROOT, 'tests/golden/torch_reference.json');
}
export const loadGolden = () => JSON.parse(readFileSync(goldenPath(), 'utf8'));

/** Every number of want vs got beyond |got - want| <= rtol |want| + atol, as "path: got, want". */
export function compareExpected(got, want, rtol, atol, at = 'expected', out = []) {
  if (typeof want === 'number') {
    if (typeof got !== 'number' || !(Math.abs(got - want) <= rtol * Math.abs(want) + atol)) out.push(`${at}: got ${got}, want ${want}`);
  } else if (Array.isArray(want)) {
    if (!Array.isArray(got) || got.length !== want.length) out.push(`${at}: got ${got?.length} items, want ${want.length}`);
    else want.forEach((w, i) => compareExpected(got[i], w, rtol, atol, `${at}[${i}]`, out));
  } else if (want && typeof want === 'object') {
    for (const k of Object.keys(want)) {
      if (!got || !(k in got)) out.push(`${at}.${k}: missing`);
      else compareExpected(got[k], want[k], rtol, atol, `${at}.${k}`, out);
    }
  } else if (got !== want) out.push(`${at}: got ${got}, want ${want}`);
  return out;
}

/** Runs the native build's rp_train on a config; returns its parsed JSON output. */
export function trainNative(config, steps) {
  const bin = path.join(ROOT, 'build/native/rp_train');
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run scripts/build-native.sh first`);
  const out = execFileSync(bin, ['--config', '-', '--steps', String(steps)], { input: JSON.stringify(config), maxBuffer: 1 << 28 });
  return JSON.parse(out);
}
