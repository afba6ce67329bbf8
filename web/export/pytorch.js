// "Copy as PyTorch": a standalone Python script that recreates an experiment of the playground
// in PyTorch, float64: the page's points (and the exact network inputs it computed from them),
// the network with its step-0 weights, RMSProp with the exact hyperparameters (and the live
// changes made while training), the page's mini-batch order, and the training loop, printing the
// loss of every step and comparing it with the page's. Run with --golden FILE, it also writes
// its trajectory as an rmsprop-golden/1 'mlp' case for the playground's replay tool.
//
// Everything the engine computes is embedded as one rmsprop-golden/1 case (CASE), so the same
// numbers can be checked without PyTorch: extractCase(script) and the replay tool.
import { experimentName } from './experiment.js';
import {
  BATCH_ORDER_PY, comment, dataBlocks, describe, featuresPy, pyBool, pyFloat, pyValue, tidy, torchCaveats,
} from './python.js';

const TORCH_ACT = { tanh: 'nn.Tanh()', relu: 'nn.ReLU()', sigmoid: 'nn.Sigmoid()', linear: null };

/** Why torch.optim.RMSprop cannot run this experiment as the page did ([] if it can). */
export function torchLimits(exp) {
  const o = exp.optimizer;
  const why = [];
  if (o.eps_in_sqrt || exp.changes.some(([, v]) => 'eps_in_sqrt' in v)) why.push('eps_in_sqrt');
  if (o.initial_accumulator !== 0) why.push('initial_accumulator');
  // torch.optim.RMSprop creates its momentum buffer and gradient average at the first step only
  // if momentum / centered are on then; switching them on later fails there.
  if (!(o.momentum > 0) && exp.changes.some(([, v]) => v.momentum > 0)) why.push('momentum switched on');
  if (!o.centered && exp.changes.some(([, v]) => v.centered)) why.push('centered switched on');
  return why;
}

/** The torch.optim.RMSprop call with these hyperparameters (eps replaced by epsValue if given). */
export function torchRmspropCall(o, { eps = o.eps } = {}) {
  let args = `lr=${pyFloat(o.lr)}, alpha=${pyFloat(o.alpha)}, eps=${pyFloat(eps)}, weight_decay=${pyFloat(o.weight_decay)}, `
    + `momentum=${pyFloat(o.momentum)}, centered=${pyBool(o.centered)}`;
  if (o.maximize) args += ', maximize=True';
  return `torch.optim.RMSprop(model.parameters(), ${args})`;
}

function playgroundCall(o) {
  return `PlaygroundRMSprop(model.parameters(), lr=${pyFloat(o.lr)}, alpha=${pyFloat(o.alpha)}, eps=${pyFloat(o.eps)}, `
    + `weight_decay=${pyFloat(o.weight_decay)}, momentum=${pyFloat(o.momentum)}, centered=${pyBool(o.centered)}, `
    + `eps_in_sqrt=${pyBool(o.eps_in_sqrt)}, initial_accumulator=${pyFloat(o.initial_accumulator)}`
    + `${o.maximize ? ', maximize=True' : ''})`;
}

const PLAYGROUND_RMSPROP_PY = `class PlaygroundRMSprop(torch.optim.Optimizer):
    """The playground's RMSProp (cpp/optim/rmsprop.cpp), operation for operation: the update of
    torch.optim.RMSprop plus eps_in_sqrt (divide by sqrt(v + eps), as Keras and TF do) and
    initial_accumulator (where v starts; TF1: 1). With eps_in_sqrt=False and initial_accumulator=0
    it computes exactly what torch.optim.RMSprop computes."""

    def __init__(self, params, lr=0.01, alpha=0.99, eps=1e-08, weight_decay=0.0, momentum=0.0,
                 centered=False, eps_in_sqrt=False, initial_accumulator=0.0, maximize=False):
        defaults = dict(lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay, momentum=momentum,
                        centered=centered, eps_in_sqrt=eps_in_sqrt,
                        initial_accumulator=initial_accumulator, maximize=maximize)
        super().__init__(params, defaults)

    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            lr, alpha, eps = group["lr"], group["alpha"], group["eps"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:  # made at the first step: v starts at initial_accumulator
                    state["square_avg"] = torch.full_like(p, group["initial_accumulator"])
                    state["grad_avg"] = torch.zeros_like(p)
                    state["momentum_buffer"] = torch.zeros_like(p)
                g = -p.grad if group["maximize"] else p.grad
                if group["weight_decay"] != 0:
                    g = g.add(p, alpha=group["weight_decay"])
                v = state["square_avg"]
                v.mul_(alpha).addcmul_(g, g, value=1 - alpha)
                if group["centered"]:
                    g_avg = state["grad_avg"]
                    g_avg.mul_(alpha).add_(g, alpha=1 - alpha)
                    second = v.addcmul(g_avg, g_avg, value=-1)
                else:
                    second = v
                if group["eps_in_sqrt"]:
                    avg = (second + eps).sqrt()
                else:
                    avg = second.sqrt().add_(eps)
                if group["momentum"] > 0:
                    buf = state["momentum_buffer"]
                    buf.mul_(group["momentum"]).addcdiv_(g, avg)
                    p.add_(buf, alpha=-lr)
                else:
                    p.addcdiv_(g, avg, value=-lr)
        return loss
`;

