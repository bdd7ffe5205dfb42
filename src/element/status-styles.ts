// Close to the Finesse desktop's own gadgets: small sans-serif text, grey
// labels, flat badges. Sizes are in rem and rows wrap, so the status stays
// readable at 200 % zoom in a narrow column.
//
// A constructed sheet, adopted by the element's shadow root: no <style>
// element is written, so a strict style-src does not govern it.
const RULES = `
:host { display: block; font: .8125rem 'Helvetica Neue', Arial, sans-serif;
  color: #333 }
section { padding: .5rem .75rem; border-bottom: 1px solid #ddd }
dl, dd, p { margin: 0 }
.row { display: flex; flex-wrap: wrap; gap: 0 .75rem; padding: .125rem 0 }
dt { flex: 0 0 5.5rem }
dt, .muted { color: #666 }
dd { flex: 1 1 12rem; overflow-wrap: anywhere }
b { padding: 0 .375rem; border-radius: 3px; background: #e8e8e8;
  font-size: .75rem; white-space: nowrap }
.good { background: #dff0d8; color: #2b5d1c }
.warn { background: #fcf3d9; color: #6b4d00 }
.bad, .error { background: #f6dada; color: #8a1f1f }
.error { margin-bottom: .5rem; padding: .375rem .5rem;
  border-left: .25rem solid #c62828 }
iframe { display: block; width: 100%; height: 24rem; border: 0 }
`;

/** The status element's style sheet. */
export const statusStyles = new CSSStyleSheet();
statusStyles.replaceSync(RULES);
