// <rmsprop-surface>: a loss-surface figure in any page with one script tag.
//
//   <script type="module" src="https://example.org/rmsprop/web/embed/surface-element.js"></script>
//   <rmsprop-surface function="quadratic" b="100" optimizers="rmsprop,sgd" lr="0.01"
//                    hide="runs,readout" autoplay="1" height="640"></rmsprop-surface>
//
// Every attribute except `height` and `src` (and style, class, id, title) is a key of the
// surface page's link (web/surface/state.js): function, a, b, start ("x,y"), optimizers, any
// hyperparameter under PyTorch's name for every run that has it (lr, momentum, alpha, ...) or
// for one run (r1.lr, r2.momentum, r1.label ...), preset, speed, arrows, autoplay, hide. The
// element shows surface.html in an iframe in embed mode (embed=1: no title, no footer), so the
// host page's styles cannot leak in; the page checks every value and shows a notice for
// anything it cannot use.
import { followHeight } from './frame-height.js';

const PAGE = new URL('../../surface.html', import.meta.url);
const SKIP = new Set(['height', 'src', 'style', 'class', 'id', 'title', 'embed']);

class RmspropSurface extends HTMLElement {
  static get observedAttributes() {
    return ['src', 'height', 'function', 'a', 'b', 'start', 'optimizers', 'lr', 'speed', 'autoplay', 'hide', 'arrows', 'preset'];
  }

  connectedCallback() {
    // The page reports its height (web/embed/frame-height.js); height= is the first guess.
    this.unfollow ??= followHeight(this, { min: 200, max: 4000 });
    this.render();
  }

  disconnectedCallback() {
    this.unfollow?.();
    this.unfollow = null;
  }

  attributeChangedCallback() { if (this.isConnected) this.render(); }

  /** The page URL with this element's settings in the hash. */
  get url() {
    const params = new URLSearchParams();
    params.set('embed', '1');
    for (const { name, value } of this.attributes) {
      if (!SKIP.has(name)) params.set(name, value);
    }
    const page = this.getAttribute('src') ? new URL(this.getAttribute('src'), document.baseURI) : new URL(PAGE);
    page.hash = params.toString();
    return page.href;
  }

  render() {
    const height = Number.parseInt(this.getAttribute('height') ?? '680', 10);
    let frame = this.querySelector('iframe');
    if (!frame) {
      frame = document.createElement('iframe');
      frame.loading = 'lazy';
      frame.style.cssText = 'width:100%;border:0;display:block;';
      this.append(frame);
    }
    frame.title = this.getAttribute('title') || 'Loss surface: optimizers compared';
    if (!frame.style.height) frame.style.height = `${Number.isFinite(height) && height > 100 ? height : 680}px`;
    if (frame.src !== this.url) frame.src = this.url;
    this.style.display = 'block';
  }
}

if (!customElements.get('rmsprop-surface')) customElements.define('rmsprop-surface', RmspropSurface);
