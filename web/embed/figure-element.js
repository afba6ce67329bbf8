// <rmsprop-figure>: one live figure of "Understanding RMSProp" in any page with one script tag.
//
//   <script type="module" src="https://example.org/rmsprop/web/embed/figure-element.js"></script>
//   <rmsprop-figure name="alpha" alpha="0.99" compare="0.9"></rmsprop-figure>
//
// name: the figure (coordinates, layers, alpha, eps, centered, presets, momentum, overfit); every
// other attribute except src, height, style, class, id and title is a key of the figure's link
// (web/figures/state.js): its controls, and hide=controls,readout,explain. The figure runs in an
// iframe (figure.html, embed mode) so the host's styles cannot leak in, and the frame takes the
// figure's height, which the figure reports as it changes (height= sets the first height).
import { followHeight } from './frame-height.js';

const PAGE = new URL('../../figure.html', import.meta.url);
const SKIP = new Set(['height', 'src', 'style', 'class', 'id', 'title', 'name', 'embed']);
const MIN_HEIGHT = 120;
const MAX_HEIGHT = 4000;

class RmspropFigure extends HTMLElement {
  static get observedAttributes() { return ['name', 'src', 'height']; }

  connectedCallback() {
    this.unfollow ??= followHeight(this, { min: MIN_HEIGHT, max: MAX_HEIGHT });
    this.render();
  }

  disconnectedCallback() {
    this.unfollow?.();
    this.unfollow = null;
  }

  attributeChangedCallback() { if (this.isConnected) this.render(); }

  /** The figure page's URL with this element's settings in the hash. */
  get url() {
    const params = new URLSearchParams();
    params.set('fig', this.getAttribute('name') ?? '');
    params.set('embed', '1');
    for (const { name, value } of this.attributes) if (!SKIP.has(name)) params.set(name, value);
    const page = this.getAttribute('src') ? new URL(this.getAttribute('src'), document.baseURI) : new URL(PAGE);
    page.hash = params.toString();
    return page.href;
  }

  render() {
    let frame = this.querySelector('iframe');
    if (!frame) {
      frame = document.createElement('iframe');
      frame.loading = 'lazy';
      frame.style.cssText = 'width:100%;border:0;display:block;';
      const height = Number.parseInt(this.getAttribute('height') ?? '560', 10);
      frame.style.height = `${Number.isFinite(height) && height >= MIN_HEIGHT ? Math.min(height, MAX_HEIGHT) : 560}px`;
      this.append(frame);
    }
    frame.title = this.getAttribute('title') || `Figure: ${this.getAttribute('name') ?? ''}`;
    if (frame.src !== this.url) frame.src = this.url;
    this.style.display = 'block';
  }
}

if (!customElements.get('rmsprop-figure')) customElements.define('rmsprop-figure', RmspropFigure);
