// The notice area: messages for people (clamped URL values, resets, errors, divergence).
// Text goes through textContent only: notices often quote untrusted input. With two or more
// notices on show, a "Dismiss all" button closes them at once.
import { el } from './form.js';

export class Notices {
  constructor(root) {
    this.root = root;
    this.byKey = new Map();
    this.clearAll = el('button', { type: 'button', class: 'notices-dismiss-all', text: 'Dismiss all' });
    this.clearAll.addEventListener('click', () => this.dismissAll());
  }

  /**
   * Shows a message; one per key (a newer one replaces it). kind: 'warn' | 'error' | 'info'.
   * timeoutMs: remove it after that long (0 = stays until closed).
   */
  show(text, { kind = 'warn', key = text, timeoutMs = 0 } = {}) {
    this.dismiss(key);
    const close = el('button', { type: 'button', 'aria-label': 'Dismiss', text: '×' });
    const node = el('div', { class: `notice ${kind}` }, [el('p', { text }), close]);
    node.dataset.key = key;
    close.addEventListener('click', () => this.dismiss(key));
    this.root.append(node);
    const entry = { node, timer: timeoutMs ? setTimeout(() => this.dismiss(key), timeoutMs) : null };
    this.byKey.set(key, entry);
    this._syncClearAll();
  }

  dismiss(key) {
    const entry = this.byKey.get(key);
    if (!entry) return;
    clearTimeout(entry.timer);
    entry.node.remove();
    this.byKey.delete(key);
    this._syncClearAll();
  }

  dismissAll() {
    for (const key of [...this.byKey.keys()]) this.dismiss(key);
  }

  texts() { return [...this.byKey.values()].map((e) => e.node.textContent); }

  _syncClearAll() {
    if (this.byKey.size >= 2) {
      if (this.root.firstChild !== this.clearAll) this.root.prepend(this.clearAll);
    } else {
      this.clearAll.remove();
    }
  }
}
