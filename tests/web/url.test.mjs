// web/state/url.js: the link's hash <-> settings and user points.
import test from 'node:test';
import assert from 'node:assert/strict';
import { parseHash, toHash, pointsFitInLink, shorten, MAX_HASH_LENGTH, MAX_LINK_POINTS } from '../../web/state/url.js';
import { SCHEMA, DATASETS, PRESET_VALUES, defaults } from '../../web/state/schema.js';

const D = defaults();

/**
 * The defaults except for `changed`; a link that sets an optimizer key away from the default
 * (PyTorch) preset's value reads as preset 'custom' (see the preset tests below).
 */
function expected(changed) {
  const s = { ...defaults(), ...changed };
  const off = Object.entries(PRESET_VALUES.pytorch).some(([k, v]) => k in changed && changed[k] !== v);
  if (!('preset' in changed) && off) s.preset = 'custom';
  return s;
}

/** parseHash, plus: the settings equal the defaults except for `changed`. */
function expectSettings(hash, changed, { notices: noticeCount } = {}) {
  const r = parseHash(hash);
  assert.deepEqual(r.settings, expected(changed));
  if (noticeCount !== undefined) assert.equal(r.notices.length, noticeCount, JSON.stringify(r.notices));
  return r;
}

const hasNotice = (r, ...parts) => r.notices.some((n) => parts.every((p) => n.includes(p)));
function assertNotice(r, ...parts) {
  assert.ok(hasNotice(r, ...parts), `no notice with ${JSON.stringify(parts)} in ${JSON.stringify(r.notices)}`);
}

// ------------------------------------------------------------------ basics

test('empty hash, bare "#", undefined and non-strings give the defaults and no notice', () => {
  for (const h of ['', '#', undefined, null, 42, {}]) {
    const r = parseHash(h);
    assert.deepEqual(r, { settings: D, points: [], notices: [] });
  }
});

test('the example hash from the brief', () => {
  expectSettings('#dataset=spiral&lr=0.003&hidden=8,8&features=x1,x2,x1sq&centered=1', {
    dataset: 'spiral', lr: 0.003, hidden: [8, 8], features: ['x1', 'x2', 'x1sq'], centered: true,
  }, { notices: 0 });
});

test('the leading # is optional', () => {
  expectSettings('dataset=xor', { dataset: 'xor' }, { notices: 0 });
});

test('every kind is read: enum, number, int, bool, list, ints', () => {
  expectSettings('#activation=relu&noise=0.25&n=1000&showTest=true&logLoss=false&hide=charts,explain&hidden=1,64,3', {
    activation: 'relu', noise: 0.25, n: 1000, showTest: true, logLoss: false, hide: ['charts', 'explain'], hidden: [1, 64, 3],
  }, { notices: 0 });
});

test('bools accept 1/0/true/false in any case', () => {
  for (const [v, want] of [['1', true], ['0', false], ['true', true], ['false', false], ['TRUE', true], ['False', false]]) {
    expectSettings(`#centered=${v}`, { centered: want }, { notices: 0 });
  }
  const r = expectSettings('#centered=yes', {}, { notices: 1 });
  assertNotice(r, 'centered', "'yes'", '1, 0, true or false');
});

test('numbers: exponents, a leading +, leading/trailing dot, surrounding spaces', () => {
  expectSettings('#lr=1e-3', { lr: 0.001 }, { notices: 0 });
  expectSettings('#lr=1E-3', { lr: 0.001 }, { notices: 0 });
  expectSettings('#lr=.5', { lr: 0.5 }, { notices: 0 });
  expectSettings('#lr=5.', { lr: 5 }, { notices: 0 });
  expectSettings('#lr=%2B0.5', { lr: 0.5 }, { notices: 0 });
  expectSettings('#lr=+0.5', { lr: 0.5 }, { notices: 0 });          // '+' decodes to a space: ' 0.5'
  expectSettings('#lr=1e+0', { lr: 1 }, { notices: 0 });             // '1e 0' is read as '1e+0'
  expectSettings('#lr=%200.02%20', { lr: 0.02 }, { notices: 0 });
  expectSettings('#n=1e3', { n: 1000 }, { notices: 0 });             // an integer written with an exponent
  expectSettings('#n=400.0', {}, { notices: 0 });
});

