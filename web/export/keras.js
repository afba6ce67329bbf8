// "Copy as Keras": the same experiment as pytorch.js in tf.keras (float64, a GradientTape loop
// so every step is the page's step), with tf.keras.optimizers.RMSprop and notes on where Keras's
// RMSProp differs from PyTorch's and the page's: eps placement, momentum, weight decay, the
// initial accumulator.
import { experimentName } from './experiment.js';
import { BATCH_ORDER_PY, comment, dataBlocks, describe, featuresPy, pyBool, pyFloat, pyValue, ratio, tidy } from './python.js';

const KERAS_ACT = { tanh: '"tanh"', relu: '"relu"', sigmoid: '"sigmoid"', linear: 'None' };

/** The tf.keras.optimizers.RMSprop call with the page's hyperparameters (rho is PyTorch's alpha). */
export function kerasRmspropCall(o, { epsilon = o.eps } = {}) {
  return `tf.keras.optimizers.RMSprop(learning_rate=${pyFloat(o.lr)}, rho=${pyFloat(o.alpha)}, momentum=${pyFloat(o.momentum)}, `
    + `epsilon=${pyFloat(epsilon)}, centered=${pyBool(o.centered)})`;
}

/** The notes on what Keras does differently, for this experiment. */
export function kerasCaveats(exp) {
  const o = exp.optimizer;
  const notes = [];
  if (o.eps_in_sqrt) {
    notes.push('eps placement: Keras divides by sqrt(v + epsilon), with epsilon inside the square root; so does this '
      + 'run (the page\'s eps_in_sqrt). PyTorch divides by sqrt(v) + eps instead.');
  } else {
    notes.push(`eps placement: this run divides by sqrt(v) + eps (PyTorch's placement), Keras by sqrt(v + epsilon), and `
      + `it has no option for the other. The two agree where sqrt(v) >> eps but differ where gradients are small: at v = 0 `
      + `the denominator is eps = ${pyFloat(o.eps)} here but sqrt(epsilon) = ${pyFloat(Math.sqrt(o.eps))} in Keras with the `
      + `same epsilon, where Keras's step is ${ratio(Math.sqrt(o.eps) / o.eps)} times smaller. The closest Keras setting is epsilon = `
      + `eps**2 = ${pyFloat(o.eps * o.eps)}: the same largest step lr/eps as gradients vanish, and a denominator within a `
      + `factor sqrt(2) of sqrt(v) + eps everywhere (worst where sqrt(v) = eps).`);
  }
  notes.push('momentum: Keras keeps lr inside its momentum buffer (m = momentum * m + lr * g / sqrt(v + eps); '
    + 'w -= m), PyTorch and the page outside (buf = momentum * buf + g / (sqrt(v) + eps); w -= lr * buf). The '
    + 'steps are the same while lr stays constant; after an lr change, Keras\'s buffer still carries steps made '
    + 'with the old lr for a while.');
  if (o.weight_decay !== 0 || exp.changes.some(([, v]) => 'weight_decay' in v)) {
    notes.push('weight decay: the weight_decay argument of Keras optimizers is decoupled (w -= lr * wd * w, as in '
      + 'AdamW); PyTorch\'s RMSprop and the page add wd * w to the gradient instead. This script does the latter '
      + 'itself (WEIGHT_DECAY) and gives Keras none.');
  }
  if (o.initial_accumulator !== 0) {
    notes.push(`initial accumulator: v starts at ${pyFloat(o.initial_accumulator)} in this run (TF1's `
      + 'tf.compat.v1.train.RMSPropOptimizer starts it at 1); tf.keras.optimizers.RMSprop always starts it at 0, so '
      + 'the first steps here are much larger than the page\'s (the difference in v decays as alpha**t).');
  }
  if (exp.changes.some(([, v]) => v.momentum > 0) && !(o.momentum > 0)) {
    notes.push('momentum is switched on during the run (SCHEDULE): Keras creates its momentum variables only if '
      + 'momentum > 0 at the start, so that change cannot be applied.');
  }
  notes.push('precision: with floatx float64 the model and the optimizer\'s slots are float64; Keras may keep lr, rho '
    + 'and epsilon as float32 values, which moves the trajectory away from the page\'s at about the 1e-8 level.');
  return notes;
}

