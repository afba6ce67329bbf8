// The messages between the loss-surface page (bridge.js) and its worker (worker.js), which makes
// every engine call of the page: the page only posts messages and never waits for an answer.
//
// Page -> worker
//   {type: 'reset', gen, surface: {spec, info}, start: [x, y], runs: [optimizer spec, ...]}
//       Every run starts again at `start` (the previous runs are disposed). `gen` numbers the
//       resets, so the page can drop an answer meant for an older set of runs.
//   {type: 'step', id, gen, steps, untilReached}
//       One batch: `steps` steps of every running run, or with steps 0 as many as fit in
//       BUDGET_MS; it ends early when no run can step, and with untilReached as soon as every
//       run still running has reached a minimum. The page keeps at most one in flight and asks
//       for the next one in a later animation frame.
//
// Worker -> page (every `data` buffer is transferred, not copied)
//   {type: 'started', gen, runs: [RunRows], failed: [{index, message}]}
//       The answer to a reset: per run that could be created, its start row; `failed` names the
//       runs the engine refused (they are left out of `runs`).
//   {type: 'steps', id, gen, taken, runs: [RunRows]}
//       The answer to a step request; `taken` counts the steps in which any run moved.
//   {type: 'error', id, gen, message}   an engine call threw (the worker itself goes on)
//   {type: 'fatal', message}            the engine could not be loaded (the page replaces the worker)
//
// RunRows: {status: 'running' | 'diverged' | 'limit', why, reachedAt, data: Float64Array}
//   `why` says what stopped a diverged run; reachedAt is the first step at which the run reached
//   a minimum (-1: not yet). `data` holds one row per new point, STRIDE numbers each, at the
//   offsets in COL: the point (x, y), f there, the gradient the next step will use (gx, gy),
//   and the step's per-coordinate diagnostics (the engine's step_median, i.e. each coordinate's
//   effective step such as lr/(√v+ε), and accum_rms, e.g. √v); NaN in a start row.
export const COL = Object.freeze({ x: 0, y: 1, f: 2, gx: 3, gy: 4, sx: 5, sy: 6, ax: 7, ay: 8 });
export const STRIDE = 9;

/** How long one "as fast as possible" batch may step, ms: about one frame, off the main thread. */
export const BUDGET_MS = 12;
