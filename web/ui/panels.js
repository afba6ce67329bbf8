// The playground's setting panels: Data (problem, dataset thumbnails, sliders, regenerate, CSV
// upload, features), Network (layers, neurons, activations, loss, init, regularization),
// Optimizer (preset and hyperparameters) and the Output panel's view toggles. Every control goes
// through the app's change(key, value); nothing here talks to the worker except to ask for the
// thumbnails' points.
import { DATASETS, SCHEMA } from '../state/schema.js';
import { el } from './form.js';

const FEATURE_NAMES = { x1: 'x₁', x2: 'x₂', x1sq: 'x₁²', x2sq: 'x₂²', x1x2: 'x₁x₂', sinx1: 'sin x₁', sinx2: 'sin x₂' };

export class Panels {
  /**
   * @param {{form, state, change: (key, value) => void, notices, bridge, onUpload: (file) => Promise,
   *   $: (id) => HTMLElement}} ctx
   */
  constructor(ctx) {
    Object.assign(this, ctx);
  }

  build() {
    this.buildData();
    this.buildNetwork();
    this.buildOptimizer();
    this.buildOutput();
    this.renderNeuronButtons();
  }

  buildData() {
    const { form, $, change } = this;
    const data = $('data-controls');
    data.append(form.select('problem', 'Problem', { names: { classification: 'Classification', regression: 'Regression' } }));
    data.append(el('div', { class: 'thumbs', role: 'group', 'aria-label': 'Dataset' }));
    data.append(el('div', { class: 'fields' }, [
      form.range('noise', 'Noise'),
      form.range('trainRatio', 'Training share'),
      form.range('n', 'Points'),
      form.range('batch', 'Batch size (0 = all)'),
    ]));
    const regen = el('button', { type: 'button', class: 'small-button', text: 'Regenerate', title: 'New random data (the data seed is in the link)' });
    regen.addEventListener('click', () => change('dataSeed', (this.state.settings.dataSeed % 999999) + 1));
    // The input comes first so its focus can show on the label after it (style.css).
    const upload = el('input', { type: 'file', accept: '.csv,text/csv,text/plain', id: 'csv-input', class: 'visually-hidden' });
    const uploadLabel = el('label', { for: 'csv-input', class: 'small-button', text: 'Upload CSV…' });
    upload.addEventListener('change', () => this.onUpload(upload.files[0]).finally(() => { upload.value = ''; }));
    const seed = el('span', { class: 'hint', id: 'data-seed' });
    form.controls.set('dataSeed', { set: (v) => { seed.textContent = `data seed ${v}`; }, enable: () => {} });
    data.append(el('div', { class: 'row' }, [regen, upload, uploadLabel, seed]));
    data.append(el('p', { class: 'hint', id: 'data-count' }));
    data.append(el('p', { class: 'hint', text: 'Features the network sees:' }));
    data.append(this.buildFeatures());
  }

  buildFeatures() {
    const { form, notices, change } = this;
    const feats = el('div', { class: 'features', role: 'group', 'aria-label': 'Input features' });
    for (const f of SCHEMA.features.values) {
      const box = el('input', { type: 'checkbox', checked: this.state.settings.features.includes(f), 'aria-label': `feature ${FEATURE_NAMES[f]}` });
      box.addEventListener('change', () => {
        const next = SCHEMA.features.values.filter((g) => (g === f ? box.checked : this.state.settings.features.includes(g)));
        if (next.length === 0) {
          box.checked = true;
          notices.show('features: the network needs at least one input.', { key: 'input-features' });
          return;
        }
        change('features', next);
      });
      box.dataset.feature = f;
      feats.append(el('label', {}, [box, document.createTextNode(FEATURE_NAMES[f])]));
    }
    form.controls.set('features', {
      set: (list) => feats.querySelectorAll('input').forEach((b) => { b.checked = list.includes(b.dataset.feature); }),
      enable: () => {},
    });
    return feats;
  }

