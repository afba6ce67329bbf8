// web/data/csv.js: uploaded point files.
import test from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv, MAX_ERRORS } from '../../web/data/csv.js';

const C = { problem: 'classification' };
const R = { problem: 'regression' };
const P = (x1, x2, label) => ({ x1, x2, label });

test('plain rows are read', () => {
  const r = parseCsv('0.5,-1.25,1\n-3,2,0\n', C);
  assert.deepEqual(r, { points: [P(0.5, -1.25, 1), P(-3, 2, 0)], errors: [], warnings: [] });
});

test('problem defaults to classification; an unknown problem is an error', () => {
  assert.deepEqual(parseCsv('1,2,1').points, [P(1, 2, 1)]);
  const r = parseCsv('1,2,1', { problem: 'ranking' });
  assert.deepEqual(r.points, []);
  assert.match(r.errors[0], /problem/);
});

test('a header row (first field not a number) is skipped', () => {
  assert.deepEqual(parseCsv('x1,x2,label\n1,2,1', C), { points: [P(1, 2, 1)], errors: [], warnings: [] });
  assert.deepEqual(parseCsv('"x","y","class"\n1,2,1', C).errors, []);
  // Only the first non-blank, non-comment line can be a header.
  assert.deepEqual(parseCsv('# made by hand\n\nx1;x2;label\n1;2;0', C).points, [P(1, 2, 0)]);
  const r = parseCsv('x1,x2,label\n1,2,1\nx1,x2,label', C);
  assert.deepEqual(r.errors, ["line 3: x1 'x1' is not a number"]);
  // A first row of numbers is data, not a header.
  assert.deepEqual(parseCsv('1,2,1\n3,4,0', C).points.length, 2);
  // 'NaN' in the first row is not taken for a header.
  assert.deepEqual(parseCsv('NaN,1,0\n1,1,1', C).errors, ["line 1: x1 'NaN' is not a number"]);
});

test('blank lines and # comments are skipped; line numbers still count them', () => {
  const r = parseCsv('# comment\n\n   \n1,2,1\n  # indented comment\n1,abc,0\n', C);
  assert.deepEqual(r.points, [P(1, 2, 1)]);
  assert.deepEqual(r.errors, ["line 6: x2 'abc' is not a number"]);
});

test('separators: commas, semicolons, tabs; whitespace and quotes around fields', () => {
  const text = '1,2,1\n3;4;0\n5\t6\t1\n 7 , 8 ,0 \n"9","10","1"\n\'11\';\'12\';0\n" 13 " , 14 , 1';
  const r = parseCsv(text, C);
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.points, [P(1, 2, 1), P(3, 4, 0), P(5, 6, 1), P(7, 8, 0), P(9, 10, 1), P(11, 12, 0), P(13, 14, 1)]);
});

test('a line with a semicolon or tab is not split on commas', () => {
  assert.deepEqual(parseCsv('1,2;3', C).errors, ['line 1: expected 3 fields (x1,x2,label), got 2']);
});

test('decimal commas where the comma is not the separator (semicolons, tabs, quotes)', () => {
  const r = parseCsv('x1;x2;label\n1,5;-2,25;1\n0,5\t-0,75\t0\n"1,5","2,5",1', C);
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.points, [P(1.5, -2.25, 1), P(0.5, -0.75, 0), P(1.5, 2.5, 1)]);
});

test('trailing empty fields are ignored (spreadsheet exports)', () => {
  assert.deepEqual(parseCsv('1,2,1,\n3,4,0,,', C), { points: [P(1, 2, 1), P(3, 4, 0)], errors: [], warnings: [] });
});

test('CRLF, CR and a byte-order mark', () => {
  const r = parseCsv('\uFEFFx1,x2,label\r\n1,2,1\r\n3,4,0\r\n\r\n5,bad,1\r\n', C);
  assert.deepEqual(r.points, [P(1, 2, 1), P(3, 4, 0)]);
  assert.deepEqual(r.errors, ["line 5: x2 'bad' is not a number"]);
  assert.deepEqual(parseCsv('1,2,1\r3,4,0\r5,6,x', C).errors, ["line 3: label 'x' is not a number"]);
  assert.deepEqual(parseCsv('\uFEFF1,2,1', C).points, [P(1, 2, 1)]);
});

