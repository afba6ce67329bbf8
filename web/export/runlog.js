// What an export needs to recreate the worker's current run exactly, kept by the worker
// (web/engine/worker.js) beside its trainer and posted to the page as 'run' messages:
//
//   - the trainer config, the optimizer's hyperparameters and the batch size at step 0,
//   - the weights at step 0 (taken right after the trainer was created or reset),
//   - the size of the training split at every reshuffle the batch generator made since it was
//     seeded (the engine seeds it at creation and reset, and reshuffles whenever the points
//     change): with the seed this fixes the mini-batch order, which the export reproduces,
//   - the live changes made since, by step: [steps done when it took effect, {key: value}],
//   - the first step at which the points changed mid-run (the run is then no longer one
//     experiment on one data set), and the step the optimizer was replaced, if it was.
//
// A change made before the first step is folded into the step-0 state. Pure bookkeeping over
// a Trainer (web/engine/engine.js); tests drive it with a Trainer in Node exactly as the worker does.

let serial = 0;

const HYPERPARAMS = ['lr', 'alpha', 'eps', 'weight_decay', 'momentum', 'centered', 'maximize', 'eps_in_sqrt', 'initial_accumulator'];

function diff(before, after) {
  const out = {};
  for (const [k, v] of Object.entries(after)) if (before[k] !== v) out[k] = v;
  return out;
}

export class RunLog {
  constructor() {
    this.run = null;
  }

  /**
   * A new run: after the trainer was created (reason 'init') or reset ('reset'). shuffles: the
   * train-split sizes of the reshuffles made since the generator was seeded; a new trainer has
   * made exactly one (over its generated points), a reset one.
   */
  start(trainer, { config, batchSize = 0, reason = 'init' } = {}) {
    this.run = {
      serial: ++serial,
      reason,
      config: structuredClone(config ?? this.run?.config ?? null),
      optimizer: trainer.optimizer,
      batchSize,
      weights: trainer.weights(),
      shuffles: [trainer.trainSize],
      changes: [],
      dataChangedAt: null,
      replacedAt: null,
    };
    return this.run;
  }

  /**
   * The points changed (setPoints, addPoint, removePoint, regenerate): the engine reshuffled.
   * dataset: the new generator spec after a regenerate.
   */
  pointsChanged(trainer, { dataset } = {}) {
    const run = this.run;
    if (!run) return;
    if (dataset && run.config) run.config.dataset = structuredClone(dataset);
    run.shuffles.push(trainer.trainSize);
    if (trainer.steps > 0 && run.dataChangedAt === null) run.dataChangedAt = trainer.steps;
  }

  /**
   * Runs apply() (which changes hyperparameters live) and records what actually changed, even
   * when apply() throws half-way.
   */
  hyperparams(trainer, apply) {
    const before = trainer.optimizer;
    try {
      return apply();
    } finally {
      const after = trainer.optimizer;
      const changed = diff(before, after);
      if (this.run && Object.keys(changed).length) {
        if (trainer.steps === 0) this.run.optimizer = after;
        else this.run.changes.push([trainer.steps, changed]);
      }
    }
  }

  /** A live batch-size change: the engine restarts the epoch's cursor (no reshuffle). */
  batchSize(trainer, value) {
    const run = this.run;
    if (!run) return;
    if (trainer.steps === 0) run.batchSize = value;
    else run.changes.push([trainer.steps, { batch_size: value }]);
  }

  /** The optimizer was replaced (fresh state). Before the first step that is just the start. */
  optimizerReplaced(trainer) {
    const run = this.run;
    if (!run) return;
    if (trainer.steps === 0) run.optimizer = trainer.optimizer;
    else if (run.replacedAt === null) run.replacedAt = trainer.steps;
  }

  /**
   * The 'run' message. withWeights: include the step-0 weights (they only change when a run
   * starts, so updates leave them out).
   */
  message(trainer, { withWeights = false } = {}) {
    const { weights, ...rest } = this.run;
    const msg = { type: 'run', ...structuredClone(rest), steps: trainer.steps };
    if (withWeights) msg.weights = weights;
    return msg;
  }
}

export { HYPERPARAMS };
