// Embedded pages tell their element how tall they are, so the iframe can fit them.
//
//   reportHeight()                  in the embedded page (figure.html, surface.html): posts
//                                   {type: 'rmsprop:height', height} to the parent on every change
//   followHeight(element, limits)   in an element: sizes its iframe from its own page's reports
//
// Only a height (a number) crosses; the element accepts it only from its own frame's window.
export const HEIGHT_MESSAGE = 'rmsprop:height';

export function reportHeight() {
  if (window.parent === window) return;
  let last = 0;
  new ResizeObserver(() => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      window.parent.postMessage({ type: HEIGHT_MESSAGE, height }, '*');
    }
  }).observe(document.documentElement);
}

/** Returns a function that stops following. */
export function followHeight(element, { min = 120, max = 4000 } = {}) {
  const onMessage = (event) => {
    const frame = element.querySelector('iframe');
    if (!frame || event.source !== frame.contentWindow) return;
    const { type, height } = event.data ?? {};
    if (type !== HEIGHT_MESSAGE || !Number.isFinite(height)) return;
    frame.style.height = `${Math.min(max, Math.max(min, Math.ceil(height)))}px`;
  };
  window.addEventListener('message', onMessage);
  return () => window.removeEventListener('message', onMessage);
}