test('-0 is read as 0', () => {
  const r = parseHash('#momentum=-0');
  assert.ok(Object.is(r.settings.momentum, 0));
});

test('unknown keys are ignored silently', () => {
  expectSettings('#foo=bar&LR=5&lr=0.5&utm_source=x', { lr: 0.5 }, { notices: 0 });
});

test('repeated keys: the last occurrence wins', () => {
  expectSettings('#lr=0.5&lr=0.25', { lr: 0.25 }, { notices: 0 });
  expectSettings('#dataset=xor&dataset=spiral', { dataset: 'spiral' }, { notices: 0 });
  // A bad last value falls back to the default, not to the earlier good one.
  const r = expectSettings('#lr=0.5&lr=abc', {}, { notices: 1 });
  assertNotice(r, 'lr', "'abc'");
});

test('empty pairs and pairs without "=" do not break anything', () => {
  expectSettings('#&&lr=0.5&&foo&=xor&', { lr: 0.5 }, { notices: 0 });
  // A known key without '=' has an empty value: default + notice.
  assertNotice(expectSettings('#dataset', {}, { notices: 1 }), 'dataset', 'no value');
});

// ------------------------------------------------------------------ malformed -> default + notice

test('malformed numbers keep the default and say what is allowed', () => {
  for (const v of ['abc', 'NaN', 'nan', 'Infinity', '-Infinity', '0x10', '1e', '--1', '1.2.3', '1,5', 'e5', '.']) {
    const r = expectSettings(`#lr=${encodeURIComponent(v)}`, {}, { notices: 1 });
    assertNotice(r, 'lr:', `'${v}'`, 'a number from 0.000001 to 10', 'the default 0.01');
  }
});

test('an empty value keeps the default with a notice', () => {
  const r = expectSettings('#lr=', {}, { notices: 1 });
  assertNotice(r, 'lr', 'no value', 'the default 0.01');
  assertNotice(expectSettings('#dataset=', {}, { notices: 1 }), 'dataset', 'no value');
  assertNotice(expectSettings('#centered=', {}, { notices: 1 }), 'centered', 'no value');
});

test('#lr=1e999: Infinity is malformed, not clamped', () => {
  const r = expectSettings('#lr=1e999', {}, { notices: 1 });
  assertNotice(r, 'lr', "'1e999'", 'not a finite number', 'using the default 0.01');
});

test('#lr=NaN', () => {
  const r = expectSettings('#lr=NaN', {}, { notices: 1 });
  assertNotice(r, 'lr', "'NaN'", 'is not a number');
});

test('ints must be integers: a fraction is malformed (default), not rounded', () => {
  const r = expectSettings('#n=250.5', {}, { notices: 1 });
  assertNotice(r, 'n:', "'250.5'", 'not an integer', 'an integer from 20 to 2000', 'the default 400');
  assertNotice(expectSettings('#seed=1e-3', {}, { notices: 1 }), 'seed', 'not an integer');
});

test('wrong enum value keeps the default and lists the choices', () => {
  const r = expectSettings('#activation=gelu', {}, { notices: 1 });
  assertNotice(r, 'activation', "'gelu'", 'one of tanh, relu, sigmoid, linear', 'the default tanh');
  // Enums are case-sensitive.
  assertNotice(expectSettings('#dataset=Spiral', {}, { notices: 1 }), 'dataset', "'Spiral'");
});

test('#dataset=<script>alert(1)</script>: default, notice quotes it as plain text', () => {
  const r = expectSettings('#dataset=<script>alert(1)</script>', {}, { notices: 1 });
  assertNotice(r, 'dataset', "'<script>alert(1)</script>'", 'circle, xor');
  // Percent-encoded the same.
  const r2 = expectSettings(`#dataset=${encodeURIComponent('<script>alert(1)</script>')}`, {}, { notices: 1 });
  assert.deepEqual(r2.notices, r.notices);
});

test('bad values are shortened to ~40 characters in notices, control characters blanked', () => {
  const long = 'x'.repeat(5000);
  const r = expectSettings(`#dataset=${long}`, {}, { notices: 1 });
  assert.ok(r.notices[0].length < 250, r.notices[0]);
  assert.ok(r.notices[0].includes(`'${'x'.repeat(39)}…'`));
  assert.equal(shorten('a\nb\u0000c'), 'a b c');
  assert.equal(Array.from(shorten('😀'.repeat(100))).length, 40);   // by code points: no split surrogate pair
  const r2 = parseHash('#dataset=a%0Ab');
  assert.ok(!/[\n\r]/.test(r2.notices[0]));
});

