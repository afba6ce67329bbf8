// The notice area: messages for people (clamped URL values, resets, errors, divergence).
// Text goes through textContent only: notices often quote untrusted input.
import { el } from './form.js';

export class Notices {
  constructor(root) {
    this.root = root;
    this.byKey = new Map();
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
  }

  dismiss(key) {
    const entry = this.byKey.get(key);
    if (!entry) return;
    clearTimeout(entry.timer);
    entry.node.remove();
    this.byKey.delete(key);
  }

  texts() { return [...this.byKey.values()].map((e) => e.node.textContent); }
}
