#!/usr/bin/env node
// node scripts/compare-golden.mjs WANT.json GOT.json [--rtol 1e-9] [--atol 1e-12]
//
// Compares two rmsprop-golden/1 files number by number (GOT is usually a replay tool's output
// for WANT): every case beyond |got - want| <= rtol |want| + atol, every case GOT refused (its
// "error"), and the largest relative difference |got - want| / |want| over all numbers
// (want != 0) and the largest share of the tolerance used. Exit status 0 when everything matches, 1 otherwise.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  if (i < 0) return dflt;
  const v = Number(args[i + 1]);
  args.splice(i, 2);
  return v;
};
const rtol = opt('--rtol', 1e-9);
const atol = opt('--atol', 1e-12);
if (args.length !== 2) {
  process.stderr.write('usage: node scripts/compare-golden.mjs WANT.json GOT.json [--rtol R] [--atol A]\n');
  process.exit(2);
}
const [want, got] = args.map((f) => JSON.parse(readFileSync(f, 'utf8')));

let worst = { rel: 0, at: '' };
let margin = { used: 0, at: '' }; // the largest |got - want| / (rtol |want| + atol)
function compare(g, w, at, out) {
  if (typeof w === 'number') {
    if (typeof g !== 'number') return out.push(`${at}: got ${JSON.stringify(g)}, want ${w}`);
    const d = Math.abs(g - w);
    if (w !== 0 && d / Math.abs(w) > worst.rel) worst = { rel: d / Math.abs(w), at };
    if (d / (rtol * Math.abs(w) + atol) > margin.used) margin = { used: d / (rtol * Math.abs(w) + atol), at };
    if (!(d <= rtol * Math.abs(w) + atol)) out.push(`${at}: got ${g}, want ${w} (rel ${(d / Math.abs(w)).toExponential(2)})`);
  } else if (Array.isArray(w)) {
    if (!Array.isArray(g) || g.length !== w.length) return out.push(`${at}: got ${g?.length} items, want ${w.length}`);
    w.forEach((x, i) => compare(g[i], x, `${at}[${i}]`, out));
  } else if (w && typeof w === 'object') {
    for (const k of Object.keys(w)) {
      if (!g || !(k in g)) out.push(`${at}.${k}: missing`);
      else compare(g[k], w[k], `${at}.${k}`, out);
    }
  } else if (g !== w) out.push(`${at}: got ${g}, want ${w}`);
  return out;
}

let bad = 0;
if (got.cases.length !== want.cases.length) {
  console.log(`got ${got.cases.length} cases, want ${want.cases.length}`);
  bad++;
}
want.cases.forEach((w, i) => {
  const g = got.cases[i] ?? {};
  if (g.error !== undefined) {
    bad++;
    return console.log(`REFUSED ${w.name}: ${g.error}`);
  }
  const m = compare(g.expected, w.expected, `${w.name}: expected`, []);
  if (m.length) {
    bad++;
    console.log(`MISMATCH ${w.name}: ${m.length} numbers, first: ${m.slice(0, 3).join('; ')}`);
  }
});
console.log(`${want.cases.length} cases, ${bad} bad; largest relative difference ${worst.rel.toExponential(3)} at ${worst.at || '-'}`);
console.log(`largest share of the tolerance used: ${margin.used.toExponential(3)} at ${margin.at || '-'}`);
process.exit(bad ? 1 : 0);
