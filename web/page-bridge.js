// The playground's bridge to the training worker: EngineBridge (web/engine/bridge.js), except
// that a worker replaced after a crash or a hang comes back paused, at step 0, with the user's
// settings and points. The page then starts its charts, counters and scores over and says so
// ('restarted' event), and the learner presses Play when ready: a run that crashed the worker
// is not silently started again, and the Play button never disagrees with the worker.
import { EngineBridge } from './engine/bridge.js';

export class PageBridge extends EngineBridge {
  restart(reason, options) {
    this.running = false;  // EngineBridge.restart starts the new worker only if this was running
    super.restart(reason, options);
  }
}