test('numbers: exponents, signs, dots; no hex, NaN, Infinity', () => {
  assert.deepEqual(parseCsv('1e-3,+2,1\n.5,-5.,0\n-0,0,1', C).points, [P(0.001, 2, 1), P(0.5, -5, 0), P(0, 0, 1)]);
  assert.ok(Object.is(parseCsv('1,2,1\n-0,-0,-0', C).points[1].x1, 0));
  const r = parseCsv('1,1,1\n0x10,1,1\n1,Infinity,1\n1,-inf,1\n1e999,1,1\n1,,1', C);
  assert.deepEqual(r.errors, [
    "line 2: x1 '0x10' is not a number",
    "line 3: x2 'Infinity' is not a number",
    "line 4: x2 '-inf' is not a number",
    "line 5: x1 '1e999' is not a finite number",
    "line 6: x2 '' is not a number",
  ]);
});

test('each error type with its 1-based line number; valid rows still returned', () => {
  const text = [
    'x1,x2,label',   // 1 header
    '1,2,1',         // 2
    '3,4,0',         // 3
    '5,6,1',         // 4
    '7,8,0',         // 5
    '9,10,1',        // 6
    '1,abc,0',       // 7
    '2,2,1',         // 8
    '1,2',           // 9
    '1,2,1,4',       // 10
    '5000,0,1',      // 11
    '0,0,0.5',       // 12
    '0,-1000.5,1',   // 13
    '0,0,2',         // 14
  ].join('\n');
  const r = parseCsv(text, C);
  assert.deepEqual(r.errors, [
    "line 7: x2 'abc' is not a number",
    'line 9: expected 3 fields (x1,x2,label), got 2',
    'line 10: expected 3 fields (x1,x2,label), got 4',
    'line 11: x1 5000 is outside [-1000, 1000]',
    'line 12: label 0.5 is not a class (0 or 1)',
    'line 13: x2 -1000.5 is outside [-1000, 1000]',
    'line 14: label 2 is not a class (0 or 1)',
  ]);
  assert.equal(r.points.length, 6);
  assert.deepEqual(r.warnings, []);
});

test('coordinates at the limits are accepted', () => {
  assert.deepEqual(parseCsv('1000,-1000,1', C).errors, []);
});

test('one error per row: its first problem', () => {
  assert.match(parseCsv('a,b,c', C).errors[0], /no data rows/);  // a header, not a bad row
  assert.deepEqual(parseCsv('1,1,1\na,b,c', C).errors, ["line 2: x1 'a' is not a number"]);
});

test('classification: -1/1 labels map -1 to 0 with ONE warning', () => {
  const r = parseCsv('1,1,-1\n2,2,1\n3,3,-1\n4,4,-1.0', C);
  assert.deepEqual(r.points, [P(1, 1, 0), P(2, 2, 1), P(3, 3, 0), P(4, 4, 0)]);
  assert.deepEqual(r.errors, []);
  assert.equal(r.warnings.length, 1);
  assert.match(r.warnings[0], /3 labels -1 read as class 0/);
  assert.match(r.warnings[0], /TensorFlow Playground/);
  // No -1 labels: no warning.
  assert.deepEqual(parseCsv('1,1,0\n2,2,1', C).warnings, []);
});

test('classification: a file with both -1 and 0 labels gets the (single) warning saying so', () => {
  const r = parseCsv('1,1,-1\n2,2,0\n3,3,1', C);
  assert.equal(r.warnings.length, 1);
  assert.match(r.warnings[0], /also has label 0/);
  assert.deepEqual(r.points.map((p) => p.label), [0, 0, 1]);
});

test('regression: labels within [-1, 1], no mapping, no warning', () => {
  const r = parseCsv('x1,x2,y\n0,0,-1\n0,0,-0.5\n0,0,0.25\n0,0,1\n0,0,1.5\n0,0,-2', R);
  assert.deepEqual(r.points.map((p) => p.label), [-1, -0.5, 0.25, 1]);
  assert.deepEqual(r.errors, ['line 6: label 1.5 is outside [-1, 1]', 'line 7: label -2 is outside [-1, 1]']);
  assert.deepEqual(r.warnings, []);
});

test('too big (bytes): one error, no points', () => {
  const text = '1,2,1\n'.repeat(200);   // 1200 bytes
  const r = parseCsv(text, { ...C, maxBytes: 1000 });
  assert.deepEqual(r.points, []);
  assert.equal(r.errors.length, 1);
  assert.match(r.errors[0], /too big .*1,200 bytes.*limit is 1,000 bytes/);
  // Exactly at the limit is fine.
  assert.equal(parseCsv('1,2,1\n'.repeat(100), { ...C, maxBytes: 600 }).points.length, 100);
  // Bytes are UTF-8 bytes: 'é' is 2 bytes.
  const comment = '# ' + 'é'.repeat(300) + '\n1,2,1';   // 2 + 600 + 1 + 5 = 608 bytes, 308 chars
  assert.equal(parseCsv(comment, { ...C, maxBytes: 607 }).points.length, 0);
  assert.equal(parseCsv(comment, { ...C, maxBytes: 608 }).points.length, 1);
});

