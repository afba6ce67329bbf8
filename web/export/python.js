// Python source pieces shared by the PyTorch and Keras exports: literals, embedded JSON, the
// page's mini-batch order, and the notes on what the frameworks cannot express.
import { FEATURE_FORMULAS } from './features.js';
import { goldenCase } from './experiment.js';

/** A float literal exactly as Python's repr() writes it (the shortest string that round-trips). */
export function pyFloat(v) {
  if (Number.isNaN(v)) return "float('nan')";
  if (v === Infinity) return "float('inf')";
  if (v === -Infinity) return "-float('inf')";
  if (Object.is(v, -0)) return '-0.0';
  const [m, e] = v.toExponential().split('e');
  const exp = Number(e);
  const neg = m.startsWith('-');
  const digits = m.replace('-', '').replace('.', '');
  let body;
  if (exp >= -4 && exp < 16) {
    if (exp >= 0) {
      const int = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
      const frac = digits.slice(exp + 1) || '0';
      body = `${int}.${frac}`;
    } else {
      body = `0.${'0'.repeat(-exp - 1)}${digits}`;
    }
  } else {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    body = `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return neg ? `-${body}` : body;
}

export const pyBool = (b) => (b ? 'True' : 'False');

/** A Python literal for a hyperparameter value: True/False or a float. */
export const pyValue = (v) => (typeof v === 'boolean' ? pyBool(v) : pyFloat(Number(v)));

const num = (v) => (Number.isFinite(v) ? JSON.stringify(v) : 'null');
const isNumberArray = (a) => Array.isArray(a) && a.every((v) => typeof v === 'number' || v === null);

/** One-line JSON with spaces after commas and colons. */
function compactJson(value) {
  if (typeof value === 'number') return num(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(compactJson).join(', ')}]`;
  return `{${Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => `${JSON.stringify(k)}: ${compactJson(v)}`).join(', ')}}`;
}

/**
 * JSON text laid out for reading inside a script: number arrays on one line, short rows packed
 * several to a line, objects one key per line. Numbers keep every digit (shortest round-trip
 * form), so Python's json.loads gives back the very same doubles. Non-finite numbers become null.
 */
export function prettyJson(value, indent = '', width = 110) {
  if (typeof value === 'number') return num(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const flat = compactJson(value);
  if (flat.length <= 72) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (isNumberArray(value)) return `[${value.map(num).join(', ')}]`;
    const parts = value.map((v) => prettyJson(v, inner, width));
    if (value.every(isNumberArray) && parts.every((p) => p.length < 48)) {
      const lines = [];
      let line = '';
      for (const p of parts) {
        if (line && inner.length + line.length + p.length + 2 > width) {
          lines.push(line);
          line = '';
        }
        line += (line ? ', ' : '') + p;
      }
      lines.push(line);
      return `[\n${lines.map((l) => inner + l).join(',\n')}\n${indent}]`;
    }
    return `[\n${parts.map((p) => inner + p).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${prettyJson(v, inner, width)}`).join(',\n')}\n${indent}}`;
}

/**
 * `json.loads(r'''...''')` of a value. Quotes inside JSON strings are written \u0027 so the
 * text can never close the raw string.
 */
export function pyJson(value) {
  const text = prettyJson(value).replace(/'/g, '\\u0027');
  return `json.loads(r'''${text.includes('\n') ? `\n${text}\n` : text}''')`;
}

/** The golden case JSON embedded in a script, found again (tests, tools). */
export function extractCase(script) {
  const m = /^CASE = json\.loads\(r'''([\s\S]*?)'''\)/m.exec(script);
  if (!m) throw new Error("extractCase: no CASE = json.loads(r'''...''') in the script");
  return JSON.parse(m[1]);
}

/** Wraps text as # comment lines of at most width characters. */
export function comment(text, { indent = '', width = 100 } = {}) {
  const out = [];
  for (const para of String(text).split('\n')) {
    const words = para.split(/\s+/).filter(Boolean);
    if (!words.length) {
      out.push(`${indent}#`);
      continue;
    }
    let line = '';
    for (const w of words) {
      if (line && indent.length + 2 + line.length + 1 + w.length > width) {
        out.push(`${indent}# ${line}`);
        line = w;
      } else {
        line = line ? `${line} ${w}` : w;
      }
    }
    out.push(`${indent}# ${line}`);
  }
  return out.join('\n');
}

/** Python source with at most two blank lines in a row. */
export const tidy = (text) => text.replace(/\n{4,}/g, '\n\n\n');

/** A ratio for reading: 3 significant digits, no trailing .0. */
export const ratio = (v) => String(Number(v.toPrecision(3)));

