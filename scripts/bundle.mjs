// The playground page and its training worker as bundles (npm run build's last step, after
// scripts/build-dist.sh has copied and minified web/ into dist/): dist/web/app.js with the
// page's modules in one file (the export and CSV code stay lazy, in dist/web/chunks/), and
// dist/web/engine/worker.js with the engine and its Emscripten loader, and dist/web/playground.css
// with index.html's stylesheets. Fewer, larger files
// compress better and load without a waterfall of imports. The other pages keep their modules.
//
//   node scripts/bundle.mjs [--dist DIR]
//
// esbuild does not follow `new URL('./x', import.meta.url)` (the worker's and the wasm's
// addresses), and in a bundle import.meta.url is the bundle's address, not the module's. A
// plugin rewrites each such path to be relative to the entry's output file; the build fails if
// one of them lands in a chunk, where that would be wrong.
import { build } from 'esbuild';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const DIST = path.resolve(ROOT, args.includes('--dist') ? args[args.indexOf('--dist') + 1] : 'dist');
const WEB = path.join(ROOT, 'web');
const URL_RE = /new URL\((['"])([^'"]+)\1,\s*import\.meta\.url\)/g;

/** Rewrites new URL('rel', import.meta.url) for code that will run from `outFile`. */
function relocateUrls(outFile) {
  return {
    name: 'relocate-urls',
    setup(b) {
      b.onLoad({ filter: /\.m?js$/ }, async ({ path: file }) => {
        const text = await readFile(file, 'utf8');
        if (!text.includes('import.meta.url')) return undefined;
        const out = text.replace(URL_RE, (whole, q, rel) => {
          if (/^[a-z]+:/i.test(rel)) return whole;
          const target = path.resolve(path.dirname(file), rel);
          let fromOut = path.relative(path.dirname(outFile), path.join(DIST, path.relative(ROOT, target))).split(path.sep).join('/');
          if (!fromOut.startsWith('.')) fromOut = `./${fromOut}`;
          return `new URL(${q}${fromOut}${q}, import.meta.url)`;
        });
        return { contents: out, loader: 'js' };
      });
    },
  };
}

async function bundle(entry, { splitting }) {
  const outFile = path.join(DIST, path.relative(ROOT, entry));
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    splitting,
    minify: true,
    target: 'es2022',
    outdir: path.dirname(outFile),
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    external: ['node:*'],
    allowOverwrite: true,
    logLevel: 'warning',
    metafile: true,
    plugins: [relocateUrls(outFile)],
  });
  // A rewritten URL is only right in the entry's own file.
  for (const [file, info] of Object.entries(result.metafile.outputs)) {
    const abs = path.resolve(ROOT, file);
    if (abs === outFile) continue;
    if ((await readFile(abs, 'utf8')).includes('import.meta.url'))
      throw new Error(`bundle: ${file} (a chunk of ${path.relative(ROOT, entry)}) uses import.meta.url; keep that module out of lazy imports`);
    if (!info.entryPoint && !abs.includes(`${path.sep}chunks${path.sep}`)) throw new Error(`bundle: unexpected output ${file}`);
  }
  return Object.keys(result.metafile.outputs).length;
}

/**
 * index.html's stylesheets as one file (dist/web/playground.css), in the order the page lists
 * them; the page's <link>s are replaced by one.
 */
async function bundleStyles() {
  const htmlFile = path.join(DIST, 'index.html');
  const html = await readFile(htmlFile, 'utf8');
  const LINK_RE = /^[ \t]*<link rel="stylesheet" href="(web\/[^"]+\.css)">\n/gm;
  const sheets = [...html.matchAll(LINK_RE)].map((m) => m[1]);
  if (sheets.length < 2) throw new Error(`bundle: expected index.html's stylesheets, found ${sheets.length}`);
  await build({
    stdin: { contents: sheets.map((f) => `@import "./${f}";`).join('\n'), resolveDir: ROOT, loader: 'css', sourcefile: 'playground.css' },
    bundle: true,
    minify: true,
    outfile: path.join(DIST, 'web/playground.css'),
    allowOverwrite: true,
    logLevel: 'warning',
  });
  let first = true;
  const out = html.replace(LINK_RE, (line) => {
    if (!first) return '';
    first = false;
    return line.replace(/href="[^"]+"/, 'href="web/playground.css"');
  });
  await writeFile(htmlFile, out);
  return sheets.length;
}

const sheets = await bundleStyles();
const pageFiles = await bundle(path.join(WEB, 'app.js'), { splitting: true });
const workerFiles = await bundle(path.join(WEB, 'engine/worker.js'), { splitting: false });
const chunks = (await readdir(path.join(DIST, 'web/chunks')).catch(() => [])).length;
console.log(`bundle: dist/web/app.js (+${chunks} lazy chunks), dist/web/engine/worker.js (${pageFiles + workerFiles} files), dist/web/playground.css (${sheets} stylesheets)`);
