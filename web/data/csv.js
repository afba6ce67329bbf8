// Reads an uploaded point file: rows "x1,x2,label". Never throws; touches no DOM.
//
//   parseCsv(text, { problem: 'classification' }) -> { points: [{x1, x2, label}], errors, warnings }
//
// Rules (each one has a test in tests/web/csv.test.mjs):
// - Lines end in \n, \r\n or \r; a leading byte-order mark is ignored.
// - Blank lines and lines starting with '#' (after whitespace) are skipped.
// - The first remaining line is a header, and skipped, if its first field is not a number
//   (e.g. "x1,x2,label"); 'NaN'/'Infinity' are not taken for a header.
// - Fields are separated by commas, semicolons or tabs. A line with a semicolon or a tab (outside
//   quotes) is split on those only, so a decimal comma is read there ("1,5;-2,25;1"), as in a
//   quoted field ("1,5","-2,25",1).
//   Double quotes are CSV quotes (a separator inside them does not split, "" is a quote);
//   whitespace and quotes (double or single) around a field are ignored. Trailing empty fields
//   ("1,2,1,") are ignored.
// - Numbers are plain decimals (1, -0.5, .5, 1e-3); no hex, NaN or Infinity.
// - Coordinates within [-1000, 1000]. Classification labels 0/1; -1/1 (TensorFlow Playground's
//   convention) is accepted too, -1 read as 0, with one warning. Regression labels within [-1, 1].
// - Each bad row gives one error (its first problem) with its 1-based line number; the valid
//   rows are still returned (the caller decides). The error list holds at most MAX_ERRORS entries
//   plus a final "... and N more errors".
// - More than maxBytes (UTF-8) -> one error and no points. More than maxRows data rows -> an error
//   naming the limit (listed first) and only the first maxRows rows are read.
// - No data rows at all -> an error.

export const MAX_ERRORS = 20;
export const COORD_LIMIT = 1000;

const NUMBER_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE_RE = /^[+-]?(?:nan|inf|infinity)$/i;
const DECIMAL_COMMA_RE = /^[+-]?\d*,\d+(?:[eE][+-]?\d+)?$/;

function shorten(value, max = 40) {
  const chars = Array.from(String(value).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' '));
  return chars.length > max ? chars.slice(0, max - 1).join('') + '…' : chars.join('');
}