const fmt = (v) => (typeof v === 'number' ? pyFloat(v) : String(v));

/** One line on the data, one on the network, one on training, for the script's docstring. */
export function describe(exp) {
  const d = exp.dataset;
  const nTrain = exp.train.x.length;
  const nTest = exp.test.x.length;
  const total = nTrain + nTest;
  let data;
  if (exp.userPoints === total) data = `${total} points uploaded or placed by hand`;
  else {
    data = `${d.name}, ${total - exp.userPoints} generated points (n=${d.n}, noise ${fmt(d.noise)}, data seed ${d.seed})`;
    if (exp.userPoints) data += ` plus ${exp.userPoints} placed by hand`;
  }
  const inputs = exp.features.map((f) => FEATURE_FORMULAS[f]).join(', ');
  const reg = exp.regularization === 'none' || exp.regRate === 0 ? 'no regularization' : `${exp.regularization.toUpperCase()} regularization ${fmt(exp.regRate)}`;
  const batch = exp.batchSize > 0 ? `mini-batches of ${exp.batchSize}` : 'full batch';
  return {
    data: `Data: ${data}; ${nTrain} train / ${nTest} test; inputs ${inputs}; ${exp.problem}.`,
    network: `Network: ${exp.layers.join(' -> ')}, ${exp.activation} hidden layers, ${exp.output} output, loss ${exp.loss}, ${reg}; weights from seed ${exp.seed} (${exp.init}).`,
    training: `Training: ${batch}, ${exp.steps} steps${exp.pageSteps ? ' (as many as the page ran)' : ' (the page had not trained yet)'}.`,
  };
}

/** Targets, as the page makes them from labels. */
export function targetsNote(exp) {
  if (exp.problem === 'regression') return 'Targets are the points\' values (regression).';
  return exp.zeroOne
    ? 'Targets are the classes 0/1 (sigmoid output or cross-entropy, as the page uses them).'
    : 'Targets are -1 (class 0) and +1 (class 1): the page\'s convention for tanh/linear outputs with MSE.';
}

/** Explanations of eps placement and the initial accumulator (PyTorch's point of view). */
export function torchCaveats(exp) {
  const o = exp.optimizer;
  const everInSqrt = o.eps_in_sqrt || exp.changes.some(([, v]) => v.eps_in_sqrt);
  const out = [];
  if (everInSqrt) {
    const e = o.eps;
    out.push(`eps placement: this run divides by sqrt(v + eps), eps inside the square root (the page's eps_in_sqrt, `
      + `as Keras, TF and tfjs do); torch.optim.RMSprop divides by sqrt(v) + eps and has no option for the other `
      + `placement. Where sqrt(v) >> sqrt(eps) both are about sqrt(v); where gradients are small they differ: at v = 0 `
      + `the denominator is sqrt(eps) = ${pyFloat(Math.sqrt(e))} here but eps = ${pyFloat(e)} in PyTorch with the same eps, `
      + `where the step is ${ratio(Math.sqrt(e) / e)} times larger. The closest torch.optim.RMSprop uses eps = sqrt(eps) = `
      + `${pyFloat(Math.sqrt(e))}: the same largest step lr/sqrt(eps) as gradients vanish, and a denominator sqrt(v) + `
      + `sqrt(eps) within a factor sqrt(2) of sqrt(v + eps) everywhere (the worst where v = eps; a relative difference of `
      + `about sqrt(eps/v) where v >> eps).`);
  }
  if (o.initial_accumulator !== 0) {
    const decay = o.alpha > 0 && o.alpha < 1 ? Math.ceil(Math.log(1e-12) / Math.log(o.alpha)) : null;
    out.push(`initial accumulator: v starts at ${pyFloat(o.initial_accumulator)} here (TF1's RMSPropOptimizer starts `
      + `it at 1); torch.optim.RMSprop always starts v at 0. With v0 > 0 the first steps are much smaller: about `
      + `lr*g/sqrt(alpha*v0) instead of lr*sign(g)/sqrt(1 - alpha). The difference in v is alpha**t * v0 after t steps`
      + (decay ? `, below 1e-12 * v0 after ${decay} steps at alpha = ${pyFloat(o.alpha)}` : '')
      + `; the trajectories have parted long before.`);
  }
  return out;
}

/**
 * The page's mini-batch order as Python: its generator (cpp/core/rng.hpp) and the engine's
 * reshuffles (cpp/train/trainer.cpp rebuild_splits, next_batch, step), operation for operation.
 */