// ------------------------------------------------------------------ out of range -> clamp + notice

test('numbers out of range are clamped with a notice', () => {
  let r = expectSettings('#lr=50', { lr: 10 }, { notices: 1 });
  assert.equal(r.notices[0], 'lr: 50 is above the maximum 10; using 10');
  r = expectSettings('#lr=-5', { lr: 1e-6 }, { notices: 1 });
  assert.equal(r.notices[0], 'lr: -5 is below the minimum 0.000001; using 0.000001');
  r = expectSettings('#noise=0.7', { noise: 0.5 }, { notices: 1 });
  assertNotice(r, 'noise', 'maximum 0.5');
  r = expectSettings('#eps=0', { eps: 1e-12 }, { notices: 1 });
  assertNotice(r, 'eps', 'below the minimum 1e-12');
});

test('the bounds themselves are accepted without a notice', () => {
  for (const [key, spec] of Object.entries(SCHEMA)) {
    if (spec.kind !== 'number' && spec.kind !== 'int') continue;
    for (const v of [spec.min, spec.max]) {
      const r = parseHash(`#${key}=${v}`);
      assert.equal(r.settings[key], v, key);
      assert.deepEqual(r.notices, [], key);
    }
  }
});

test('#n=1e9: an integer far out of range is clamped', () => {
  const r = expectSettings('#n=1e9', { n: 2000 }, { notices: 1 });
  assert.equal(r.notices[0], 'n: 1e9 is above the maximum 2000; using 2000');
});

test('ints clamp below the minimum too', () => {
  expectSettings('#n=-3', { n: 20 }, { notices: 1 });
  expectSettings('#speed=-1', { speed: 0 }, { notices: 1 });
});

// ------------------------------------------------------------------ lists

test('list: order kept, unknown items dropped with one notice, duplicates removed with a notice', () => {
  expectSettings('#features=x2,x1', { features: ['x2', 'x1'] }, { notices: 0 });
  let r = expectSettings('#features=x1,foo,x2,bar', { features: ['x1', 'x2'] }, { notices: 1 });
  assertNotice(r, 'features', "'foo'", "'bar'", 'x1, x2, x1sq');
  r = expectSettings('#features=x1,x1sq,x1,x1sq', { features: ['x1', 'x1sq'] }, { notices: 1 });
  assertNotice(r, 'features', 'more than once');
});

test('list: empty items and spaces are ignored silently', () => {
  expectSettings('#features=x1,,x2,', { features: ['x1', 'x2'] }, { notices: 0 });
  expectSettings('#features=x1%20,%20x1sq', { features: ['x1', 'x1sq'] }, { notices: 0 });
});

test('#features= (empty, minLength 1): default with a notice', () => {
  const r = expectSettings('#features=', {}, { notices: 1 });
  assertNotice(r, 'features', 'the default x1,x2');
});

test('list with nothing valid left: the default', () => {
  const r = expectSettings('#features=foo,bar', {}, { notices: 2 });
  assertNotice(r, 'features', 'needs at least 1', 'the default x1,x2');
  expectSettings('#features=,,,', {}, { notices: 1 });
});

test('list with minLength 0 may be empty', () => {
  expectSettings('#hide=', { hide: [] }, { notices: 0 });
  expectSettings('#hide=data', { hide: ['data'] }, { notices: 0 });
  expectSettings('#hide=nope', { hide: [] }, { notices: 1 });
});

test('list: many unknown items name at most a few of them', () => {
  const items = Array.from({ length: 50 }, (_, i) => `bad${i}`).join(',');
  const r = expectSettings(`#features=x1,${items}`, { features: ['x1'] }, { notices: 1 });
  assertNotice(r, 'and 45 more');
});

// ------------------------------------------------------------------ ints (hidden)

test('#hidden=999,0,x: items clamped, malformed dropped, each with a notice', () => {
  const r = expectSettings('#hidden=999,0,x', { hidden: [64, 1] }, { notices: 3 });
  assertNotice(r, 'hidden', "'x'");
  assertNotice(r, 'hidden: 999 is above the maximum 64; using 64');
  assertNotice(r, 'hidden: 0 is below the minimum 1; using 1');
});

