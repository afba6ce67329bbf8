// Getting exports out of the page: a file download (a Blob and an <a download> click) and a
// copy to the clipboard, with a read-only text box to copy from by hand when the clipboard is
// not available (insecure origin, permission refused, an old browser). Text only ever goes
// through textContent / value: nothing is parsed as HTML.

/** A file name from parts: letters, digits, '.', '-' and '_' only. */
export function safeFileName(name) {
  return String(name).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 120) || 'export';
}

/** Saves a Blob (or text) as a file through a temporary <a download>. */
export function downloadBlob(data, fileName, type = 'text/plain;charset=utf-8') {
  const blob = data instanceof Blob ? data : new Blob([data], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = safeFileName(fileName);
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later: some browsers start reading the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return a.download;
}

/**
 * Copies text to the clipboard. If that fails, shows it in `fallback` (a container) as a
 * read-only, pre-selected text box with a caption, so it can be copied by hand.
 * @returns {Promise<boolean>} whether the clipboard write succeeded
 */
export async function copyText(text, { fallback = null, label = 'text' } = {}) {
  try {
    if (!navigator.clipboard?.writeText) throw new Error('no clipboard');
    await navigator.clipboard.writeText(text);
    if (fallback) hideFallback(fallback);
    return true;
  } catch {
    if (fallback) showFallback(fallback, text, label);
    return false;
  }
}

export function hideFallback(box) {
  box.hidden = true;
  box.replaceChildren();
}

/** The hand-copy box: a caption, a read-only textarea (selected) and a close button. */
export function showFallback(box, text, label) {
  const caption = document.createElement('p');
  caption.className = 'export-fallback-caption';
  caption.textContent = `The clipboard is not available here: the ${label} is below, selected. Copy it with Ctrl+C (⌘C).`;
  const area = document.createElement('textarea');
  area.readOnly = true;
  area.className = 'export-fallback-text';
  area.value = text;
  area.setAttribute('aria-label', label);
  area.rows = 12;
  area.spellcheck = false;
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'small-button';
  close.textContent = 'Close';
  close.addEventListener('click', () => hideFallback(box));
  box.replaceChildren(caption, area, close);
  box.hidden = false;
  area.focus();
  area.select();
  area.scrollTop = 0;
}
