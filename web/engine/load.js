// Loads an Emscripten module factory the same way on a page, in a worker and in Node.
//
// Debian's Emscripten 3.1.6 is built for web and worker only: its own Node loader breaks on
// Node 20's global fetch. In Node the .wasm bytes are read here and handed over as wasmBinary;
// elsewhere the file is located next to this module, so any sub-path works.
const IS_NODE = typeof process === 'object' && !!process.versions?.node && typeof window === 'undefined';

/**
 * @param {(args: object) => Promise<object>} factory the generated createXxx function
 * @param {URL} wasmUrl where the .wasm lies
 * @param {{wasmBinary?: ArrayBuffer|Uint8Array}} [options] bytes supplied by the caller
 */
export async function loadModule(factory, wasmUrl, options = {}) {
  const args = {};
  if (options.wasmBinary) {
    args.wasmBinary = options.wasmBinary;
  } else if (IS_NODE) {
    const { readFile } = await import('node:fs/promises');
    args.wasmBinary = await readFile(wasmUrl);
  } else {
    args.locateFile = (path) => new URL(path, wasmUrl).href;
  }
  return factory(args);
}