test('hidden: too many layers are cut to maxLength with a notice', () => {
  const r = expectSettings('#hidden=1,2,3,4,5,6,7,8,9,10', { hidden: [1, 2, 3, 4, 5, 6, 7, 8] }, { notices: 1 });
  assertNotice(r, 'hidden', '10 items', 'maximum 8');
});

test('hidden: nothing valid -> default; fractions are malformed items', () => {
  let r = expectSettings('#hidden=', {}, { notices: 1 });
  assertNotice(r, 'hidden', 'the default 4,2');
  r = expectSettings('#hidden=a,b', {}, { notices: 2 });
  assertNotice(r, 'hidden', 'needs at least 1');
  r = expectSettings('#hidden=2.5,3', { hidden: [3] }, { notices: 1 });
  assertNotice(r, 'hidden', "'2.5'");
  expectSettings('#hidden=8,%208', { hidden: [8, 8] }, { notices: 0 });
});

test('hidden: many out-of-range items give a bounded number of notices', () => {
  const r = expectSettings('#hidden=100,100,100,100,100,100,100,100', { hidden: Array(8).fill(64) });
  assert.ok(r.notices.length <= 4, JSON.stringify(r.notices));
  assertNotice(r, '5 more items');
});

// ------------------------------------------------------------------ cross-key rules

test('dataset without problem: the problem follows the dataset', () => {
  expectSettings('#dataset=plane', { problem: 'regression', dataset: 'plane' }, { notices: 0 });
  expectSettings('#dataset=multigauss', { problem: 'regression', dataset: 'multigauss' }, { notices: 0 });
});

test('problem without dataset: its first dataset', () => {
  expectSettings('#problem=regression', { problem: 'regression', dataset: DATASETS.regression[0] }, { notices: 0 });
  expectSettings('#problem=classification', {}, { notices: 0 });
});

test('problem and dataset in conflict: the problem wins, its first dataset, with a notice', () => {
  let r = expectSettings('#problem=classification&dataset=plane', { dataset: 'circle' }, { notices: 1 });
  assertNotice(r, 'dataset', 'plane', 'regression', 'circle');
  r = expectSettings('#dataset=spiral&problem=regression', { problem: 'regression', dataset: 'plane' }, { notices: 1 });
  assertNotice(r, 'dataset', 'spiral');
  expectSettings('#problem=regression&dataset=multigauss', { problem: 'regression', dataset: 'multigauss' }, { notices: 0 });
});

test('a malformed problem does not count as given: the dataset decides', () => {
  const r = expectSettings('#problem=nope&dataset=plane', { problem: 'regression', dataset: 'plane' }, { notices: 1 });
  assertNotice(r, 'problem', "'nope'");
});

test('a malformed dataset with a given problem: the problem\'s first dataset', () => {
  const r = expectSettings('#problem=regression&dataset=nope', { problem: 'regression', dataset: 'plane' }, { notices: 1 });
  assertNotice(r, 'dataset', "'nope'");
});

test('loss bce needs classification', () => {
  expectSettings('#loss=bce', { loss: 'bce' }, { notices: 0 });
  let r = expectSettings('#loss=bce&dataset=plane', { loss: 'mse', problem: 'regression', dataset: 'plane' }, { notices: 1 });
  assertNotice(r, 'loss', 'bce', 'classification', 'mse');
  r = expectSettings('#loss=bce&problem=regression', { problem: 'regression', dataset: 'plane' }, { notices: 1 });
  assertNotice(r, 'loss');
});

test('batch larger than n is fine (full batch)', () => {
  expectSettings('#n=100&batch=2000', { n: 100, batch: 2000 }, { notices: 0 });
});

// ------------------------------------------------------------------ points

test('points are read, -0 normalised, spaces tolerated', () => {
  const r = parseHash('#pts=0.5,-1.25,1;-3,2,0;%20-0,4,1%20;');
  assert.deepEqual(r.points, [{ x1: 0.5, x2: -1.25, label: 1 }, { x1: -3, x2: 2, label: 0 }, { x1: 0, x2: 4, label: 1 }]);
  assert.ok(Object.is(r.points[2].x1, 0));
  assert.deepEqual(r.notices, []);
});

