// The page's side of the figures' worker: run(job) -> Promise of the result. Only the newest
// request of a client matters: an older one still in flight resolves to null when it is answered
// after a newer one was made. A worker that dies is replaced on the next run.
export class FigureClient {
  constructor(url = new URL('./worker.js', import.meta.url)) {
    this.url = url;
    this.worker = null;
    this.pending = new Map();
    this.serial = 0;
  }

  _start() {
    this.worker = new Worker(this.url, { type: 'module' });
    this.worker.onmessage = ({ data }) => {
      const p = this.pending.get(data.id);
      if (!p) return;
      this.pending.delete(data.id);
      if (data.error) p.reject(new Error(data.error));
      else p.resolve(data.id === this.serial ? data.result : null);
    };
    this.worker.onerror = (event) => {
      event.preventDefault?.();
      const message = `the figure's worker stopped: ${event.message || 'it could not start'}`;
      for (const p of this.pending.values()) p.reject(new Error(message));
      this.pending.clear();
      this.worker.terminate();
      this.worker = null;
    };
  }

  /** Computes a job (web/figures/jobs.js) off the main thread. */
  run(job) {
    if (!this.worker) this._start();
    const id = ++this.serial;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, job });
    });
  }

  terminate() {
    this.worker?.terminate();
    this.worker = null;
  }
}
