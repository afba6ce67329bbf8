// The README's Node example runs as printed and shows the loss falling.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { ROOT } from './helpers.mjs';

test('the README example trains on the spiral and prints a falling loss', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## JavaScript API'));
  const code = section.match(/```js\n([\s\S]*?)```/)[1];
  assert.ok(code.split('\n').filter((l) => l.trim()).length <= 14, 'the example stays short');
  // Run it where the README says to save it: the repository root.
  const file = path.join(ROOT, `.readme-example-${process.pid}.mjs`);
  writeFileSync(file, code);
  try {
    const out = execFileSync('node', [file], { encoding: 'utf8' });
    const losses = out.trim().split('\n').map((line) => Number(line.split(/\s+/)[1]));
    assert.equal(losses.length, 5, out);
    assert.ok(losses.every(Number.isFinite), out);
    assert.ok(losses[4] < losses[0], `loss fell: ${losses.join(' -> ')}`);
  } finally {
    rmSync(file, { force: true });
  }
});