  buildNetwork() {
    const { form, notices, change, $ } = this;
    const net = $('network-controls');
    const addLayer = el('button', { type: 'button', class: 'small-button', text: '+ layer', 'aria-label': 'Add a hidden layer' });
    const removeLayer = el('button', { type: 'button', class: 'small-button', text: '− layer', 'aria-label': 'Remove a hidden layer' });
    addLayer.addEventListener('click', () => {
      const h = this.state.settings.hidden;
      if (h.length >= SCHEMA.hidden.maxLength) return notices.show(`At most ${SCHEMA.hidden.maxLength} hidden layers.`, { key: 'input-hidden' });
      change('hidden', [...h, h.at(-1) ?? 4]);
    });
    removeLayer.addEventListener('click', () => {
      const h = this.state.settings.hidden;
      if (h.length <= 1) return notices.show('At least one hidden layer.', { key: 'input-hidden' });
      change('hidden', h.slice(0, -1));
    });
    const reseed = el('button', { type: 'button', class: 'small-button', text: 'New weights', title: 'Start again from other random weights (the seed is in the link)' });
    reseed.addEventListener('click', () => change('seed', (this.state.settings.seed % 999999) + 1));
    net.append(el('div', { class: 'row' }, [addLayer, removeLayer, reseed, el('span', { class: 'hint', id: 'layer-info' })]));
    net.append(el('div', { class: 'row neuron-buttons', id: 'neuron-buttons' }));
    net.append(el('div', { class: 'fields' }, [
      form.select('activation', 'Activation'),
      form.select('output', 'Output'),
      form.select('loss', 'Loss', { names: { mse: 'squared error', bce: 'BCE (logits)' } }),
      form.select('init', 'Initialisation', { names: { xavier: 'Xavier/Glorot', he: 'He', uniform: 'uniform ±0.5' } }),
      form.select('reg', 'Regularization', { names: { none: 'none', l1: 'L1', l2: 'L2' } }),
      form.range('regRate', 'Regularization rate'),
    ]));
  }

  buildOptimizer() {
    const { form, $ } = this;
    const opt = $('optimizer-controls');
    opt.append(el('div', { class: 'fields' }, [
      form.select('preset', 'Preset', { names: { pytorch: 'PyTorch', keras: 'Keras / TF2', tf1: 'TF1', hinton2012: 'Hinton 2012', custom: 'custom' } }),
      form.range('lr', 'Learning rate (lr)'),
      form.range('alpha', 'Decay (alpha)'),
      form.range('eps', 'Epsilon (eps)'),
      form.range('momentum', 'Momentum'),
      form.range('weight_decay', 'Weight decay'),
      form.range('initial_accumulator', 'Initial accumulator'),
    ]));
    opt.append(el('div', { class: 'row' }, [
      form.check('centered', 'centered (Graves 2013)'),
      form.check('eps_in_sqrt', 'eps inside the square root (Keras, TF)'),
    ]));
    opt.append(el('p', { class: 'hint', text: 'The optimizer settings change live, without a reset. Everything else starts the network again.' }));
  }

  buildOutput() {
    const { form, $ } = this;
    $('output-controls').append(el('div', { class: 'row' }, [
      form.check('showTest', 'show test data'),
      form.check('discretize', 'discretize output'),
      // The same setting as the Loss chart's own "log scale" box (the app keeps them in step).
      form.check('logLoss', 'log-scale loss'),
    ]));
  }

  /** One "Lk: n − +" group per hidden layer; a group never wraps apart. */
  renderNeuronButtons() {
    const { $, notices, change } = this;
    const hidden = this.state.settings.hidden;
    $('neuron-buttons').replaceChildren(...hidden.map((count, i) => {
      const minus = el('button', { type: 'button', class: 'small-button', text: '−', 'aria-label': `Fewer neurons in layer ${i + 1}` });
      const plus = el('button', { type: 'button', class: 'small-button', text: '+', 'aria-label': `More neurons in layer ${i + 1}` });
      const resize = (d) => {
        const h = [...this.state.settings.hidden];
        const next = h[i] + d;
        if (next < SCHEMA.hidden.min || next > SCHEMA.hidden.max) {
          return notices.show(`Layer ${i + 1}: ${SCHEMA.hidden.min}–${SCHEMA.hidden.max} neurons.`, { key: 'input-hidden' });
        }
        h[i] = next;
        change('hidden', h);
      };
      minus.addEventListener('click', () => resize(-1));
      plus.addEventListener('click', () => resize(+1));
      return el('span', { class: 'neuron-group' }, [el('span', { class: 'hint', text: `L${i + 1}: ${count}` }), minus, plus]);
    }));
    $('layer-info').textContent = `${hidden.length} hidden layer${hidden.length > 1 ? 's' : ''}, seed ${this.state.settings.seed}`;
  }

  drawThumbnails() {
    const box = document.querySelector('.thumbs');
    box.replaceChildren();
    const problem = this.state.settings.problem;
    for (const name of DATASETS[problem]) {
      const canvas = el('canvas', { width: 96, height: 96 });
      const button = el('button', { type: 'button', class: 'thumb', 'aria-label': `Dataset ${name}`, 'aria-pressed': 'false' }, [canvas, el('span', { text: name })]);
      button.dataset.name = name;
      button.addEventListener('click', () => this.change('dataset', name));
      box.append(button);
    }
    this.bridge.thumbnails(DATASETS[problem], { n: 200, noise: 0, seed: 1 });
  }
}
