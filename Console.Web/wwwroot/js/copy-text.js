// Copies a value shown on the page (the RCS public key, the API key) to the clipboard. The clipboard
// needs a secure context (https or localhost): elsewhere the element's text is selected instead, for
// Ctrl+C. Reads the text from the element (by id), never builds markup.
export async function copy(id) {
  const el = document.getElementById(id);
  if (!el) return 'missing';
  const text = el.textContent.trim();
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return 'copied';
    }
  } catch { /* fall through to selecting it */ }
  const range = document.createRange();
  range.selectNodeContents(el);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  return 'selected';
}