function modelPy(exp) {
  const L = exp.layers.length - 1;
  const lines = [`    tf.keras.Input(shape=(${exp.layers[0]},)),`];
  for (let l = 0; l < L; l++) {
    const last = l === L - 1;
    const act = last ? (exp.loss === 'bce' ? 'None' : KERAS_ACT[exp.output]) : KERAS_ACT[exp.activation];
    lines.push(`    tf.keras.layers.Dense(${exp.layers[l + 1]}, activation=${act}),`);
  }
  return `${exp.loss === 'bce' ? '# The last layer outputs the logit: the loss takes it, predictions are its sigmoid.\n' : ''}model = tf.keras.Sequential([
${lines.join('\n')}
])
dense = [layer for layer in model.layers if isinstance(layer, tf.keras.layers.Dense)]
# A Keras Dense kernel is (in, out): the transpose of PyTorch's W[out][in].
for layer, w in zip(dense, CASE["weights"]):
    layer.set_weights([np.array(w["W"], dtype=np.float64).T, np.array(w["b"], dtype=np.float64)])
`;
}

/**
 * The whole script.
 * @param {object} exp an experiment (web/export/experiment.js buildExperiment)
 */
export function kerasScript(exp) {
  const d = describe(exp);
  const o = exp.optimizer;
  const usesBatches = exp.batchSize > 0 || exp.changes.some(([, v]) => 'batch_size' in v);
  const hasReg = exp.regularization !== 'none' && exp.regRate !== 0;
  const file = `${experimentName(exp)}-keras.py`;
  const opt = Object.entries(o).filter(([k, v]) => !['maximize', 'eps_in_sqrt', 'initial_accumulator'].includes(k) || v).map(([k, v]) => `${k}=${pyValue(v)}`).join(', ');
  const threshold = exp.zeroOne ? '0.5' : '0.0';
  const lossLine = exp.loss === 'bce'
    ? 'loss_fn = tf.keras.losses.BinaryCrossentropy(from_logits=True)  # on the logits, 0/1 targets, mean: the page\'s bce'
    : 'loss_fn = tf.keras.losses.MeanSquaredError()  # mean of (output - y)**2, no 1/2 factor: the page\'s mse';
  const penalty = !hasReg ? '' : exp.regularization === 'l2'
    ? `
REG_RATE = ${pyFloat(exp.regRate)}


def penalty():
    """L2 as the page adds it: rate * 1/2 * sum of W**2 over the kernels (not the biases). It enters
    the gradient; the losses printed are the data loss alone, as the page reports them."""
    return REG_RATE * 0.5 * tf.add_n([tf.reduce_sum(tf.square(layer.kernel)) for layer in dense])
`
    : `
REG_RATE = ${pyFloat(exp.regRate)}


def penalty():
    """L1 as the page adds it: rate * sum of |W| over the kernels (not the biases). It enters the
    gradient; the losses printed are the data loss alone, as the page reports them."""
    return REG_RATE * tf.add_n([tf.reduce_sum(tf.abs(layer.kernel)) for layer in dense])
`;
  const predict = exp.loss === 'bce' ? 'tf.sigmoid(model(x))' : 'model(x)';

  // (At most two blank lines in a row, whichever optional parts are left out.)
  return tidy(`#!/usr/bin/env python3
"""An RMSProp playground run, recreated in tf.keras (float64).

Exported from the RMSProp playground at step ${exp.pageSteps}${exp.source ? `: ${exp.source}` : '.'}
${d.data}
${d.network}
Optimizer: RMSProp ${opt}${exp.changes.length ? `; ${exp.changes.length} live change${exp.changes.length > 1 ? 's' : ''} (SCHEDULE)` : ''}.
${d.training}

    python3 ${file}                train, print every step's losses, compare with the page's
    python3 ${file} --steps 500    train another number of steps

Keras's RMSprop is not PyTorch's (see the notes at the optimizer): the losses follow the page's
closely where the rules agree, not bit for bit. For the exact numbers use the PyTorch export.
"""
import argparse
import json
import math
import sys

import numpy as np
import tensorflow as tf

tf.keras.backend.set_floatx("float64")

${exp.notes.length ? `${comment(`NOTE ${exp.notes.join(' ')}`)}\n` : ''}${dataBlocks(exp)}
${usesBatches ? `BATCH = ${JSON.stringify({ seed: exp.seed, shuffles: exp.shuffles, batch_size: exp.batchSize })}  # the page's mini-batch generator: seed, reshuffles, batch size\n` : ''}

${featuresPy(exp)}

# ---------------------------------------------------------------------------------------------
# The network
${modelPy(exp)}
${lossLine}
${penalty}

# ---------------------------------------------------------------------------------------------
# The optimizer
${kerasCaveats(exp).map((t) => comment(`NOTE ${t}`)).join('\n#\n')}
optimizer = ${kerasRmspropCall(o)}${o.eps_in_sqrt ? '' : `
# closest to the page's numbers: ${kerasRmspropCall(o, { epsilon: o.eps * o.eps })}`}
WEIGHT_DECAY = ${pyFloat(o.weight_decay)}  # added to the gradient, as PyTorch's RMSprop and the page do
${usesBatches ? `
# ---------------------------------------------------------------------------------------------
# Mini-batches
${BATCH_ORDER_PY}

batches = BatchOrder(BATCH["seed"], BATCH["shuffles"], BATCH["batch_size"])
` : ''}

# ---------------------------------------------------------------------------------------------
# Training
X = tf.constant(CASE["data"]["x"], dtype=tf.float64)
Y = tf.constant(CASE["data"]["y"], dtype=tf.float64)
X_TEST = tf.constant(TEST["x"], dtype=tf.float64) if TEST["x"] else None
Y_TEST = tf.constant(TEST["y"], dtype=tf.float64) if TEST["y"] else None
KERAS_NAMES = {"alpha": "rho", "eps": "epsilon", "momentum": "momentum", "centered": "centered"}


def apply_changes(done):
    """The page's live changes that took effect after \`done\` steps."""
    global WEIGHT_DECAY
    for step, values in SCHEDULE:
        if step != done:
            continue
        for key, value in values.items():
            if key == "batch_size":
                ${usesBatches ? 'batches.set_batch_size(value)' : 'pass'}
            elif key == "lr":
                optimizer.learning_rate = value
            elif key == "weight_decay":
                WEIGHT_DECAY = value
            elif key in KERAS_NAMES:
                setattr(optimizer, KERAS_NAMES[key], value)
            else:
                print("note: %s = %s after step %d has no Keras equivalent" % (key, value, done), file=sys.stderr)


def evaluate(x, y):
    """Loss${exp.problem === 'classification' ? ' and accuracy' : ''} at the current weights."""
    if x is None:
        return float("nan"), float("nan")
    loss = float(loss_fn(y, model(x)))${exp.problem === 'classification' ? `
    pred = ${predict}
    accuracy = float(tf.reduce_mean(tf.cast(tf.equal(pred > ${threshold}, y > ${threshold}), tf.float64)))` : `
    accuracy = float("nan")`}
    return loss, accuracy


def train(steps, quiet=False):
    """Trains for \`steps\` steps; returns the training loss before each step's update (what the
    page records)."""
    variables = model.trainable_variables
    losses = []
    for t in range(1, steps + 1):
        apply_changes(t - 1)
        test_loss, _ = evaluate(X_TEST, Y_TEST)${usesBatches ? `
        rows = batches.next()  # this step's rows, or None for the whole split` : ''}
        with tf.GradientTape() as tape:
            loss = loss_fn(Y, model(X))  # over the whole training split
            objective = ${usesBatches ? 'loss if rows is None else loss_fn(tf.gather(Y, rows), model(tf.gather(X, rows)))' : 'loss'}${hasReg ? `
            objective = objective + penalty()` : ''}
        grads = tape.gradient(objective, variables)
        if WEIGHT_DECAY != 0:
            grads = [g + WEIGHT_DECAY * v for g, v in zip(grads, variables)]
        optimizer.apply_gradients(zip(grads, variables))${usesBatches ? `
        batches.step_done()` : ''}
        losses.append(float(loss))
        if not quiet:
            print("step %6d  train loss %.17g  test loss %.17g" % (t, float(loss), test_loss))
    return losses


def compare(losses):
    """The page's recorded training losses against ours: (steps compared, largest relative difference)."""
    count, worst = 0, 0.0
    for step, want, _ in PAGE_LOSS:
        if want is None or step > len(losses):
            continue
        count += 1
        worst = max(worst, abs(losses[step - 1] - want) / abs(want) if want else abs(losses[step - 1]))
    return count, worst


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=CASE["steps"], help="steps to train (default: as many as the page ran)")
    parser.add_argument("--quiet", action="store_true", help="print only the summary, not every step")
    args = parser.parse_args()
    check_inputs()
    losses = train(args.steps, quiet=args.quiet)
    train_loss, train_acc = evaluate(X, Y)
    test_loss, test_acc = evaluate(X_TEST, Y_TEST)
    print("after %d steps: train loss %.6g, test loss %.6g%s" % (
        args.steps, train_loss, test_loss,
        "" if math.isnan(train_acc) else ", train accuracy %.1f %%, test accuracy %.1f %%" % (100 * train_acc, 100 * test_acc)))
    count, worst = compare(losses)
    if count:
        print("the page's training loss at %d steps: largest relative difference %.3g" % (count, worst))


if __name__ == "__main__":
    main()
`);
}