function modelPy(exp) {
  const lines = [];
  const L = exp.layers.length - 1;
  for (let l = 0; l < L; l++) {
    const last = l === L - 1;
    const act = last ? (exp.loss === 'bce' ? null : TORCH_ACT[exp.output]) : TORCH_ACT[exp.activation];
    lines.push(`    nn.Linear(${exp.layers[l]}, ${exp.layers[l + 1]}),${act ? ` ${act},` : ''}`);
  }
  const out = exp.loss === 'bce'
    ? `# The last layer's output is the logit: BCEWithLogitsLoss takes it, predictions are its sigmoid.`
    : `# Output activation: ${exp.output}.`;
  return `${out}
model = nn.Sequential(
${lines.join('\n')}
)
linears = [m for m in model if isinstance(m, nn.Linear)]
with torch.no_grad():
    for linear, w in zip(linears, CASE["weights"]):
        linear.weight.copy_(torch.tensor(w["W"], dtype=torch.float64))
        linear.bias.copy_(torch.tensor(w["b"], dtype=torch.float64))
`;
}

function lossPy(exp) {
  return exp.loss === 'bce'
    ? 'loss_fn = nn.BCEWithLogitsLoss()  # binary cross-entropy on the logits, 0/1 targets, mean: the page\'s bce\n'
    : 'loss_fn = nn.MSELoss()  # mean over all N outputs of (output - y)**2, no 1/2 factor: the page\'s mse\n';
}

function penaltyPy(exp) {
  if (exp.regularization === 'none' || exp.regRate === 0) return '';
  const l2 = exp.regularization === 'l2';
  return `
REG_RATE = ${pyFloat(exp.regRate)}


def penalty():
    """${l2 ? 'L2' : 'L1'} regularization exactly as the page adds it: ${l2 ? 'rate * 1/2 * sum of W**2' : 'rate * sum of |W|'} over every
    layer's weights (not the biases). It enters the gradient; the losses printed and compared are
    the data loss alone, as the page reports them."""
    return ${l2 ? 'REG_RATE * 0.5 * sum((linear.weight ** 2).sum() for linear in linears)' : 'REG_RATE * sum(linear.weight.abs().sum() for linear in linears)'}
`;
}

function optimizerPy(exp) {
  const o = exp.optimizer;
  const limits = torchLimits(exp);
  const head = '# RMSProp with the page\'s hyperparameters at step 0 (PyTorch\'s names: the page follows\n'
    + '# torch.optim.RMSprop\'s update operation for operation).\n';
  if (!limits.length) return `${head}optimizer = ${torchRmspropCall(o)}\n`;
  const notes = torchCaveats(exp).map((t) => comment(`NOTE ${t}`));
  if (limits.includes('momentum switched on')) notes.push(comment('NOTE momentum is switched on during the run (see SCHEDULE): torch.optim.RMSprop creates its momentum buffer at the first step only if momentum is on then, and fails later.'));
  if (limits.includes('centered switched on')) notes.push(comment('NOTE centered is switched on during the run (see SCHEDULE): torch.optim.RMSprop creates its gradient average at the first step only if centered is on then, and fails later.'));
  const closest = torchRmspropCall(o, { eps: o.eps_in_sqrt ? Math.sqrt(o.eps) : o.eps });
  return `${head}#
${notes.join('\n#\n')}
#
# So this script trains with PlaygroundRMSprop below: the page's RMSProp in a few lines of PyTorch,
# operation for operation, which reproduces the page's numbers. The closest torch.optim.RMSprop is
#     optimizer = ${closest}
# Set USE_TORCH_RMSPROP = True to train with that instead (the losses then differ from the page's).
USE_TORCH_RMSPROP = False


${PLAYGROUND_RMSPROP_PY}

if USE_TORCH_RMSPROP:
    optimizer = ${closest}
else:
    optimizer = ${playgroundCall(o)}
`;
}

/** The optimizer's hyperparameters as the golden case records them: what actually ran. */
function optimizerSpecPy(exp) {
  const o = exp.optimizer;
  const limited = torchLimits(exp).length > 0;
  return `def optimizer_spec():
    """The rmsprop-golden/1 optimizer of the run this script made (step-0 hyperparameters)."""
    spec = dict(CASE["optimizer"])${limited ? `
    if USE_TORCH_RMSPROP:  # what torch.optim.RMSprop ran: the eps above, v from 0
        spec["eps"] = ${pyFloat(o.eps_in_sqrt ? Math.sqrt(o.eps) : o.eps)}
        spec.pop("eps_in_sqrt", None)
        spec.pop("initial_accumulator", None)` : ''}
    return spec
`;
}

