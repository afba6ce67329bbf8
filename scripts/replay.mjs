#!/usr/bin/env node
// npm run --silent replay -- --engine native --in FILE --out FILE
//
// Replays a run description through one engine and writes the result. FILE may be "-" for
// stdin / stdout. Relative paths are taken from the directory npm was run in ($INIT_CWD).
// Engines: native (build/native/rp_replay) and wasm (web/engine/replay.js, in this process); each
// is built on demand. Both write byte-identical output for the same input.
// stdout carries only the engine's output: build chatter goes to stderr.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NATIVE_BIN = path.join(ROOT, 'build', 'native', 'rp_replay');
const WASM_BIN = path.join(ROOT, 'web', 'engine', 'gen', 'rmsprop_replay.wasm');
const ENGINES = ['native', 'wasm'];

const USAGE = `usage: npm run --silent replay -- --engine native|wasm --in FILE --out FILE
       node scripts/replay.mjs --engine native|wasm --in FILE --out FILE
  --engine E   native (build/native/rp_replay) or wasm (the WebAssembly module); default: native
  --in FILE    input file, or - for standard input
  --out FILE   output file, or - for standard output`;

function fail(message, code = 2) {
  process.stderr.write(`replay: ${message}\n${USAGE}\n`);
  process.exit(code);
}

function parseArgs(argv) {
  const opts = { engine: 'native', in: undefined, out: undefined };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let value;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const take = () => {
      if (value !== undefined) return value;
      if (i + 1 >= argv.length) fail(`${arg} needs a value`);
      return argv[++i];
    };
    switch (arg) {
      case '-h':
      case '--help':
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
        break;
      case '--engine':
        opts.engine = take();
        break;
      case '--in':
        opts.in = take();
        break;
      case '--out':
        opts.out = take();
        break;
      default:
        fail(`unknown argument: ${argv[i]}`);
    }
  }
  if (!ENGINES.includes(opts.engine)) fail(`unknown engine "${opts.engine}" (expected one of: ${ENGINES.join(', ')})`);
  if (opts.in === undefined || opts.in === '') fail('--in FILE is required');
  if (opts.out === undefined || opts.out === '') fail('--out FILE is required');
  return opts;
}

// npm runs scripts from the package root; resolve the user's paths against where they were.
function userPath(p) {
  if (p === '-') return p;
  return path.resolve(process.env.INIT_CWD || process.cwd(), p);
}

function ensureBuilt(artifact, script) {
  if (fs.existsSync(artifact)) return;
  process.stderr.write(`replay: ${path.relative(ROOT, artifact)} is missing; building it (scripts/${script})\n`);
  const r = spawnSync('bash', [path.join(ROOT, 'scripts', script)], {
    cwd: ROOT,
    stdio: ['ignore', process.stderr, process.stderr], // keep stdout clean for --out -
  });
  if (r.error) {
    process.stderr.write(`replay: could not run the build: ${r.error.message}\n`);
    process.exit(1);
  }
  if (r.status !== 0 || !fs.existsSync(artifact)) {
    process.stderr.write(`replay: the build failed; no ${path.basename(artifact)}\n`);
    process.exit(1);
  }
}

function runNative(opts) {
  ensureBuilt(NATIVE_BIN, 'build-native.sh');
  const child = spawn(NATIVE_BIN, ['--in', userPath(opts.in), '--out', userPath(opts.out)], {
    stdio: 'inherit',
  });
  const forward = (sig) => child.kill(sig);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('error', (err) => {
    process.stderr.write(`replay: could not start ${NATIVE_BIN}: ${err.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (signal) {
      process.stderr.write(`replay: rp_replay was killed by ${signal}\n`);
      process.exit(128 + (os.constants.signals[signal] ?? 1));
    }
    process.exit(code ?? 1);
  });
}

// Same exit codes as rp_replay: 0 all cases replayed, 1 some carry an "error", 2 bad input.
async function runWasm(opts) {
  ensureBuilt(WASM_BIN, 'build-wasm.sh');
  const { createReplayer } = await import('../web/engine/replay.js');
  const replayer = await createReplayer();
  let text;
  try {
    text = opts.in === '-' ? fs.readFileSync(0, 'utf8') : fs.readFileSync(userPath(opts.in), 'utf8');
  } catch (err) {
    fail(`cannot read '${opts.in}': ${err.message}`);
  }
  let out;
  try {
    out = replayer.replayText(text);
  } catch (err) {
    process.stderr.write(`replay: ${err.message}\n`);
    process.exit(2);
  }
  let errors = 0;
  for (const c of JSON.parse(out).cases) {
    if (c.error !== undefined) {
      errors += 1;
      process.stderr.write(`replay: case '${c.name ?? '?'}': ${c.error}\n`);
    }
  }
  if (opts.out === '-') process.stdout.write(`${out}\n`);
  else fs.writeFileSync(userPath(opts.out), `${out}\n`);
  process.exit(errors ? 1 : 0);
}

const opts = parseArgs(process.argv.slice(2));
if (opts.engine === 'wasm') await runWasm(opts);
else runNative(opts);