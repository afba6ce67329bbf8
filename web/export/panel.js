// The Export panel of the playground page: code (PyTorch, Keras) to the clipboard or as files,
// the metrics history (CSV, JSON), the trained weights (JSON) and each chart as PNG.
//
//   const panel = new ExportPanel(root, { bridge, recorder, charts, decision, source: () => location.href });
//
// recorder: a RunRecorder attached to the bridge (web/export/recorder.js). Every action reports
// in the panel's status line; nothing here parses HTML. The code behind the buttons (script
// writers, CSV, PNG) is loaded on the first click, so the page does not carry it.
const load = {
  download: () => import('./download.js'),
  experiment: () => import('./experiment.js'),
  keras: () => import('./keras.js'),
  metrics: () => import('./metrics.js'),
  png: () => import('./png.js'),
  pytorch: () => import('./pytorch.js'),
};

const CHART_NAMES = { loss: 'Loss', grad: 'Gradient RMS', step: 'Step size', ratio: 'Update ratio' };
// Accessible names. They avoid the words of the page's other controls (Play, Step, Reset, lr, ...):
// tests and assistive tools find controls by name, and a name matches any name containing it.
const CHART_LABELS = {
  loss: 'Download the loss chart as PNG',
  grad: 'Download the gradient RMS chart as PNG',
  step: 'Download the chart of effective learning rates per layer as PNG',
  ratio: 'Download the update/parameter ratio chart as PNG',
};

const kb = (text) => `${Math.max(1, Math.round(text.length / 1024)).toLocaleString('en')} KB`;

function button(text, { title = '', label = '' } = {}) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'small-button';
  b.textContent = text;
  if (title) b.title = title;
  if (label) b.setAttribute('aria-label', label);
  return b;
}

function group(label, buttons) {
  const box = document.createElement('div');
  box.className = 'export-group';
  box.setAttribute('role', 'group');
  box.setAttribute('aria-label', label);
  const name = document.createElement('span');
  name.className = 'export-label';
  name.textContent = label;
  box.append(name, ...buttons);
  return box;
}

export class ExportPanel {
  constructor(root, { bridge, recorder, charts = null, decision = null, source = () => '' }) {
    this.root = root;
    this.bridge = bridge;
    this.recorder = recorder;
    this.charts = charts;
    this.decision = decision;
    this.source = source;
    this.buttons = {};

    const add = (key, text, action, options) => {
      const b = button(text, options);
      b.addEventListener('click', () => this.run(action));
      this.buttons[key] = b;
      return b;
    };
    const code = group('Code', [
      add('copyPytorch', 'Copy as PyTorch', () => this.copyCode('pytorch'), { title: 'A Python script that recreates this run in PyTorch, float64, and reproduces its losses' }),
      add('copyKeras', 'Copy as Keras', () => this.copyCode('keras'), { title: 'The same run in tf.keras, with notes on where Keras\'s RMSprop differs' }),
      add('downloadPytorch', 'PyTorch .py', () => this.downloadCode('pytorch'), { label: 'Download the PyTorch script' }),
      add('downloadKeras', 'Keras .py', () => this.downloadCode('keras'), { label: 'Download the Keras script' }),
    ]);
    const metrics = group('Metrics', [
      add('csv', 'CSV', () => this.downloadMetrics('csv'), { label: 'Download the metrics history as CSV', title: 'Every recorded step: losses, accuracies, lr and each layer\'s diagnostics' }),
      add('json', 'JSON', () => this.downloadMetrics('json'), { label: 'Download the metrics history as JSON' }),
    ]);
    const weights = group('Weights', [
      add('weights', 'Trained weights JSON', () => this.downloadWeights(), { title: 'PyTorch\'s layout: [{W: [[...]], b: [...]}, ...], W[out][in]' }),
    ]);
    const chartButtons = Object.entries(CHART_NAMES).map(([id, name]) => add(`png-${id}`, name, () => this.downloadChart(id), { label: CHART_LABELS[id] }));
    if (decision) chartButtons.push(add('png-output', 'Output', () => this.downloadOutput(), { label: 'Download the output plot as PNG' }));
    const pngs = group('Charts (PNG)', chartButtons);

    this.status = document.createElement('p');
    this.status.className = 'hint export-status';
    this.status.setAttribute('role', 'status');
    this.status.setAttribute('aria-live', 'polite');
    this.fallback = document.createElement('div');
    this.fallback.className = 'export-fallback';
    this.fallback.hidden = true;
    const groups = document.createElement('div');
    groups.className = 'export-groups';
    groups.append(code, metrics, weights, pngs);
    const hint = document.createElement('p');
    hint.className = 'hint';
    hint.textContent = 'The PyTorch script recreates this run (the points, the weights at step 0, the '
      + 'hyperparameters and their live changes, the mini-batch order), prints every step\'s loss and checks it '
      + 'against the page\'s; the Keras one follows it as closely as Keras\'s RMSprop allows.';
    root.append(groups, hint, this.status, this.fallback);
  }