test('#pts=1,2,3;nan,1,0;5000,1,1: all three dropped, one notice with the count', () => {
  const r = parseHash('#pts=1,2,3;nan,1,0;5000,1,1');
  assert.deepEqual(r.points, []);
  assert.deepEqual(r.settings, D);
  assert.equal(r.notices.length, 1);
  assertNotice(r, 'pts', 'dropped 3 invalid points of 3', 'label 3 is not a class');
});

test('points: each check (fields, numbers, finite, range, label by problem)', () => {
  const bad = ['1,2', '1,2,1,4', 'a,1,1', '1,NaN,1', '1e999,1,1', '1000.5,0,1', '0,-1001,0', '0,0,0.5', '0,0,-1', '0,0,', ',,'];
  for (const p of bad) {
    const r = parseHash(`#pts=${encodeURIComponent(p)};1,1,1`);
    assert.deepEqual(r.points, [{ x1: 1, x2: 1, label: 1 }], p);
    assertNotice(r, 'dropped 1 invalid point of 2');
  }
  // The coordinate limit itself is fine.
  assert.equal(parseHash('#pts=1000,-1000,1').points.length, 1);
  // Regression: labels in [-1, 1].
  let r = parseHash('#dataset=plane&pts=0,0,-1;0,0,0.25;0,0,1;0,0,1.5');
  assert.deepEqual(r.points.map((p) => p.label), [-1, 0.25, 1]);
  assertNotice(r, 'dropped 1 invalid point of 4', 'outside [-1, 1]');
  // The label is checked against the FINAL problem (after the cross-key rules).
  r = parseHash('#pts=0,0,0.25&problem=regression');
  assert.deepEqual(r.points, [{ x1: 0, x2: 0, label: 0.25 }]);
});

test('points: at most 300 kept', () => {
  const pts = Array.from({ length: 350 }, (_, i) => `${i / 100},0,${i % 2}`).join(';');
  const r = parseHash(`#pts=${pts}`);
  assert.equal(r.points.length, MAX_LINK_POINTS);
  assert.equal(r.points[299].x1, 2.99);
  assertNotice(r, 'pts', '350 points', 'first 300');
});

test('pts= empty gives no points and no notice', () => {
  assert.deepEqual(parseHash('#pts='), { settings: D, points: [], notices: [] });
});

// ------------------------------------------------------------------ hostile hashes

test('#%E0%A4%A: malformed percent-encoding is survived and reported', () => {
  const r = parseHash('#%E0%A4%A');
  assert.deepEqual(r.settings, D);
  assert.equal(r.notices.length, 1);
  assertNotice(r, 'malformed percent-encoding');
});

test('malformed percent-encoding in a known key\'s value', () => {
  let r = parseHash('#lr=0.5%&dataset=xor');
  assert.equal(r.settings.lr, D.lr);
  assert.equal(r.settings.dataset, 'xor');
  assertNotice(r, 'malformed percent-encoding');
  assertNotice(r, 'lr', "'0.5%'");
  r = parseHash('#dataset=%FF%FE&lr=%zz');
  assert.deepEqual(r.settings, D);
  assert.equal(r.notices.length, 3);  // one for the encoding, one per key
  for (const h of ['#%', '#%%', '#=%', '#a=%E0', '#%ED%A0%80=1', '#lr=%ED%A0%80', '#' + '%'.repeat(1000)]) {
    assert.doesNotThrow(() => parseHash(h), h);
  }
});

test('non-ASCII values are decoded (and rejected where not allowed)', () => {
  const r = parseHash(`#dataset=${encodeURIComponent('spïral')}`);
  assertNotice(r, "'spïral'");
});

test('a 100 kB hash is ignored entirely with one notice', () => {
  const r = parseHash('#lr=0.5&' + 'a'.repeat(100_000));
  assert.deepEqual(r.settings, D);
  assert.deepEqual(r.points, []);
  assert.equal(r.notices.length, 1);
  assertNotice(r, 'too long', '16384');
});

test('the length limit is on the text after #: exactly 16384 is read', () => {
  const pad = (h) => h + '&z=' + 'a'.repeat(MAX_HASH_LENGTH - h.length - 3);
  const ok = pad('lr=0.5');
  assert.equal(ok.length, MAX_HASH_LENGTH);
  assert.equal(parseHash('#' + ok).settings.lr, 0.5);
  assert.equal(parseHash('#' + ok + 'a').settings.lr, D.lr);
});

