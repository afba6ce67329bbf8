// tutorial.html: renders the formulas (KaTeX, from the page's own data-tex attributes; the text
// inside each element is a plain-text fallback) and defines the figure elements the article uses,
// the same ones any other page embeds.
import katex from '../vendor/katex/katex.mjs';
import '../embed/figure-element.js';
import '../embed/surface-element.js';

for (const node of document.querySelectorAll('.math[data-tex]')) {
  const fallback = node.textContent;
  try {
    // katex.render builds DOM nodes itself; the TeX is this page's own markup, never user input.
    katex.render(node.dataset.tex, node, { displayMode: node.classList.contains('display'), throwOnError: true, output: 'htmlAndMathml' });
    node.setAttribute('aria-label', fallback.trim());
  } catch (err) {
    node.textContent = fallback;  // keep the readable version
    console.error(`tutorial: formula not rendered (${err.message}): ${node.dataset.tex}`);
  }
}
document.documentElement.dataset.math = 'ready';
