// <rmsprop-playground>: the playground in any page with one script tag.
//
//   <script type="module" src="https://example.org/rmsprop/web/embed/element.js"></script>
//   <rmsprop-playground dataset="spiral" preset="keras" hidden="8,8" hide="data" height="640">
//   </rmsprop-playground>
//
// Every attribute except `height` and `src` is a setting of the share link (see
// web/state/schema.js: dataset, lr, alpha, hidden, features, ...). The element shows the page
// in an iframe (embed mode), so the host page's styles and scripts cannot interfere with it
// and its worker. The page validates every value and shows a notice for anything out of range.
const PAGE = new URL('../../index.html', import.meta.url);

class RmspropPlayground extends HTMLElement {
  static get observedAttributes() { return ['src', 'height']; }

  connectedCallback() { this.render(); }
  attributeChangedCallback() { if (this.isConnected) this.render(); }

  /** The page URL with this element's settings in the hash. */
  get url() {
    const params = new URLSearchParams();
    params.set('embed', '1');
    for (const { name, value } of this.attributes) {
      if (name === 'height' || name === 'src' || name === 'style' || name === 'class' || name === 'id') continue;
      params.set(name === 'hidden-layers' ? 'hidden' : name, value);
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
    if (frame.src !== this.url) frame.src = this.url;
    this.style.display = 'block';
  }
}

if (!customElements.get('rmsprop-playground')) customElements.define('rmsprop-playground', RmspropPlayground);
