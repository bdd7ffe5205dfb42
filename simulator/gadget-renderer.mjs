/**
 * What Shindig's /gadgets/ifr does for the simulator: reads an OpenSocial
 * gadget spec, fills in the UserPrefs and serves the content as the
 * gadget's iframe document.
 */

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text) {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name) => {
    if (name[0] !== '#') return ENTITIES[name] ?? whole;
    const hex = name[1] === 'x' || name[1] === 'X';
    return String.fromCodePoint(
      parseInt(name.slice(hex ? 2 : 1), hex ? 16 : 10),
    );
  });
}

function escapeHtml(text) {
  return String(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function parseAttributes(text) {
  const attributes = {};
  const pattern = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  for (const match of text.matchAll(pattern)) {
    attributes[match[1]] = decodeEntities(match[2] ?? match[3]);
  }
  return attributes;
}

/**
 * @typedef {object} GadgetSpec
 * @property {string} title ModulePrefs title
 * @property {{name: string, defaultValue: string, datatype: string}[]}
 *   userPrefs
 * @property {string} content the html of the default view
 * @property {{manualDismiss: boolean, timeoutSeconds: number} | null}
 *   loadingIndicator present when the spec requires the feature
 */

/**
 * Parses a gadget spec. A small regular-expression parse is enough for
 * the shapes gadget specs take; CDATA sections are set aside first so that
 * nothing inside the content is mistaken for spec markup.
 * @param {string} xml
 * @returns {GadgetSpec}
 */
export function parseGadgetSpec(xml) {
  const cdata = [];
  const text = xml
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_, body) => {
      cdata.push(body);
      return `\u0000${cdata.length - 1}\u0000`;
    })
    .replace(/<!--[\s\S]*?-->/g, '');
  const restore = (body) =>
    body.includes('\u0000')
      ? body.replace(/\u0000(\d+)\u0000/g, (_, i) => cdata[Number(i)]).trim()
      : decodeEntities(body).trim();

  if (!/<Module\b/.test(text))
    throw new Error('not a gadget spec: no <Module>');
  const modulePrefs = /<ModulePrefs\b([^>]*?)\/?>/.exec(text);
  const title = modulePrefs
    ? (parseAttributes(modulePrefs[1]).title ?? '')
    : '';

  const userPrefs = [...text.matchAll(/<UserPref\b([^>]*?)\/?>/g)]
    .map((m) => parseAttributes(m[1]))
    .map((a) => ({
      name: a.name ?? '',
      defaultValue: a.default_value ?? '',
      datatype: a.datatype ?? 'string',
    }))
    .filter((pref) => pref.name);

  const views = [
    ...text.matchAll(/<Content\b([^>]*?)>([\s\S]*?)<\/Content>/g),
  ].map((m) => ({ attributes: parseAttributes(m[1]), body: m[2] }));
  const view = views.find(
    (v) =>
      !v.attributes.view ||
      v.attributes.view
        .split(',')
        .map((s) => s.trim())
        .includes('default'),
  );
  if (!view) throw new Error('the spec has no <Content> for the default view');
  if (view.attributes.type && view.attributes.type !== 'html') {
    throw new Error(`Content type "${view.attributes.type}" is not supported`);
  }

  let loadingIndicator = null;
  const indicator = new RegExp(
    '<Require\\s+feature="loadingindicator"\\s*' +
      '(?:/>|>([\\s\\S]*?)</Require>)',
  ).exec(text);
  if (indicator) {
    const params = Object.fromEntries(
      [
        ...(indicator[1] ?? '').matchAll(
          /<Param\b([^>]*)>([\s\S]*?)<\/Param>/g,
        ),
      ].map((m) => [parseAttributes(m[1]).name, decodeEntities(m[2]).trim()]),
    );
    loadingIndicator = {
      manualDismiss: params['manual-dismiss'] === 'true',
      timeoutSeconds: Number(params['loading-timeout'] ?? 30) || 30,
    };
  }

  return { title, userPrefs, content: restore(view.body), loadingIndicator };
}

/**
 * Renders the gadget iframe document: `__UP_<name>__` substituted with
 * HTML-escaped pref values, then a `<base>` of the spec's directory (so
 * the spec's relative URLs resolve against the spec URL, as in Finesse)
 * and the container's gadgets.js injected ahead of everything else.
 * @param {GadgetSpec} spec
 * @param {object} options
 * @param {Record<string, string>} options.prefs values from the `up_`
 *   params of the ifr URL; the spec's defaults fill the rest
 * @param {string} options.baseHref absolute URL of the spec's directory
 * @param {string} options.gadgetsScript URL of the gadgets.js to inject
 * @param {object} [options.frame] extra settings handed to gadgets.js
 * @returns {string}
 */
export function renderGadgetPage(
  spec,
  { prefs, baseHref, gadgetsScript, frame = {} },
) {
  const values = Object.fromEntries(
    spec.userPrefs.map((p) => [p.name, p.defaultValue]),
  );
  Object.assign(values, prefs);

  const content = spec.content.replace(/__UP_([\w.-]+?)__/g, (whole, name) =>
    Object.hasOwn(values, name) ? escapeHtml(values[name]) : whole,
  );

  const settings = {
    title: spec.title,
    defaults: Object.fromEntries(
      spec.userPrefs.map((p) => [p.name, p.defaultValue]),
    ),
    loadingIndicator: spec.loadingIndicator,
    ...frame,
  };
  const injected =
    `<base href="${escapeHtml(baseHref)}">` +
    `<script src="${escapeHtml(gadgetsScript)}" ` +
    `data-gadget="${escapeHtml(JSON.stringify(settings))}"></script>`;

  const head = /<head\b[^>]*>/i.exec(content);
  if (head) {
    const at = head.index + head[0].length;
    return content.slice(0, at) + injected + content.slice(at);
  }
  // No <head>: keep any doctype first so the page stays in standards mode.
  const doctype = /^\s*<!doctype[^>]*>/i.exec(content);
  const at = doctype ? doctype[0].length : 0;
  return content.slice(0, at) + injected + content.slice(at);
}