  say(text, { error = false } = {}) {
    this.status.textContent = text;
    this.status.classList.toggle('error', error);
  }

  async run(action) {
    try {
      await action();
    } catch (err) {
      this.say(`Export failed: ${err?.message ?? err}`, { error: true });
    }
  }

  experiment() {
    if (!this.recorder.ready) throw new Error('the network is still starting; try again in a moment');
    return this.recorder.experiment({ source: this.source() });
  }

  async script(kind) {
    const [exp, writer] = await Promise.all([this.experiment(), kind === 'pytorch' ? load.pytorch() : load.keras()]);
    const text = kind === 'pytorch' ? writer.pytorchScript(exp) : writer.kerasScript(exp);
    return { exp, text };
  }

  async copyCode(kind) {
    const [{ text }, { copyText }] = await Promise.all([this.script(kind), load.download()]);
    const name = kind === 'pytorch' ? 'PyTorch script' : 'Keras script';
    this.lastText = text;
    const ok = await copyText(text, { fallback: this.fallback, label: name });
    this.say(ok ? `Copied the ${name} (${kb(text)}) to the clipboard.` : `The ${name} (${kb(text)}) is in the box below.`);
  }

  async downloadCode(kind) {
    const [{ exp, text }, { downloadBlob, hideFallback }, { experimentName }] = await Promise.all([this.script(kind), load.download(), load.experiment()]);
    hideFallback(this.fallback);
    const file = downloadBlob(text, `${experimentName(exp)}${kind === 'keras' ? '-keras' : ''}.py`, 'text/x-python;charset=utf-8');
    this.say(`Saved ${file} (${kb(text)}).`);
  }

  async downloadMetrics(format) {
    const [{ downloadBlob }, { metricsCsv, metricsJson }] = await Promise.all([load.download(), load.metrics()]);
    const h = this.recorder.history();
    const steps = this.recorder.steps;
    const text = format === 'csv' ? metricsCsv(h) : metricsJson(h, { config: this.recorder.run?.config ?? null, steps });
    const file = downloadBlob(text, `rmsprop-metrics-step${steps}.${format}`, format === 'csv' ? 'text/csv;charset=utf-8' : 'application/json');
    this.say(`Saved ${file}: ${h.rows.toLocaleString('en')} recorded step${h.rows === 1 ? '' : 's'}${h.stride > 1 ? ` (every ${h.stride}th step of a long run)` : ''}.`);
  }

  /** The weights now: asks the worker, falls back to the last ones it sent. */
  freshWeights(timeoutMs = 3000) {
    return new Promise((resolve, reject) => {
      let timer = 0;
      const off = this.bridge.on('weights', (m) => {
        off();
        clearTimeout(timer);
        resolve({ weights: m.weights, steps: m.steps ?? this.recorder.steps });
      });
      timer = setTimeout(() => {
        off();
        if (this.recorder.weights) resolve(this.recorder.weights);
        else reject(new Error('the training worker did not answer'));
      }, timeoutMs);
      this.bridge.requestWeights();
    });
  }

  async downloadWeights() {
    const [{ weights, steps }, { downloadBlob }, { weightsJson }] = await Promise.all([this.freshWeights(), load.download(), load.metrics()]);
    const file = downloadBlob(weightsJson(weights), `rmsprop-weights-step${steps}.json`, 'application/json');
    this.say(`Saved ${file}: the weights after step ${steps}, ${weights.length} layers in PyTorch's layout (W[out][in], b).`);
  }

  async downloadChart(id) {
    const chart = this.charts?.charts?.find((c) => c.spec.id === id);
    if (!chart?.u) throw new Error(`the ${CHART_NAMES[id]} chart is not shown`);
    const [{ downloadBlob }, { canvasToPng, chartLegend, composeChart }] = await Promise.all([load.download(), load.png()]);
    const source = chart.u.ctx.canvas;
    const canvas = composeChart(source, { title: chart.spec.title, note: chart.spec.note ?? '', legend: chartLegend(chart), cssWidth: chart.u.width });
    const file = downloadBlob(await canvasToPng(canvas), `rmsprop-${id}-step${this.recorder.steps}.png`);
    this.say(`Saved ${file}.`);
  }

  async downloadOutput() {
    const [{ downloadBlob }, { canvasToPng, composeChart }] = await Promise.all([load.download(), load.png()]);
    const source = this.decision.canvas;
    const canvas = composeChart(source, { title: 'Output (decision boundary)', note: `the network's prediction after step ${this.recorder.steps}` });
    const file = downloadBlob(await canvasToPng(canvas), `rmsprop-output-step${this.recorder.steps}.png`);
    this.say(`Saved ${file}.`);
  }
}