test('#__proto__=1&constructor=2: no prototype pollution, no throw, no notice', () => {
  const r = parseHash('#__proto__=1&constructor=2&prototype=3&toString=4&hasOwnProperty=5&valueOf=x');
  assert.deepEqual(r, { settings: D, points: [], notices: [] });
  assert.equal(Object.getPrototypeOf(r.settings), Object.prototype);
  assert.equal({}.constructor, Object);
  assert.equal(({}).toString(), '[object Object]');
  assert.equal(Object.prototype[1], undefined);
  const r2 = parseHash('#__proto__[lr]=5&constructor[prototype][polluted]=1&__proto__.polluted=1');
  assert.deepEqual(r2.settings, D);
  assert.equal(({}).polluted, undefined);
  assert.equal(({}).lr, undefined);
});

test('keys that exist on Object.prototype are not settings', () => {
  // Only SCHEMA's own keys are read: "toString" etc. never become settings.
  const r = parseHash('#toString=relu&activation=relu');
  assert.equal(r.settings.activation, 'relu');
  assert.ok(!Object.prototype.hasOwnProperty.call(r.settings, 'toString'));
});

test('random junk never throws and always gives well-formed settings', () => {
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const alphabet = 'abc=&%;,.+-eE019#<>" \u00e9\u{1F600}xlrnhidden';
  const chars = Array.from(alphabet);
  const keys = Object.keys(SCHEMA).concat('pts');
  for (let i = 0; i < 2000; i++) {
    let h = '#';
    const n = Math.floor(rnd() * 6);
    for (let j = 0; j < n; j++) {
      h += keys[Math.floor(rnd() * keys.length)] + '=';
      const len = Math.floor(rnd() * 12);
      for (let k = 0; k < len; k++) h += chars[Math.floor(rnd() * chars.length)];
      h += '&';
    }
    const r = parseHash(h);
    assert.deepEqual(Object.keys(r.settings), Object.keys(D), h);
    for (const [key, spec] of Object.entries(SCHEMA)) {
      const v = r.settings[key];
      if (spec.kind === 'number' || spec.kind === 'int') assert.ok(Number.isFinite(v) && v >= spec.min && v <= spec.max, `${h} ${key}`);
      if (spec.kind === 'int') assert.ok(Number.isInteger(v));
      if (spec.kind === 'enum') assert.ok(spec.values.includes(v));
      if (spec.kind === 'bool') assert.equal(typeof v, 'boolean');
    }
    assert.ok(DATASETS[r.settings.problem].includes(r.settings.dataset), h);
    for (const n of r.notices) assert.equal(typeof n, 'string');
  }
});

// ------------------------------------------------------------------ toHash and round trips

test('toHash of the defaults is "#"', () => {
  assert.equal(toHash(defaults(), []), '#');
  assert.equal(toHash(defaults()), '#');
  assert.equal(toHash({}), '#');
});

test('toHash writes only changed keys, in SCHEMA order, shortest number form', () => {
  const s = { ...defaults(), lr: 0.003, dataset: 'spiral', hidden: [8, 8], features: ['x1', 'x2', 'x1sq'], centered: true, eps: 1e-10 };
  assert.equal(toHash(s, []), '#dataset=spiral&features=x1,x2,x1sq&hidden=8,8&lr=0.003&eps=1e-10&centered=1');
});

test('toHash writes false booleans as 0', () => {
  const s = { ...defaults(), logLoss: false };
  assert.equal(toHash(s), '#logLoss=0');
});

test('toHash leaves out non-finite numbers', () => {
  assert.equal(toHash({ ...defaults(), lr: NaN, noise: Infinity }), '#');
});

test('round trip: the example settings', () => {
  const s = { ...defaults(), preset: 'custom', dataset: 'spiral', lr: 0.003, hidden: [8, 8], features: ['x1', 'x2', 'x1sq'], centered: true };
  const r = parseHash(toHash(s, []));
  assert.deepEqual(r, { settings: s, points: [], notices: [] });
});

