// The playground's layout in headless Chromium, full page and embedded with hide=, at every
// width from a small phone to a wide screen: no horizontal scroll, and the Data / Network /
// Output panels fill their rows (no panel alone beside an empty column).
import test from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { launch } from './browser.mjs';
import { ARTIFACTS, DIST, frames, openPlayground } from './playground.mjs';

let env;
test.before(async () => { env = await launch({ root: DIST }); });
test.after(async () => { await env?.close(); });

const WIDTHS = [320, 360, 390, 480, 600, 720, 721, 800, 900, 1000, 1100, 1101, 1200, 1280, 1400];
const LAYOUTS = [
  '',
  '#embed=1',
  '#embed=1&hide=data,explain&dataset=spiral&lr=0.003&hidden=8,8',  // the README's iframe snippet
  '#embed=1&hide=data',
  '#embed=1&hide=network',
  '#embed=1&hide=data,network',
  '#embed=1&hide=controls,optimizer,charts',
  '#embed=1&hide=data&hidden=8,8,8,8,8,8,8,8',
];

/** Problems with the layout at the current width, as strings. */
const layoutProblems = (page) => page.evaluate(() => {
  const out = [];
  const overflow = document.documentElement.scrollWidth - window.innerWidth;
  if (overflow > 0) out.push(`the page scrolls sideways by ${overflow}px`);
  const ws = document.querySelector('.workspace').getBoundingClientRect();
  const panels = [...document.querySelectorAll('.workspace > .panel')].filter((p) => !p.hidden).map((p) => p.getBoundingClientRect());
  const rows = new Map();
  for (const r of panels) {
    const top = Math.round(r.top);
    rows.set(top, [...(rows.get(top) ?? []), r]);
  }
  for (const [top, row] of rows) {
    const left = Math.min(...row.map((r) => r.left));
    const right = Math.max(...row.map((r) => r.right));
    if (left - ws.left > 1 || ws.right - right > 1) {
      out.push(`the panels at y=${top} span ${Math.round(left)}..${Math.round(right)} of ${Math.round(ws.left)}..${Math.round(ws.right)}`);
    }
  }
  for (const el of document.querySelectorAll('.panel, .toolbar, .mc-figure')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > window.innerWidth + 0.5) out.push(`${el.className} ends at ${Math.round(r.right)}px`);
  }
  return out;
});

for (const hash of LAYOUTS) {
  test(`layout ${hash || '(full page)'}: fills every width from 320 to 1400 px, no horizontal scroll`, async () => {
    const { page, problems } = await openPlayground(env, hash, { width: 1280, height: 800 });
    const found = [];
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 800 });
      await frames(page);
      for (const p of await layoutProblems(page)) found.push(`${width}px: ${p}`);
    }
    assert.deepEqual(found, []);
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test('screenshots: the README iframe at 1000 px and 720 px tall, hide=data on a phone', async () => {
  const shots = [
    ['#embed=1&hide=data,explain&dataset=spiral&lr=0.003&hidden=8,8', 1000, 720, 'embed-readme-1000.png', false],
    ['#embed=1&hide=data,explain&dataset=spiral&lr=0.003&hidden=8,8', 600, 720, 'embed-readme-600.png', false],
    ['#embed=1&hide=data', 390, 844, 'embed-hide-data-390.png', true],
    ['#embed=1&hide=data,network', 1280, 800, 'embed-output-only-1280.png', false],
  ];
  for (const [hash, width, height, file, fullPage] of shots) {
    const { page, problems } = await openPlayground(env, hash, { width, height });
    await frames(page);
    await page.screenshot({ path: path.join(ARTIFACTS, file), fullPage });
    assert.deepEqual(problems, []);
    await page.close();
  }
});