/**
 * The whole script.
 * @param {object} exp an experiment (web/export/experiment.js buildExperiment)
 */
export function pytorchScript(exp) {
  const d = describe(exp);
  const o = exp.optimizer;
  const usesBatches = exp.batchSize > 0 || exp.changes.some(([, v]) => 'batch_size' in v);
  const hasReg = exp.regularization !== 'none' && exp.regRate !== 0;
  const limited = torchLimits(exp).length > 0;
  const goldenBlock = [];
  if (usesBatches) goldenBlock.push('the run uses mini-batches, and rmsprop-golden/1 \'mlp\' cases are full-batch');
  if (exp.changes.some(([, v]) => Object.keys(v).some((k) => k !== 'batch_size'))) goldenBlock.push('hyperparameters changed during the run (SCHEDULE), which rmsprop-golden/1 cases cannot express');
  const opt = Object.entries(o).filter(([k, v]) => !['maximize', 'eps_in_sqrt', 'initial_accumulator'].includes(k) || v).map(([k, v]) => `${k}=${pyValue(v)}`).join(', ');
  const file = `${experimentName(exp)}.py`;
  const threshold = exp.zeroOne ? '0.5' : '0.0';
  const predict = exp.loss === 'bce' ? 'torch.sigmoid(model(x))' : 'model(x)';
  const expectMatch = exp.reproducible ? (limited ? 'not USE_TORCH_RMSPROP' : 'True') : 'False';

  // (At most two blank lines in a row, whichever optional parts are left out.)
  return tidy(`#!/usr/bin/env python3
"""An RMSProp playground run, recreated in PyTorch (float64).

Exported from the RMSProp playground at step ${exp.pageSteps}${exp.source ? `: ${exp.source}` : '.'}
${d.data}
${d.network}
Optimizer: RMSProp ${opt}${exp.changes.length ? `; ${exp.changes.length} live change${exp.changes.length > 1 ? 's' : ''} (SCHEDULE)` : ''}.
${d.training}

    python3 ${file}                    train, print every step's losses, compare with the page's
    python3 ${file} --steps 500        train another number of steps
    python3 ${file} --golden run.json  also write the run as an rmsprop-golden/1 'mlp' case

The playground's replay tool runs such a case through the page's engine, number by number:
    npm run --silent replay -- --engine native --in run.json --out ours.json
"""
import argparse
import json
import math
import sys

import torch
from torch import nn

torch.set_default_dtype(torch.float64)

${exp.notes.length ? `${comment(`NOTE ${exp.notes.join(' ')}`)}\n` : ''}${dataBlocks(exp)}
REPRODUCIBLE = ${pyBool(exp.reproducible)}  # False when the page's run changed its data or optimizer midway
${usesBatches ? `BATCH = ${JSON.stringify({ seed: exp.seed, shuffles: exp.shuffles, batch_size: exp.batchSize })}  # the page's mini-batch generator: seed, reshuffles, batch size\n` : ''}

${featuresPy(exp)}

# ---------------------------------------------------------------------------------------------
# The network
${modelPy(exp)}
${lossPy(exp)}${penaltyPy(exp)}

# ---------------------------------------------------------------------------------------------
# The optimizer
${optimizerPy(exp)}

${optimizerSpecPy(exp)}
${usesBatches ? `
# ---------------------------------------------------------------------------------------------
# Mini-batches
${BATCH_ORDER_PY}

batches = BatchOrder(BATCH["seed"], BATCH["shuffles"], BATCH["batch_size"])
` : ''}

# ---------------------------------------------------------------------------------------------
# Training (JSON numbers like 0 or 1 read as Python ints: the tensors are made float64 explicitly)
X = torch.tensor(CASE["data"]["x"], dtype=torch.float64)
Y = torch.tensor(CASE["data"]["y"], dtype=torch.float64)
X_TEST = torch.tensor(TEST["x"], dtype=torch.float64) if TEST["x"] else None
Y_TEST = torch.tensor(TEST["y"], dtype=torch.float64) if TEST["y"] else None


def apply_changes(done):
    """The page's live changes that took effect after \`done\` steps."""
    for step, values in SCHEDULE:
        if step != done:
            continue
        for key, value in values.items():
            if key == "batch_size":
                ${usesBatches ? 'batches.set_batch_size(value)' : 'pass'}
            else:
                for group in optimizer.param_groups:
                    group[key] = value


def rms(*tensors):
    flat = torch.cat([t.reshape(-1) for t in tensors])
    return math.sqrt((flat * flat).mean().item())


def evaluate(x, y):
    """Loss${exp.problem === 'classification' ? ' and accuracy' : ''} at the current weights."""
    if x is None:
        return float("nan"), float("nan")
    with torch.no_grad():
        loss = loss_fn(model(x), y).item()${exp.problem === 'classification' ? `
        pred = ${predict}
        accuracy = ((pred > ${threshold}) == (y > ${threshold})).double().mean().item()` : `
        accuracy = float("nan")`}
    return loss, accuracy


def train(steps, quiet=False):
    """Trains for \`steps\` steps. Per step: the training and test losses measured before the step's
    update (what the page records), and each layer's gradient RMS and update RMS."""
    out = {"loss": [], "test_loss": [], "grad_rms": [], "update_rms": []}
    for t in range(1, steps + 1):
        apply_changes(t - 1)
        test_loss, _ = evaluate(X_TEST, Y_TEST)
        optimizer.zero_grad()
        loss = loss_fn(model(X), Y)  # over the whole training split
${usesBatches ? `        rows = batches.next()  # this step's rows, or None for the whole split
        objective = loss if rows is None else loss_fn(model(X[rows]), Y[rows])
` : `        objective = loss
`}        (objective${hasReg ? ' + penalty()' : ''}).backward()
        before = [p.detach().clone() for p in model.parameters()]
        optimizer.step()${usesBatches ? `
        batches.step_done()` : ''}
        out["loss"].append(loss.item())
        out["test_loss"].append(test_loss)
        out["grad_rms"].append([rms(m.weight.grad, m.bias.grad) for m in linears])
        out["update_rms"].append([rms(m.weight.detach() - before[2 * i], m.bias.detach() - before[2 * i + 1])
                                  for i, m in enumerate(linears)])
        if not quiet:
            print("step %6d  train loss %.17g  test loss %.17g" % (t, loss.item(), test_loss))
    return out


def compare(losses):
    """The page's recorded training losses against ours: (steps compared, largest relative
    difference, whether all are within the rmsprop-golden/1 tolerance 1e-9 |want| + 1e-12)."""
    count, worst, within = 0, 0.0, True
    for step, want, _ in PAGE_LOSS:
        if want is None or step > len(losses):
            continue
        got = losses[step - 1]
        count += 1
        worst = max(worst, abs(got - want) / abs(want) if want else abs(got))
        within = within and abs(got - want) <= 1e-9 * abs(want) + 1e-12
    return count, worst, within


def write_golden(path, steps, out):
    """The run as an rmsprop-golden/1 file with one 'mlp' case, \`expected\` = what PyTorch computed."""
    with torch.no_grad():
        final_loss = loss_fn(model(X), Y).item()
    case = dict(CASE)
    case["optimizer"] = optimizer_spec()
    case["steps"] = steps
    case["expected"] = {
        "loss": out["loss"],
        "final_loss": final_loss,
        "grad_rms": out["grad_rms"],
        "update_rms": out["update_rms"],
        "weights": [{"W": m.weight.tolist(), "b": m.bias.tolist()} for m in linears],
    }
    doc = {"format": "rmsprop-golden/1",
           "generator": "RMSProp playground export, PyTorch %s, float64" % torch.__version__,
           "cases": [case]}
    with open(path, "w") as f:
        json.dump(doc, f)
        f.write("\\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=CASE["steps"], help="steps to train (default: as many as the page ran)")
    parser.add_argument("--golden", metavar="FILE", help="also write the run as an rmsprop-golden/1 'mlp' case to FILE")
    parser.add_argument("--quiet", action="store_true", help="print only the summary, not every step")
    args = parser.parse_args()
${goldenBlock.length ? `    if args.golden:
        sys.exit(${JSON.stringify(`--golden: ${goldenBlock.join('; ')}.`)})
` : ''}    check_inputs()
    out = train(args.steps, quiet=args.quiet)
    train_loss, train_acc = evaluate(X, Y)
    test_loss, test_acc = evaluate(X_TEST, Y_TEST)
    print("after %d steps: train loss %.6g, test loss %.6g%s" % (
        args.steps, train_loss, test_loss,
        "" if math.isnan(train_acc) else ", train accuracy %.1f %%, test accuracy %.1f %%" % (100 * train_acc, 100 * test_acc)))
    if args.golden:
        write_golden(args.golden, args.steps, out)
        print("wrote", args.golden)
    count, worst, within = compare(out["loss"])
    if count:
        print("the page's training loss at %d steps: largest relative difference %.3g (%s)" % (
            count, worst, "the same numbers" if within else "beyond 1e-9"))
    expect_match = REPRODUCIBLE and (${expectMatch})
    if count and expect_match and not within:
        sys.exit(1)


if __name__ == "__main__":
    main()
`);
}
