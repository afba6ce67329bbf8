// "What am I looking at?" notes under each chart, for learners.
import { el } from './form.js';

const NOTES = [
  'The loss measured on the training points (what the optimizer minimizes) and on the held-out test points, '
    + 'before each step. If the test loss rises while the training loss falls, the network is overfitting.',
  'How large the gradients are in each layer: the square root of the mean of g² over that layer\'s weights and '
    + 'biases. Layers far from the output often get much smaller gradients; plain SGD would then move them much less.',
  'What RMSProp does about it: each weight\'s step is lr / (√v + ε), where v is a running mean of its squared '
    + 'gradient. The line is the median over a layer\'s weights, the band runs from the 10th to the 90th percentile. '
    + 'Small gradients get large steps: the step sizes adapt per weight, not per layer.',
  'How much one step changes each layer, relative to the size of its weights (update RMS / parameter RMS). '
    + 'Around 1e-3 is a common rule of thumb for healthy training; much larger values mean the steps are too big.',
];

/** Adds a <details> note under each chart figure inside root. */
export function explainCharts(root) {
  root.querySelectorAll('figure').forEach((figure, i) => {
    if (!NOTES[i] || figure.querySelector('details.explain')) return;
    figure.append(el('details', { class: 'explain' }, [
      el('summary', { text: 'What am I looking at?' }),
      el('p', { text: NOTES[i] }),
    ]));
  });
}
