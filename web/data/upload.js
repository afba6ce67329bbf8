// An uploaded CSV file -> the point set that replaces the generated data ({x1, x2, label, test,
// user} typed arrays, every fifth point held out for testing), with notices for what was wrong
// with it. Reading and checking the rows is web/data/csv.js's job, loaded on the first upload.

export const MAX_UPLOAD_BYTES = 1_000_000;

/** Returns the point set, or null when nothing could be loaded; problems go to notices. */
export async function readUpload(file, { problem, notices }) {
  if (!file) return null;
  if (file.size > MAX_UPLOAD_BYTES) {
    notices.show(`${file.name}: ${file.size} bytes is more than the ${MAX_UPLOAD_BYTES}-byte limit for uploads.`, { kind: 'error', key: 'csv' });
    return null;
  }
  const [{ parseCsv }, text] = await Promise.all([import('./csv.js'), file.text()]);
  const { points, errors, warnings } = parseCsv(text, { problem, maxBytes: MAX_UPLOAD_BYTES });
  for (const w of warnings) notices.show(`${file.name}: ${w}`, { kind: 'info', key: `csv-w-${w}` });
  if (errors.length) {
    notices.show(`${file.name}: ${errors.length} problem${errors.length > 1 ? 's' : ''}${points.length ? `; the ${points.length} good rows were loaded` : '; nothing was loaded'}:\n${errors.join('\n')}`,
      { kind: 'error', key: 'csv' });
  } else {
    notices.dismiss('csv');
  }
  if (!points.length) return null;
  const n = points.length;
  const data = { x1: new Float64Array(n), x2: new Float64Array(n), label: new Float64Array(n), test: new Float64Array(n), user: new Float64Array(n).fill(1) };
  points.forEach((p, i) => {
    data.x1[i] = p.x1;
    data.x2[i] = p.x2;
    data.label[i] = p.label;
    data.test[i] = i % 5 === 4 ? 1 : 0;  // every fifth point is held out for testing
  });
  return data;
}
