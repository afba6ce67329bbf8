// The tutorial's figures, by id. Each is a plain object (see defs/*.js):
//
//   id, title, lead          names and one sentence on what to look at
//   params                   { key: { label, values: [...], names?: {value: text}, default } }:
//                            the figure's controls, also its link keys (web/figures/state.js)
//   charts                   [{ id, title, yLabel, log, height? }]
//   job(params)              what the worker computes (web/figures/jobs.js)
//   draw(params, result, job) -> { x, charts: { id: [{label, color, values, dash?, width?}] },
//                               readout: [sentence, ...] }  (numbers read off the result)
//   explain                  the "What am I looking at?" text
import alpha from './defs/alpha.js';
import centered from './defs/centered.js';
import coordinates from './defs/coordinates.js';
import eps from './defs/eps.js';
import layers from './defs/layers.js';
import momentum from './defs/momentum.js';
import overfit from './defs/overfit.js';
import presets from './defs/presets.js';

export const FIGURES = Object.freeze(Object.fromEntries(
  [coordinates, layers, alpha, eps, centered, presets, momentum, overfit].map((f) => [f.id, f]),
));
export const FIGURE_IDS = Object.keys(FIGURES);
