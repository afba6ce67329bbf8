// The loss-surface page's modules in Node: its link module (web/surface/state.js) and its
// JavaScript port of the test functions (web/surface/functions.js), checked against the engine.
// The page itself is tested in tests/browser/surface.test.mjs.
import test from 'node:test';
import assert from 'node:assert/strict';

import { engine as loadEngine } from '../wasm/helpers.mjs';
import { FUNCTION_NAMES, FUNCTIONS, evaluate, reached, surfaceInfo, surfaceSpec } from '../../web/surface/functions.js';
import { MAX_HASH_LENGTH, defaults, parseSurfaceHash, presetOf, toSurfaceHash } from '../../web/surface/state.js';

test('state.js: defaults make an empty link, and links round-trip', () => {
  assert.equal(toSurfaceHash(defaults()), '#');
  const { settings, notices } = parseSurfaceHash('');
  assert.deepEqual(notices, []);
  assert.equal(settings.function, 'quadratic');
  assert.deepEqual(settings.runs.map((r) => [r.name, r.hp.lr, r.hp.momentum]), [['rmsprop', 0.05, 0], ['sgd', 0.05, 0], ['sgd', 0.05, 0.9], ['adam', 0.05, undefined]]);
  for (const hash of [
    '#function=rosenbrock&a=1.5&b=50&start=-1,2.5&optimizers=rmsprop,adam&r1.alpha=0.9&r1.centered=1&r2.beta1=0.8&speed=5',
    '#b=100&optimizers=rmsprop,sgd&r1.lr=0.01&r2.lr=0.01&r2.label=plain%20SGD&speed=0&arrows=0',
    '#r1.eps=1e-7&r1.eps_in_sqrt=1&r3.momentum=0.5&autoplay=1&embed=1&hide=runs,explain',
  ]) {
    const r = parseSurfaceHash(hash);
    assert.deepEqual(r.notices, [], hash);
    assert.equal(toSurfaceHash(r.settings), hash);
  }
});

test('state.js: shared keys, presets (without lr) and per-run keys', () => {
  const { settings } = parseSurfaceHash('#optimizers=rmsprop,sgd,rmsprop&lr=0.01&momentum=0.5&r2.momentum=0.9&preset=keras&r3.preset=tf1&r3.lr=0.2');
  const [a, b, c] = settings.runs;
  assert.equal(a.hp.lr, 0.01);
  assert.equal(a.hp.momentum, 0.5);
  assert.equal(b.hp.momentum, 0.9, 'rN.KEY wins over KEY');
  assert.equal(presetOf(a.hp), 'keras');
  assert.equal(a.hp.eps_in_sqrt, true);
  assert.equal(presetOf(c.hp), 'tf1');
  assert.equal(c.hp.initial_accumulator, 1);
  assert.equal(c.hp.lr, 0.2, 'a preset leaves lr alone');
});

test('state.js: hostile and malformed links give defaults, clamps and plain-text notices', () => {
  const { settings, notices } = parseSurfaceHash('#function=<img src=x onerror=alert(1)>&a=NaN&b=1e999&start=99,1'
    + '&optimizers=rmsprop,evil,sgd,adam,adagrad,sgd&r1.alpha=5&r2.nesterov=1&r1.label=%3Cscript%3Ex%3C/script%3E&__proto__=1'
    + '&constructor=2&r9.lr=3&r1.beta1=0.5&speed=-4&hide=runs,<b>&lr=0x10');
  assert.equal(settings.function, 'quadratic');
  assert.equal(settings.b, FUNCTIONS.quadratic.params.b.default);
  assert.deepEqual(settings.start, [1.5, 1], 'clamped into the view box');
  assert.deepEqual(settings.runs.map((r) => r.name), ['rmsprop', 'sgd', 'adam', 'adagrad']);
  assert.equal(settings.runs[0].hp.alpha, 0.9999);
  assert.equal(settings.runs[0].hp.lr, 0.05, "'0x10' is not a number: lr keeps its default");
  assert.equal(settings.runs[0].label, '<script>x</script>', 'labels are kept as text (shown through textContent)');
  assert.equal(settings.runs[1].hp.nesterov, false);
  assert.equal(settings.speed, 0);
  assert.deepEqual(settings.hide, ['runs']);
  assert.equal({}.polluted, undefined);
  const text = notices.join('\n');
  for (const key of ['function', 'a:', 'b:', 'start', 'optimizers', 'r1.alpha', 'r2.nesterov', 'speed', 'hide', 'lr:']) assert.match(text, new RegExp(key.replace('.', '\\.')), key);
  assert.ok(notices.every((n) => !/[\u0000-\u001f]/.test(n) && n.length < 400), 'notices are short plain text');
  const long = parseSurfaceHash(`#lr=${'1'.repeat(MAX_HASH_LENGTH + 1)}`);
  assert.equal(long.notices.length, 1);
  assert.match(long.notices[0], /too long/);
});

test('functions.js: the contour port matches the engine, the view boxes hold their minima', async () => {
  const engine = await loadEngine();
  const specs = [['rosenbrock', 1, 100], ['rosenbrock', -0.7, 3], ['beale'], ['quadratic', 1, 100], ['quadratic', 2, 0.5], ['saddle'], ['himmelblau']];
  for (const [name, a = 1, b = 1] of specs) {
    const info = surfaceInfo(name, a, b);
    const { xmin, xmax, ymin, ymax } = info.view;
    for (let i = 0; i < 50; i++) {
      const x = xmin + ((i * 37) % 50) / 49 * (xmax - xmin);
      const y = ymin + ((i * 11) % 50) / 49 * (ymax - ymin);
      const want = engine.surface(surfaceSpec(name, a, b), x, y).f;
      const got = evaluate(name, a, b, x, y);
      assert.ok(Math.abs(got - want) <= 1e-12 * Math.max(1, Math.abs(want)), `${name}(${x}, ${y}): ${got} vs ${want}`);
    }
    for (const [mx, my] of info.minima) {
      assert.ok(mx >= xmin && mx <= xmax && my >= ymin && my <= ymax, `${name}: minimum inside the view`);
      const e = engine.surface(surfaceSpec(name, a, b), mx, my);
      assert.ok(Math.hypot(e.gx, e.gy) < 1e-9, `${name}: zero gradient at (${mx}, ${my})`);
      if (info.kind === 'minimum') assert.ok(reached(info, mx, my, e.f), `${name}: its own minimum counts as reached`);
    }
  }
  assert.deepEqual([...engine.names('surfaces')].sort(), [...FUNCTION_NAMES].sort());
});
