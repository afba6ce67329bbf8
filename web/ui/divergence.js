// The divergence notice: the engine's diagnosis (trainer.divergence(): {step, quantity, layer,
// message}) with its numbers rounded for people, and told against the page's step counter.
//
// The counter shows the steps the engine completed (metrics.steps). The engine names the step
// whose computation went bad, which may be one that was not applied (undone, or never taken):
// then the notice must say so, or "stopped at step 2" sits beside a counter showing 1. Engines
// whose message already names the counter's step (e.g. "the weights are those after step 1")
// are left as they are.
//
//   divergenceText({ step: 2, message: 'Training stopped at step 2: the training loss grew from
//     6.088723872952453 to 161858978306781.2, …' }, 1)
//   -> 'Training stopped at step 2: the training loss grew from 6.089 to 1.619e14, … Step 2 was
//      not applied: the weights are those after step 1.'

const NUMBER = /(?<![\w.])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?(?![\w])/gi;

/** A number with more than 6 significant digits, rounded to 4: 6.089, 1.619e14, 2.5e-7. */
export function roundNumber(text) {
  const digits = text.replace(/^-/, '').replace(/e.*$/i, '').replace('.', '').replace(/^0+/, '');
  const v = Number(text);
  if (digits.length <= 6 || !Number.isFinite(v)) return text;
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) {
    const [m, e] = v.toExponential(3).split('e');
    return `${Number(m)}e${e.replace('+', '')}`;
  }
  return String(Number(v.toPrecision(4)));
}

/** Every long number in a sentence rounded (see roundNumber). */
export function roundNumbers(text) {
  return String(text).replace(NUMBER, roundNumber);
}

/** The notice for a stopped run. div: the engine's divergence(); steps: the completed steps. */
export function divergenceText(div, steps) {
  const bad = Number(div?.step);
  let text = roundNumbers(String(div?.message ?? '').trim()) || `Training stopped at step ${Number.isFinite(bad) ? bad : steps}.`;
  if (Number.isFinite(bad) && bad > steps && !new RegExp(`\\bstep ${steps}\\b`).test(text)) {
    text += ` Step ${bad} was not applied: the weights are those after step ${steps}.`;
  }
  return text;
}
