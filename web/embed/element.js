// <rmsprop-playground>: the playground in any page with one script tag.
//
//   <script type="module" src="https://example.org/rmsprop/web/embed/element.js"></script>
//   <rmsprop-playground dataset="spiral" preset="keras" hidden="8,8" hide="data" autoplay height="640">
//   </rmsprop-playground>
//
// Every attribute except `height` and `src` is a setting of the share link (the keys of
// web/state/schema.js: dataset, lr, alpha, hidden, features, trainRatio, ..., and pts).
// Attribute names are case-insensitive (trainRatio and trainratio are the same), and a setting
// that is on/off may be written bare (`autoplay`, `centered`), as HTML boolean attributes are.
// Changing an attribute later changes the playground: the page reads its new link in place.
//
// The element shows the page in an iframe (embed mode), so the host page's styles and scripts
// cannot interfere with it and its worker. The page validates every value and shows a notice for
// anything out of range. Loading this script from another origin needs the host that serves
// dist/ to allow cross-origin module scripts (Access-Control-Allow-Origin; GitHub Pages and
// scripts/serve.mjs send it).
import { SCHEMA } from '../state/schema.js';

const PAGE = new URL('../../index.html', import.meta.url);
// Lower-case attribute name -> link key.
const KEYS = new Map([...Object.keys(SCHEMA), 'pts'].map((k) => [k.toLowerCase(), k]));
KEYS.set('hidden-layers', 'hidden');  // `hidden` is also HTML's own attribute; both work
const BOOLS = new Set(Object.keys(SCHEMA).filter((k) => SCHEMA[k].kind === 'bool'));

class RmspropPlayground extends HTMLElement {
  static get observedAttributes() { return ['src', 'height', ...KEYS.keys()]; }

  connectedCallback() { this.render(); }

  // Several attributes set in one go are rendered once.
  attributeChangedCallback() {
    if (!this.isConnected || this.pending) return;
    this.pending = true;
    queueMicrotask(() => {
      this.pending = false;
      if (this.isConnected) this.render();
    });
  }

  /** The page URL with this element's settings in the hash. */
  get url() {
    const params = new URLSearchParams();
    params.set('embed', '1');
    for (const { name, value } of this.attributes) {
      const key = KEYS.get(name.toLowerCase());
      if (!key) continue;
      params.set(key, value === '' && BOOLS.has(key) ? '1' : value);
    }
    const page = this.getAttribute('src') ? new URL(this.getAttribute('src'), document.baseURI) : PAGE;
    page.hash = params.toString();
    return page.href;
  }

  render() {
    const height = Number.parseInt(this.getAttribute('height') ?? '720', 10);
    let frame = this.querySelector('iframe');
    if (!frame) {
      frame = document.createElement('iframe');
      frame.title = 'RMSProp playground';
      frame.loading = 'lazy';
      frame.style.cssText = 'width:100%;border:0;display:block;';
      this.append(frame);
    }
    frame.style.height = `${Number.isFinite(height) && height > 100 ? height : 720}px`;
    // Only the hash changes after the first load: the page reads it in place (hashchange).
    const url = this.url;
    if (frame.getAttribute('src') !== url) frame.src = url;
    this.style.display = 'block';
  }
}

if (!customElements.get('rmsprop-playground')) customElements.define('rmsprop-playground', RmspropPlayground);