test('the default byte limit is 1 MB', () => {
  const big = '# ' + 'x'.repeat(1_000_000) + '\n1,2,1';
  const r = parseCsv(big, C);
  assert.deepEqual(r.points, []);
  assert.match(r.errors[0], /too big.*1,000,000 bytes/);
  assert.equal(parseCsv('# ' + 'x'.repeat(999_000) + '\n1,2,1', C).points.length, 1);
});

test('a 5001-row file: an error naming the limit, the first 5000 rows read', () => {
  const rows = Array.from({ length: 5001 }, (_, i) => `${(i % 100) / 10},${i % 7},${i % 2}`);
  const r = parseCsv('x1,x2,label\n' + rows.join('\n'), C);
  assert.equal(r.points.length, 5000);
  assert.equal(r.errors.length, 1);
  assert.match(r.errors[0], /5,001 data rows; the limit is 5,000/);
  // Exactly 5000 is fine.
  const ok = parseCsv(rows.slice(0, 5000).join('\r\n'), C);
  assert.deepEqual([ok.points.length, ok.errors], [5000, []]);
});

test('maxRows option; header, blanks and comments are not data rows; the limit error comes first', () => {
  const text = 'x1,x2,label\n# c\n\n1,1,1\n2,x,1\n3,3,1\n4,4,1';
  const r = parseCsv(text, { ...C, maxRows: 2 });
  assert.deepEqual(r.points, [P(1, 1, 1)]);
  assert.deepEqual(r.errors, ['the file has 4 data rows; the limit is 2 (only the first 2 were read)', "line 5: x2 'x' is not a number"]);
});

test('errors are capped at 20 plus "... and N more errors"', () => {
  const text = Array.from({ length: 50 }, (_, i) => (i % 2 ? `${i},0,1` : `${i},0,7`)).join('\n');
  const r = parseCsv(text, C);
  assert.equal(r.points.length, 25);
  assert.equal(r.errors.length, MAX_ERRORS + 1);
  assert.equal(r.errors[0], 'line 1: label 7 is not a class (0 or 1)');
  assert.equal(r.errors[19], 'line 39: label 7 is not a class (0 or 1)');
  assert.equal(r.errors[20], '... and 5 more errors');
  // 21 errors: "1 more error".
  const r21 = parseCsv(Array(21).fill('0,0,5').join('\n'), C);
  assert.equal(r21.errors.at(-1), '... and 1 more error');
  // Exactly 20: no tail.
  assert.equal(parseCsv(Array(20).fill('0,0,5').join('\n'), C).errors.length, 20);
});

test('no data rows: an error', () => {
  for (const text of ['', '\n\n', '# only a comment', 'x1,x2,label\n', '\uFEFF']) {
    const r = parseCsv(text, C);
    assert.deepEqual(r.points, []);
    assert.equal(r.errors.length, 1, JSON.stringify(text));
    assert.match(r.errors[0], /no data rows/);
  }
});

test('not a string: an error, no throw', () => {
  for (const v of [undefined, null, 42, {}, new ArrayBuffer(4)]) {
    const r = parseCsv(v, C);
    assert.deepEqual(r.points, []);
    assert.equal(r.errors.length, 1);
  }
});

test('long junk values are shortened in errors', () => {
  const r = parseCsv('1,1,1\n' + 'y'.repeat(10_000) + ',1,1', C);
  assert.equal(r.errors.length, 1);
  assert.ok(r.errors[0].length < 100, r.errors[0]);
  assert.ok(r.errors[0].includes('…'));
});

test('hostile content never throws', () => {
  const inputs = ['"', '"""', '1,"2,1', "'", ';;;', '\t\t', '\u0000,\u0000,\u0000', '1,2,<script>alert(1)</script>',
    '__proto__,constructor,prototype', '1,2,1\n__proto__,1,1', '\u2028,1,1', '😀,1,1\n1,😀,1'];
  for (const t of inputs) {
    assert.doesNotThrow(() => parseCsv(t, C), t);
    assert.doesNotThrow(() => parseCsv(t, R), t);
  }
  assert.equal(({}).x1, undefined);
  const r = parseCsv('1,2,1\n1,2,<script>', C);
  assert.deepEqual(r.errors, ["line 2: label '<script>' is not a number"]);
});

test('unterminated quote: the row is an error, not a crash', () => {
  const r = parseCsv('1,2,1\n"1,2,1', C);
  assert.equal(r.points.length, 1);
  assert.equal(r.errors.length, 1);
  assert.match(r.errors[0], /^line 2: /);
});
