// The numbers the page shows about the run: the toolbar's counters (step, epoch, steps/s,
// ms/step) and the Output panel's scores (losses, accuracies). All go back to "–" / 0 when the
// run starts over (Reset, a new network, a restarted worker), so nothing stale stays on show.
//
// Steps/s is the training rate the learner sees, measured on the page (RateMeter); ms/step is
// the worker's compute time per step (1000 / its own rate), which shows what a step costs
// whatever the Speed setting.
import { el } from './form.js';
import { RateMeter } from './rate-meter.js';

const int = (v) => Math.round(v).toLocaleString('en');

/** A loss as the scores show it: 4 decimals, or 3 significant digits below 0.001 (not "0.0000"). */
export function formatLoss(v) {
  const a = Math.abs(v);
  return a !== 0 && a < 1e-3 ? v.toExponential(2) : v.toFixed(4);
}

export class Readouts {
  /** $: id -> element (count-step, count-epoch, count-rate, count-ms, scores). */
  constructor($) {
    this.step = $('count-step');
    this.epoch = $('count-epoch');
    this.rate = $('count-rate');
    this.ms = $('count-ms');
    this.scores = $('scores');
    this.meter = new RateMeter();
    this.rate.title = 'Training steps per second of wall time, as they happen on this page';
    this.ms.title = 'Compute time per step in the training worker';
  }

  /** A metrics message from the worker; now: its arrival time (performance.now()). */
  update(m, now) {
    this.step.textContent = m.steps.toLocaleString('en');
    this.epoch.textContent = m.epoch.toLocaleString('en');
    // While paused the last figures stay on show (those of the last stretch of training).
    if (!m.running) {
      this.meter.pause();
      return;
    }
    const rate = this.meter.add(now, m.steps);
    if (rate !== null) this.rate.textContent = int(rate);
    if (m.rate > 0) this.ms.textContent = (1000 / m.rate).toPrecision(2);
  }

  /** row: {train_loss, test_loss, train_acc, test_acc} at the latest step, or null. */
  showScores(row, problem) {
    const fmt = (v) => (row && Number.isFinite(v) ? formatLoss(v) : '–');
    const pct = (v) => (row && Number.isFinite(v) ? `${(100 * v).toFixed(1)} %` : '–');
    const rows = [['Training loss', fmt(row?.train_loss)], ['Test loss', fmt(row?.test_loss)]];
    if (problem === 'classification') rows.push(['Training accuracy', pct(row?.train_acc)], ['Test accuracy', pct(row?.test_acc)]);
    this.scores.replaceChildren(...rows.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })]));
  }

  /** A new run: counters at 0, no rate, no scores. */
  reset(problem) {
    this.meter.reset();
    this.step.textContent = '0';
    this.epoch.textContent = '0';
    this.rate.textContent = '–';
    this.ms.textContent = '–';
    this.showScores(null, problem);
  }
}