test('round trip: every key set to a non-default value, including awkward numbers', () => {
  const s = defaults();
  s.problem = 'regression'; s.dataset = 'multigauss'; s.n = 2000; s.noise = 0.1 + 0.2; s.trainRatio = 0.9;
  s.batch = 7; s.dataSeed = 999999; s.features = ['sinx2', 'x1x2', 'x1']; s.hidden = [64, 1, 2, 3, 4, 5, 6, 7];
  s.activation = 'linear'; s.output = 'linear'; s.loss = 'mse'; s.reg = 'l1'; s.regRate = 1 / 3; s.init = 'he';
  s.seed = 0; s.preset = 'custom'; s.lr = 1e-6; s.alpha = 0.9999; s.eps = 1e-12; s.momentum = 0.123456789;
  s.centered = true; s.weight_decay = 5e-7; s.eps_in_sqrt = true; s.initial_accumulator = 10; s.speed = 1000;
  s.autoplay = true; s.logLoss = false; s.showTest = true; s.discretize = true; s.embed = true; s.hide = ['explain', 'data'];
  const hash = toHash(s, []);
  const r = parseHash(hash);
  assert.deepEqual(r.notices, []);
  assert.deepEqual(r.settings, s);
  // loss: bce is not allowed for regression; preset: 'custom' goes without saying when lr differs from PyTorch's.
  for (const key of Object.keys(SCHEMA)) if (key !== 'loss' && key !== 'preset') assert.ok(hash.includes(`${key}=`), key);
});

test('round trip: classification with bce, hide list, random numeric values', () => {
  let seed = 7;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  for (let i = 0; i < 300; i++) {
    const s = defaults();
    s.loss = 'bce'; s.dataset = DATASETS.classification[i % 5]; s.preset = 'custom';  // random optimizer values
    for (const [key, spec] of Object.entries(SCHEMA)) {
      if (spec.kind === 'number') s[key] = spec.min + rnd() * (spec.max - spec.min);
      if (spec.kind === 'int') s[key] = spec.min + Math.floor(rnd() * (spec.max - spec.min + 1));
    }
    const r = parseHash(toHash(s, []));
    assert.deepEqual(r.notices, []);
    assert.deepEqual(r.settings, s);
  }
});

test('round trip: points, rounded to 3 decimals', () => {
  const s = { ...defaults(), dataset: 'xor' };
  const pts = [{ x1: 1.5, x2: -2.25, label: 1 }, { x1: -0.001, x2: 5.999, label: 0 }, { x1: 1000, x2: -1000, label: 1 }];
  const hash = toHash(s, pts);
  assert.equal(hash, '#dataset=xor&pts=1.5,-2.25,1;-0.001,5.999,0;1000,-1000,1');
  assert.deepEqual(parseHash(hash), { settings: s, points: pts, notices: [] });

  const r = parseHash(toHash(defaults(), [{ x1: 1.23456, x2: -0.00049, label: 1 }]));
  assert.deepEqual(r.points, [{ x1: 1.235, x2: 0, label: 1 }]);
  assert.ok(Object.is(r.points[0].x2, 0));
});

test('round trip: random points on a 3-decimal grid, classification and regression', () => {
  let seed = 99;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const grid = (a) => Math.round((rnd() * 2 - 1) * a * 1000) / 1000;
  for (const problem of ['classification', 'regression']) {
    const s = problem === 'regression' ? { ...defaults(), problem, dataset: 'plane' } : defaults();
    const pts = Array.from({ length: MAX_LINK_POINTS }, () => ({
      x1: grid(6) || 0, x2: grid(1000) || 0, label: problem === 'regression' ? grid(1) || 0 : rnd() < 0.5 ? 0 : 1,
    }));
    const hash = toHash(s, pts);
    assert.ok(hash.length <= MAX_HASH_LENGTH);
    assert.deepEqual(parseHash(hash), { settings: s, points: pts, notices: [] });
  }
});

test('points: none -> no pts key; more than 300 -> left out, pointsFitInLink says so', () => {
  assert.equal(toHash(defaults(), []), '#');
  const many = Array.from({ length: 301 }, () => ({ x1: 0, x2: 0, label: 1 }));
  assert.equal(toHash(defaults(), many), '#');
  assert.equal(pointsFitInLink(many), false);
  assert.equal(pointsFitInLink(many.slice(0, 300)), true);
  assert.equal(pointsFitInLink([]), true);
  assert.ok(toHash(defaults(), many.slice(0, 300)).startsWith('#pts='));
});

