// The computations behind the tutorial's figures, run by the figures' worker (worker.js) and by
// the Node tests with the same engine. Pure functions of (engine, job); every array that comes
// back is a fresh Float64Array (the worker transfers them).
//
// stream: optimizers fed a given gradient sequence (open loop), one parameter group per
//   coordinate so the engine's per-group diagnostics are per-coordinate figures.
//     job = { kind: 'stream', n, T, grads: Float64Array(T*n), params0?: Float64Array(n),
//             runs: [{ spec }] }                       spec: an optimizer spec (engine.optimizer)
//     -> [{ params: (T+1)*n, update: T*n, step: T*n, accum: T*n }]   row t = step t+1
//   params row 0 is params0; update = new - old; step = the effective step size of that
//   coordinate (lr/(sqrt(v)+eps) for RMSProp); accum = sqrt(v).
//
// train: whole trainers (same seed, so the same data and initial weights), run for `steps`.
//     job = { kind: 'train', steps, runs: [{ config }] }      config: engine.trainer's config
//     -> [{ steps, train_loss, test_loss, layers: [{ grad_rms, update_rms, step_median }],
//           divergence }]

function runStream(engine, { n, T, grads, params0, runs }) {
  if (!(grads instanceof Float64Array) || grads.length !== n * T) throw new Error(`grads: expected a Float64Array of ${n * T} numbers`);
  return runs.map(({ spec }) => {
    const opt = engine.optimizer(spec);
    try {
      opt.setGroups(new Array(n).fill(1));
      const p = params0 ? Float64Array.from(params0) : new Float64Array(n);
      const params = new Float64Array((T + 1) * n);
      const update = new Float64Array(T * n);
      const step = new Float64Array(T * n);
      const accum = new Float64Array(T * n);
      params.set(p, 0);
      for (let t = 0; t < T; t++) {
        const stats = opt.step(p, grads.subarray(t * n, (t + 1) * n));
        for (let i = 0; i < n; i++) {
          update[t * n + i] = p[i] - params[t * n + i];
          step[t * n + i] = stats[i].step_median;
          accum[t * n + i] = stats[i].accum_rms;
        }
        params.set(p, (t + 1) * n);
      }
      return { params, update, step, accum };
    } finally {
      opt.dispose();
    }
  });
}

const LAYER_KEYS = ['grad_rms', 'update_rms', 'step_median'];

function runTrain(engine, { steps, runs }) {
  return runs.map(({ config }) => {
    const trainer = engine.trainer(config);
    try {
      const done = trainer.step(steps);
      const h = trainer.history();
      const d = trainer.divergence();
      return {
        steps: done,
        train_loss: h.train_loss,
        test_loss: h.test_loss,
        layers: h.layers.map((layer) => Object.fromEntries(LAYER_KEYS.map((k) => [k, layer[k]]))),
        divergence: d.stopped ? d.message : '',
      };
    } finally {
      trainer.dispose();
    }
  });
}

/** Runs one job; throws an Error (with the engine's message) on bad input. */
export function runJob(engine, job) {
  if (job?.kind === 'stream') return runStream(engine, job);
  if (job?.kind === 'train') return runTrain(engine, job);
  throw new Error(`job.kind: ${JSON.stringify(job?.kind)} is not one of stream, train`);
}

/** The ArrayBuffers of a job's result, for postMessage's transfer list. */
export function resultBuffers(result) {
  const out = [];
  const walk = (v) => {
    if (ArrayBuffer.isView(v)) out.push(v.buffer);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(result);
  return [...new Set(out)];
}
