// Steps per second as the learner sees them: steps counted over wall time on the page. The
// worker's own figure (metrics.rate) is its compute speed while it works, which ignores the
// Speed setting ("1 step / frame" trains ~60 steps/s on a worker that could do thousands) and the
// time between slices; that one is shown as ms per step instead.
//
//   const meter = new RateMeter();
//   meter.add(performance.now(), m.steps);   // while running; returns steps/s or null
//   meter.pause();                           // keeps the last value, forgets the samples
//   meter.reset();                           // no value
export class RateMeter {
  /** windowMs: the span the rate is measured over; minSpanMs: no value before this much time. */
  constructor({ windowMs = 1000, minSpanMs = 250 } = {}) {
    this.windowMs = windowMs;
    this.minSpanMs = minSpanMs;
    this.samples = [];
    this.value = null;
  }

  add(t, steps) {
    const last = this.samples.at(-1);
    if (last && (steps < last.steps || t < last.t)) this.samples = [];  // a new run
    this.samples.push({ t, steps });
    // Keep one sample at least windowMs old, so the span covers the whole window.
    while (this.samples.length > 2 && t - this.samples[1].t >= this.windowMs) this.samples.shift();
    const first = this.samples[0];
    if (t - first.t >= this.minSpanMs) this.value = ((steps - first.steps) * 1000) / (t - first.t);
    return this.value;
  }

  /** Training paused: the last value stays on show; the next run measures afresh. */
  pause() { this.samples = []; }

  reset() {
    this.samples = [];
    this.value = null;
  }
}
