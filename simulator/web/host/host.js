/*
 * The sample host application, built on the host SDK
 * (dist/host/finesse-host-bridge-client.js, served beside this file).
 * Two pages use it:
 *
 * - index.html, the page the gadget shows as `hostUrl` (topology `frame`);
 * - embed.html, a page that embeds the Finesse desktop in an iframe
 *   (topology `top`; the gadget then runs with `hostTarget=top`).
 *
 * It lists every event the SDK hands it and the link state, and reports
 * both to its own server (the terminal prints them; tests read them as
 * `sim.hostEvents`). A plain `message` listener beside the SDK reports
 * every Finesse message as it came over the wire (`sim.hostMessages`).
 *
 * Query parameters:
 *   finesseOrigin  a Finesse origin (repeatable); by default the
 *                  parent's (frame) or the desktop URL's (top)
 *   desktop        top only: the desktop page to embed
 *   source         the name to register under
 *   connect=manual connect only when sampleHost.connect() is called
 *   silenceMs, retryMs, reloadGraceMs  passed to the SDK
 *   foreignFrame   1 (or a URL): frame a foreign page that attacks
 *
 * `window.sampleHost` is a hook for tests: connect(), dropNext(subtopic)
 * (keep the next such message from the SDK, to make a gap), current(),
 * requestState(), link, events, links.
 */

const params = new URLSearchParams(location.search);
const topology =
  document.documentElement.dataset.topology === 'top' ? 'top' : 'frame';
const page = topology;
const source =
  params.get('source') ||
  (topology === 'top' ? 'sample-embedding-host' : 'sample-host');
const instance = Math.random().toString(36).slice(2, 10);
const $ = (id) => document.getElementById(id);

// ---- Where Finesse is --------------------------------------------------

function originOf(url) {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

const desktopUrl = topology === 'top' ? params.get('desktop') : null;
const given = params.getAll('finesseOrigin').map(originOf).filter(Boolean);
// In the gadget's frame the parent is the desktop's origin. Prefer
// location.ancestorOrigins (Chromium, Safari): after the page reloads
// itself (location.reload()), document.referrer names this page instead.
function parentOrigin() {
  const ancestors = location.ancestorOrigins;
  if (ancestors && ancestors.length) return originOf(ancestors[0]);
  return document.referrer ? originOf(document.referrer) : null;
}
const fallback =
  topology === 'top' ? originOf(desktopUrl ?? '') : parentOrigin();
const finesseOrigins = given.length ? given : fallback ? [fallback] : [];

$('finesse-origin').textContent = finesseOrigins.length
  ? finesseOrigins.join(', ')
  : topology === 'top'
    ? '(unknown: give ?desktop=<desktop URL>)'
    : '(unknown: open me inside the gadget)';

let desktopFrame;
if (topology === 'top' && desktopUrl) {
  desktopFrame = document.createElement('iframe');
  desktopFrame.id = 'desktop-frame';
  desktopFrame.title = 'Finesse desktop';
  desktopFrame.src = desktopUrl;
  $('desktop-slot').appendChild(desktopFrame);
}

// ---- Reporting to the server, in order ---------------------------------

let reports = Promise.resolve();

function report(path, body) {
  const text = JSON.stringify({ ...body, instance, source });
  // One after another, so that the server records them in order.
  reports = reports
    .then(() =>
      fetch(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: text,
      }),
    )
    .catch(() => {});
}

// ---- The wire, beside the SDK ------------------------------------------

let dropSubtopic = null;

function parse(data) {
  if (typeof data !== 'string') return { wire: 'object', message: data };
  try {
    return { wire: 'string', message: JSON.parse(data) };
  } catch {
    return null;
  }
}

