/*
 * A sample host application: what the gadget frames as hostUrl. It
 * registers in the Finesse channel and lists every message it receives,
 * reporting each one to its own server so the terminal (and the tests)
 * see it.
 */
(function () {
  'use strict';

  var params = new URLSearchParams(location.search);
  var source = params.get('source') || 'sample-host';

  // The Finesse origin comes from the page that framed us, or is given.
  function finesseOrigin() {
    var given = params.get('finesseOrigin');
    if (given) return new URL(given).origin;
    return document.referrer ? new URL(document.referrer).origin : null;
  }

  var origin = finesseOrigin();
  var list = document.getElementById('messages');
  document.getElementById('finesse-origin').textContent =
    origin || '(unknown: open me inside the gadget)';

  function register() {
    if (!origin || window.parent === window) {
      document.getElementById('status').textContent =
        'cannot register: no Finesse window or origin';
      return;
    }
    window.parent.postMessage(
      {
        channel: 'Finesse',
        topic: 'Channel',
        subtopic: 'Register',
        source: source,
      },
      origin,
    );
    document.getElementById('status').textContent = 'registered as ' + source;
  }

  function parse(data) {
    if (typeof data !== 'string') return { wire: 'object', message: data };
    try {
      return { wire: 'string', message: JSON.parse(data) };
    } catch (e) {
      return null;
    }
  }

  function show(entry) {
    var item = document.createElement('li');
    var time = document.createElement('time');
    time.textContent = entry.receivedAt;
    var pre = document.createElement('pre');
    pre.textContent = JSON.stringify(entry.message, null, 2);
    item.appendChild(time);
    item.appendChild(pre);
    list.insertBefore(item, list.firstChild);
  }

  window.addEventListener('message', function (event) {
    if (!origin || event.origin !== origin) return;
    var parsed = parse(event.data);
    if (!parsed || !parsed.message || parsed.message.channel !== 'Finesse') {
      return;
    }
    var entry = {
      receivedAt: new Date().toISOString(),
      origin: event.origin,
      wire: parsed.wire,
      message: parsed.message,
    };
    show(entry);
    fetch('/host-log', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(entry),
    }).catch(function () {});
  });

  document.getElementById('register').onclick = register;
  register();

  // For the origin-check test: a frame of another origin inside this page.
  if (params.get('foreignFrame') && origin) {
    var frame = document.createElement('iframe');
    var foreign = new URL('/foreign.html', location.href);
    foreign.hostname = '127.0.0.1';
    foreign.searchParams.set('finesseOrigin', origin);
    foreign.searchParams.set('hostOrigin', location.origin);
    frame.src = foreign.href;
    document.getElementById('foreign-slot').appendChild(frame);
  }
})();
