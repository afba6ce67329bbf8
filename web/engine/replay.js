// The rmsprop-golden/1 replay in WebAssembly (its own module; the page does not load it).
//
//   import { createReplayer } from './web/engine/replay.js';
//   const replayer = await createReplayer();
//   const text = replayer.replayText(readFileSync('cases.json', 'utf8'));
import createRmspropReplay from './gen/rmsprop_replay.mjs';
import { loadModule } from './load.js';

const WASM_URL = new URL('./gen/rmsprop_replay.wasm', import.meta.url);

// The binding returns the text or an Error (it never throws from inside the call: see
// cpp/bindings/convert.hpp); the Error is thrown here.
function ok(result) {
  if (result instanceof Error) throw new Error(result.message);
  return result;
}

export async function createReplayer(options = {}) {
  const core = await loadModule(createRmspropReplay, WASM_URL, options);
  return {
    /** JSON text in; the text the native rp_replay writes, byte for byte. Throws on bad input. */
    replayText: (text) => ok(core.replay(String(text))),
    /** A document object in, the document with every case's `expected` (or `error`) out. */
    replay: (doc) => JSON.parse(ok(core.replay(JSON.stringify(doc)))),
  };
}
