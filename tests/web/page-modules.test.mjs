// The playground's small pure modules: the Speed menu's snapping (web/state/schema.js), the
// page-side steps/s meter (web/ui/rate-meter.js), the scores' loss format (web/ui/readouts.js), the divergence notice (web/ui/divergence.js),
// and the static server's cross-origin headers (scripts/serve.mjs).
import test from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import { SPEEDS, nearestSpeed, SCHEMA } from '../../web/state/schema.js';
import { RateMeter } from '../../web/ui/rate-meter.js';
import { formatLoss } from '../../web/ui/readouts.js';
import { divergenceText, roundNumber, roundNumbers } from '../../web/ui/divergence.js';
import { startServer } from '../../scripts/serve.mjs';
import { ROOT } from '../wasm/helpers.mjs';

test('nearestSpeed: listed speeds stay, others go to the nearest (the lower on a tie)', () => {
  for (const v of SPEEDS) assert.equal(nearestSpeed(v), v);
  assert.equal(nearestSpeed(7), 5);
  assert.equal(nearestSpeed(3), 1);       // |3-1| = |3-5|: the lower
  assert.equal(nearestSpeed(13), 20);
  assert.equal(nearestSpeed(61), 100);
  assert.equal(nearestSpeed(SCHEMA.speed.max), 100);
  for (let v = SCHEMA.speed.min; v <= SCHEMA.speed.max; v++) assert.ok(SPEEDS.includes(nearestSpeed(v)), String(v));
});

test('RateMeter: steps over wall time, not per slice; a window of about a second', () => {
  const m = new RateMeter({ windowMs: 1000, minSpanMs: 250 });
  assert.equal(m.add(0, 0), null);
  assert.equal(m.add(100, 6), null, 'no value before minSpanMs');
  // One step every 16 ms (speed "1 step / frame"): ~62 steps/s, whatever the worker's compute speed.
  let v = null;
  for (let t = 0, s = 0; t <= 3000; t += 16, s += 1) v = m.add(1000 + t, 100 + s);
  assert.ok(Math.abs(v - 62.5) < 1, `rate ${v}`);
  // Faster: the window follows within a second.
  for (let t = 0, s = 0; t <= 1500; t += 10, s += 50) v = m.add(5000 + t, 1000 + s);
  assert.ok(Math.abs(v - 5000) < 1, `rate ${v}`);
});

test('RateMeter: pause keeps the value and measures the next stretch afresh; reset clears it', () => {
  const m = new RateMeter();
  for (let t = 0; t <= 1000; t += 10) m.add(t, t);  // 1000 steps/s
  assert.equal(Math.round(m.value), 1000);
  m.pause();
  assert.equal(Math.round(m.value), 1000, 'shown while paused');
  // Ten seconds later, 10 steps/s: not diluted by the pause.
  for (let t = 0; t <= 1000; t += 100) m.add(11000 + t, 2000 + t / 100);
  assert.equal(Math.round(m.value), 10);
  m.reset();
  assert.equal(m.value, null);
  // A new run (fewer steps than before) starts over instead of going negative.
  for (let t = 0; t <= 500; t += 50) m.add(20000 + t, 5000 + t);
  for (let t = 0; t <= 500; t += 50) assert.ok(m.add(20600 + t, t) === null || m.value >= 0);
});

test('formatLoss: 4 decimals, and a loss under 0.001 in 3 significant digits rather than 0.0000', () => {
  assert.equal(formatLoss(0.693147), '0.6931');
  assert.equal(formatLoss(12.5), '12.5000');
  assert.equal(formatLoss(0.001), '0.0010');
  assert.equal(formatLoss(0.000023456), '2.35e-5');
  assert.equal(formatLoss(0), '0.0000');
});

test('roundNumber: long numbers rounded to 4 significant digits, short ones left alone', () => {
  assert.equal(roundNumber('6.088723872952453'), '6.089');
  assert.equal(roundNumber('161858978306781.2'), '1.619e14');
  assert.equal(roundNumber('0.000000123456789'), '1.235e-7');
  assert.equal(roundNumber('-3.14159265'), '-3.142');
  for (const s of ['10000', '1e4', '0.001', '2', '0.5', '123456']) assert.equal(roundNumber(s), s);
  assert.equal(roundNumbers('layer 2 went from 1.23456789 to 9.87654321e+20'), 'layer 2 went from 1.235 to 9.877e20');
});

test('divergenceText: rounded numbers; a bad step that was not applied is told against the counter', () => {
  // An engine that names the step it could not apply, without saying where the weights are.
  const message = 'Training stopped at step 2: the training loss grew from 6.088723872952453 to 161858978306781.2, '
    + 'more than 10000 times its starting value. The steps were too large: try a lower learning rate (lr) or a larger eps, then reset.';
  assert.equal(divergenceText({ stopped: true, step: 2, quantity: 'loss_growth', layer: -1, message }, 1),
    'Training stopped at step 2: the training loss grew from 6.089 to 1.619e14, more than 10000 times its starting value. '
    + 'The steps were too large: try a lower learning rate (lr) or a larger eps, then reset. '
    + 'Step 2 was not applied: the weights are those after step 1.');
  // An engine whose message names the counter's step already: kept as it is.
  const undone = 'Training stopped at step 1: after its update the training loss grew from 6.088723872952453 to 1.6e14. '
    + 'The update was undone: the weights and optimizer state are those after step 0.';
  assert.equal(divergenceText({ step: 1, message: undone }, 0),
    'Training stopped at step 1: after its update the training loss grew from 6.089 to 1.6e14. '
    + 'The update was undone: the weights and optimizer state are those after step 0.');
  // The bad step is the last one applied: nothing to add.
  assert.equal(divergenceText({ step: 7, message: 'Training stopped at step 7: the gradient of layer 1 is not finite.' }, 7),
    'Training stopped at step 7: the gradient of layer 1 is not finite.');
  assert.equal(divergenceText({}, 0), 'Training stopped at step 0.');
});

test('the static server lets other origins load its files (the embed element\'s module script)', async (t) => {
  const { server, url } = await startServer({ port: 0, root: path.join(ROOT, 'web') });
  t.after(() => new Promise((resolve) => server.close(resolve)));
  const res = await fetch(new URL('embed/element.js', url), { headers: { Origin: 'https://docs.example.org' } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  assert.equal(res.headers.get('cross-origin-resource-policy'), 'cross-origin');
  await res.arrayBuffer();
});