export const BATCH_ORDER_PY = `class BatchOrder:
    """The page's mini-batch order, exactly. The engine's generator (xoshiro256** seeded through
    splitmix64 with seed ^ 0x6261746368) shuffles the training rows (Fisher-Yates) every time the
    training split is rebuilt (shuffles: the split's size at each rebuild since the seeding) and at
    the end of every epoch; each step takes the next batch_size rows of that order (the last batch
    of an epoch may be smaller). batch_size 0, or at least the split's size, means full batch."""

    M = (1 << 64) - 1

    def __init__(self, seed, shuffles, batch_size):
        z = seed ^ 0x6261746368
        self.s = []
        for _ in range(4):
            z = (z + 0x9E3779B97F4A7C15) & self.M
            r = z
            r = ((r ^ (r >> 30)) * 0xBF58476D1CE4E5B9) & self.M
            r = ((r ^ (r >> 27)) * 0x94D049BB133111EB) & self.M
            self.s.append(r ^ (r >> 31))
        self.order = []
        for size in shuffles:
            self.order = list(range(size))
            self.shuffle()
        self.cursor = 0
        self.batch_size = batch_size

    def _rotl(self, x, k):
        return ((x << k) | (x >> (64 - k))) & self.M

    def _next(self):
        s0, s1, s2, s3 = self.s
        result = (self._rotl((s1 * 5) & self.M, 7) * 9) & self.M
        t = (s1 << 17) & self.M
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = self._rotl(s3, 45)
        self.s = [s0, s1, s2, s3]
        return result

    def _below(self, n):
        limit = self.M - self.M % n
        r = self._next()
        while r >= limit:
            r = self._next()
        return r % n

    def shuffle(self):
        order = self.order
        for i in range(len(order), 1, -1):
            j = self._below(i)
            order[i - 1], order[j] = order[j], order[i - 1]

    def set_batch_size(self, batch_size):
        """A live change: the epoch's cursor starts again (no reshuffle)."""
        self.batch_size = batch_size
        self.cursor = 0

    def full(self):
        return self.batch_size == 0 or self.batch_size >= len(self.order)

    def next(self):
        """The rows of the next step's batch, or None for a full-batch step."""
        if self.full():
            return None
        rows = self.order[self.cursor:self.cursor + self.batch_size]
        self.cursor += len(rows)
        return rows

    def step_done(self):
        """After a mini-batch step: a new epoch reshuffles the order."""
        if not self.full() and self.cursor >= len(self.order):
            self.shuffle()
            self.cursor = 0
`;

/** The embedded data blocks common to both scripts (CASE, TEST, POINTS, SCHEDULE, PAGE_LOSS). */
export function dataBlocks(exp) {
  const points = exp.points.x1.map((x1, i) => [x1, exp.points.x2[i], exp.points.label[i], exp.points.test[i] ? 1 : 0]);
  return `# The experiment as one rmsprop-golden/1 'mlp' case (the playground's shared/golden/README.md):
# the model, the weights at step 0 (nn.Linear's layout: W[out][in], z = x W^T + b), the training
# split as network inputs x and targets y, the optimizer's hyperparameters at step 0 and the steps.
${comment(`${targetsNote(exp)} Inputs are the features ${exp.features.map((f) => FEATURE_FORMULAS[f]).join(', ')} of each point, computed by the page (bit for bit what it trained on).`)}
CASE = ${pyJson(goldenCase(exp))}

# The test split in the same form (for the test loss; never trained on).
TEST = ${pyJson({ x: exp.test.x, y: exp.test.y })}

# The points as the page holds them, one row each: x1, x2, label (${exp.problem === 'regression' ? 'the value' : 'class 0 or 1'}), test (1 = test split).
POINTS = ${pyJson(points)}

# Live changes made on the page while it trained: [steps done, {setting: new value}].
SCHEDULE = ${pyJson(exp.changes)}

# The page's recorded losses, [step, training loss, test loss], measured before each step's update.
PAGE_LOSS = ${pyJson(exp.pageLoss)}
`;
}

/** Python that computes the features from (x1, x2), to show and check where CASE's x come from. */
export function featuresPy(exp) {
  const items = exp.features.map((f) => FEATURE_FORMULAS[f].replace('sin(', 'math.sin('));
  return `def features(x1, x2):
    """The network's inputs for a point. (The page's sin is its own kernel, within 1 ulp of math.sin:
    CASE and TEST hold the page's values, bit for bit.)"""
    return [${items.join(', ')}]


def check_inputs():
    """CASE's and TEST's inputs are the features of POINTS, in the points' order."""
    rows = {0: iter(CASE["data"]["x"]), 1: iter(TEST["x"])}
    for x1, x2, _, test in POINTS:
        row = next(rows[test])
        assert all(abs(a - b) <= 1e-15 * max(1.0, abs(b)) for a, b in zip(features(x1, x2), row)), (x1, x2, row)
`;
}