// Added before the SDK's listener, so that it runs first and can keep a
// message from it (dropNext).
window.addEventListener('message', (event) => {
  if (!finesseOrigins.includes(event.origin)) return;
  const parsed = parse(event.data);
  if (!parsed || !parsed.message || parsed.message.channel !== 'Finesse') {
    return;
  }
  const entry = {
    receivedAt: new Date().toISOString(),
    origin: event.origin,
    wire: parsed.wire,
    message: parsed.message,
  };
  if (dropSubtopic && parsed.message.subtopic === dropSubtopic) {
    dropSubtopic = null;
    entry.dropped = true;
    event.stopImmediatePropagation();
  }
  report('/host-log', entry);
});

// ---- The page ----------------------------------------------------------

const events = [];
const links = [];

function showLink(link) {
  const element = $('link');
  element.textContent = link;
  element.className = 'link ' + link;
}

function describe(event) {
  const what =
    event.type === 'state'
      ? `state ${event.event}`
      : event.type === 'connection'
        ? `connection ${event.state}`
        : event.type === 'logout'
          ? `logout (${event.data.reason})`
          : event.type;
  return `${what} · replay=${event.meta.replay} · seq ${event.meta.seq}`;
}

function show(event, at) {
  const item = document.createElement('li');
  const time = document.createElement('time');
  time.textContent = at;
  const title = document.createElement('strong');
  title.textContent = ' ' + describe(event);
  const pre = document.createElement('pre');
  pre.textContent = JSON.stringify(event.data ?? {}, null, 2);
  item.append(time, title, pre);
  $('messages').prepend(item);
}

function onEvent(event) {
  const receivedAt = new Date().toISOString();
  events.push(event);
  show(event, receivedAt);
  report('/host-event', { receivedAt, kind: 'event', event });
}

function onLink(link) {
  links.push(link);
  showLink(link);
  report('/host-event', {
    receivedAt: new Date().toISOString(),
    kind: 'link',
    link,
  });
}

function number(name) {
  const value = Number(params.get(name));
  return params.has(name) && Number.isFinite(value) && value > 0
    ? value
    : undefined;
}

let bridge;
let sdk;

async function connect() {
  if (bridge) return;
  if (!finesseOrigins.length) {
    $('status').textContent = 'cannot connect: no Finesse origin';
    return;
  }
  bridge = sdk.connectToFinesse({
    finesseOrigins,
    source,
    topology,
    desktopFrame,
    silenceMs: number('silenceMs'),
    retryMs: number('retryMs'),
    reloadGraceMs: number('reloadGraceMs'),
    onEvent,
    onLink,
  });
  $('status').textContent = `connecting as ${source}`;
  onLink(bridge.link);
}

window.sampleHost = {
  topology,
  source,
  instance,
  events,
  links,
  get link() {
    return bridge ? bridge.link : 'not connected';
  },
  connect,
  dropNext(subtopic) {
    dropSubtopic = subtopic;
  },
  current: () => (bridge ? bridge.current() : undefined),
  requestState: () => bridge?.requestState(),
};

$('request-state').onclick = () => bridge?.requestState();
showLink('not connected');

try {
  sdk = await import('./finesse-host-bridge-client.js');
} catch (err) {
  $('status').textContent =
    'the host SDK did not load: run `npm run build` (the simulator serves ' +
    'dist/host/finesse-host-bridge-client.js)';
  $('status').className = 'error';
  throw err;
}

if (params.get('connect') !== 'manual') connect();
else $('status').textContent = 'waiting: sampleHost.connect()';

// For the origin-check tests: a frame of another origin inside this page.
const foreign = params.get('foreignFrame');
if (foreign && finesseOrigins.length) {
  const frame = document.createElement('iframe');
  let url;
  if (foreign === '1') {
    // The host server under another name.
    url = new URL('/foreign.html', location.href);
    url.hostname = '127.0.0.1';
  } else {
    url = new URL(foreign, location.href);
  }
  url.searchParams.set('finesseOrigin', finesseOrigins[0]);
  url.searchParams.set('hostOrigin', location.origin);
  frame.src = url.href;
  $('foreign-slot').appendChild(frame);
}