test('toHash leaves out points that parseHash would drop', () => {
  const pts = [{ x1: 0, x2: 0, label: 0.5 }, { x1: NaN, x2: 0, label: 1 }, { x1: 2000, x2: 0, label: 1 }, { x1: 1, x2: 1, label: 1 }, null];
  assert.equal(toHash(defaults(), pts), '#pts=1,1,1');
  assert.equal(toHash(defaults(), [{ x1: 0, x2: 0, label: 0.5 }]), '#');
  assert.equal(toHash({ ...defaults(), problem: 'regression', dataset: 'plane' }, [{ x1: 0, x2: 0, label: 0.5 }]),
    '#problem=regression&dataset=plane&pts=0,0,0.5');
});

test('toHash output survives the browser: only URL-safe characters', () => {
  const s = { ...defaults(), features: ['x1', 'sinx1'], hidden: [3, 3], eps: 1e-12 };
  const h = toHash(s, [{ x1: -1.5, x2: 2, label: 0 }]);
  assert.match(h, /^#[A-Za-z0-9_=&,;.\-]*$/);
  assert.equal(new URL('https://example.org/' + h).hash, h);
});

// ------------------------------------------------------------------ presets

test('#preset=keras trains with Keras\'s values, not PyTorch\'s', () => {
  const r = expectSettings('#preset=keras', { preset: 'keras', ...PRESET_VALUES.keras }, { notices: 0 });
  assert.equal(toHash(r.settings), '#preset=keras');
  expectSettings('#preset=tf1', { preset: 'tf1', ...PRESET_VALUES.tf1 }, { notices: 0 });
  expectSettings('#preset=hinton2012', { preset: 'hinton2012', ...PRESET_VALUES.hinton2012 }, { notices: 0 });
});

test('keys given with a preset override its values; a different value makes the preset custom', () => {
  // The same value as the preset's: still keras.
  expectSettings('#preset=keras&lr=0.001&eps_in_sqrt=1', { preset: 'keras', ...PRESET_VALUES.keras }, { notices: 0 });
  // lr differs: Keras's other values, lr 0.01, preset custom; no notice (it is not an error).
  const r = expectSettings('#preset=keras&lr=0.01', { ...PRESET_VALUES.keras, preset: 'custom', lr: 0.01 }, { notices: 0 });
  // Round trip: lr 0.01 is the default, Keras's others are spelled out.
  assert.deepEqual(parseHash(toHash(r.settings)).settings, r.settings);
  // Keys a preset does not set (momentum, centered) leave it alone.
  expectSettings('#preset=tf1&momentum=0.5&centered=1', { preset: 'tf1', ...PRESET_VALUES.tf1, momentum: 0.5, centered: true }, { notices: 0 });
});

test('without a preset key: the default preset; an lr of its own reads as custom', () => {
  expectSettings('#lr=0.01', {}, { notices: 0 });
  const r = expectSettings('#lr=0.003', { preset: 'custom', lr: 0.003 }, { notices: 0 });
  assert.equal(toHash(r.settings), '#lr=0.003');
  // An explicit custom keeps the schema defaults for what it does not give.
  expectSettings('#preset=custom', { preset: 'custom' }, { notices: 0 });
  assert.equal(toHash({ ...defaults(), preset: 'custom' }), '#preset=custom');
});

test('a bad preset falls back to the default preset, with a notice, and still fills its values', () => {
  const r = expectSettings('#preset=adam&alpha=0.9', { alpha: 0.9, preset: 'custom' }, { notices: 1 });
  assertNotice(r, 'preset', "'adam'");
});

test('toHash under a named preset writes the keys that differ from the preset\'s values', () => {
  const s = { ...defaults(), preset: 'keras', ...PRESET_VALUES.keras };
  assert.equal(toHash(s), '#preset=keras');
  // A value equal to the schema default but not to the preset's is written (the preset would fill it).
  assert.deepEqual(parseHash(toHash({ ...s, preset: 'custom', lr: 0.01 })).settings, { ...s, preset: 'custom', lr: 0.01 });
});

test('autoplay is a bool key', () => {
  expectSettings('#autoplay=1', { autoplay: true }, { notices: 0 });
  assert.equal(toHash({ ...defaults(), autoplay: true }), '#autoplay=1');
});