function groupDigits(n) {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function utf8Length(text) {
  if (typeof TextEncoder !== 'undefined') return new TextEncoder().encode(text).length;
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

function unquote(field) {
  let f = field.trim();
  if (f.length >= 2 && f[0] === '"' && f[f.length - 1] === '"') f = f.slice(1, -1).replace(/""/g, '"').trim();
  else if (f.length >= 2 && f[0] === "'" && f[f.length - 1] === "'") f = f.slice(1, -1).trim();
  return f;
}

// Splits one line into fields.
function splitLine(line) {
  let inQuote = false, semiOrTab = false;
  for (const ch of line) {
    if (ch === '"') inQuote = !inQuote;
    else if (!inQuote && (ch === ';' || ch === '\t')) { semiOrTab = true; break; }
  }
  const isSep = semiOrTab ? (ch) => ch === ';' || ch === '\t' : (ch) => ch === ',' || ch === ';' || ch === '\t';
  const fields = [];
  let cur = '';
  inQuote = false;
  for (const ch of line) {
    if (ch === '"') inQuote = !inQuote;
    if (!inQuote && isSep(ch)) { fields.push(cur); cur = ''; } else cur += ch;
  }
  fields.push(cur);
  const out = fields.map(unquote);
  while (out.length > 3 && out[out.length - 1] === '') out.pop();
  return out;
}

// A field can only hold a comma if the line is split on ';'/tab or the field was quoted: then it
// is a decimal comma.
function readNumber(text) {
  let t = text;
  if (DECIMAL_COMMA_RE.test(t)) t = t.replace(',', '.');
  if (!NUMBER_RE.test(t)) return { error: `'${shorten(text)}' is not a number` };
  const x = Number(t);
  if (!Number.isFinite(x)) return { error: `'${shorten(text)}' is not a finite number` };
  return { value: x === 0 ? 0 : x };
}

/**
 * @param {string} text the file's contents
 * @param {{problem?: 'classification'|'regression', maxBytes?: number, maxRows?: number}} options
 * @returns {{points: {x1:number,x2:number,label:number}[], errors: string[], warnings: string[]}}
 */
export function parseCsv(text, { problem = 'classification', maxBytes = 1_000_000, maxRows = 5000 } = {}) {
  const points = [], errors = [], warnings = [];
  try {
    if (problem !== 'classification' && problem !== 'regression') {
      return { points, errors: [`problem must be 'classification' or 'regression', not '${shorten(problem)}'`], warnings };
    }
    if (typeof text !== 'string') return { points, errors: ['the file has no text to read'], warnings };
    if (!(maxBytes >= 0)) maxBytes = 1_000_000;
    if (!(maxRows >= 0)) maxRows = 5000;

    // UTF-8 takes at least one byte per UTF-16 unit, so a long string is too big without encoding.
    const bytes = text.length > maxBytes ? text.length : utf8Length(text);
    if (bytes > maxBytes) {
      const atLeast = text.length > maxBytes ? 'at least ' : '';
      return { points: [], errors: [`the file is too big (${atLeast}${groupDigits(bytes)} bytes; the limit is ${groupDigits(maxBytes)} bytes)`], warnings };
    }

    const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
    const lineErrors = [];
    let dataRows = 0, headerChecked = false, minusOnes = 0, zeros = 0;
    for (let i = 0; i < lines.length; i++) {
      const trimmed = lines[i].trim();
      if (trimmed === '' || trimmed.startsWith('#')) continue;
      const lineNo = i + 1;
      const fields = splitLine(trimmed);
      if (!headerChecked) {
        headerChecked = true;
        const first = fields[0];
        const f0 = DECIMAL_COMMA_RE.test(first) ? first.replace(',', '.') : first;
        if (!NUMBER_RE.test(f0) && !NON_FINITE_RE.test(f0)) continue;  // a header row
      }
      dataRows++;
      if (dataRows > maxRows) continue;  // only counted
      if (fields.length !== 3) {
        lineErrors.push(`line ${lineNo}: expected 3 fields (x1,x2,label), got ${fields.length}`);
        continue;
      }
      const vals = {};
      let error = '';
      for (const [j, key] of ['x1', 'x2', 'label'].entries()) {
        const r = readNumber(fields[j]);
        if (r.error) { error = `${key} ${r.error}`; break; }
        vals[key] = r.value;
        if (key !== 'label' && Math.abs(r.value) > COORD_LIMIT) {
          error = `${key} ${shorten(fields[j])} is outside [-${COORD_LIMIT}, ${COORD_LIMIT}]`;
          break;
        }
      }
      if (!error) {
        const label = vals.label;
        if (problem === 'classification') {
          if (label === -1) { minusOnes++; vals.label = 0; }
          else if (label === 0) zeros++;
          else if (label !== 1) error = `label ${shorten(fields[2])} is not a class (0 or 1)`;
        } else if (label < -1 || label > 1) {
          error = `label ${shorten(fields[2])} is outside [-1, 1]`;
        }
      }
      if (error) lineErrors.push(`line ${lineNo}: ${error}`);
      else points.push({ x1: vals.x1, x2: vals.x2, label: vals.label });
    }

    if (dataRows > maxRows) {
      errors.push(`the file has ${groupDigits(dataRows)} data rows; the limit is ${groupDigits(maxRows)} (only the first ${groupDigits(maxRows)} were read)`);
    }
    errors.push(...lineErrors);
    if (dataRows === 0) errors.push('the file has no data rows (expected lines like 0.5,-1.25,1 : x1,x2,label)');
    if (minusOnes > 0) {
      warnings.push(`${groupDigits(minusOnes)} ${minusOnes === 1 ? 'label' : 'labels'} -1 read as class 0 (the -1/1 convention of TensorFlow Playground)` +
        (zeros > 0 ? `; the file also has label 0, which is class 0 too` : ''));
    }
  } catch (err) {
    return { points: [], errors: [`the file could not be read (${shorten(err && err.message)})`], warnings };
  }
  if (errors.length > MAX_ERRORS) {
    const more = errors.length - MAX_ERRORS;
    errors.length = MAX_ERRORS;
    errors.push(`... and ${more} more ${more === 1 ? 'error' : 'errors'}`);
  }
  return { points, errors, warnings };
}
