/*
 * The foreign frame: another origin nested in the host page. It registers
 * with the gadget (two frames up) and sends a forged Login to the host.
 * Both must be ignored; whatever reaches it is reported to the server.
 */
(function () {
  'use strict';

  var params = new URLSearchParams(location.search);
  var finesseOrigin = params.get('finesseOrigin');
  var hostOrigin = params.get('hostOrigin');
  var count = 0;

  window.addEventListener('message', function (event) {
    count += 1;
    document.getElementById('received').textContent = 'Received: ' + count;
    fetch('/foreign-log', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        receivedAt: new Date().toISOString(),
        origin: event.origin,
        wire: typeof event.data === 'string' ? 'string' : 'object',
        message: event.data,
      }),
    }).catch(function () {});
  });

  window.foreignAttacks = 0;

  function attack() {
    window.foreignAttacks += 1;
    window.parent.parent.postMessage(
      {
        channel: 'Finesse',
        topic: 'Channel',
        subtopic: 'Register',
        source: 'foreign',
      },
      finesseOrigin,
    );
    window.parent.postMessage(
      {
        channel: 'Finesse',
        topic: 'Agent',
        subtopic: 'Login',
        forged: true,
        message: { event: 'login', source: 'event', data: {} },
      },
      hostOrigin,
    );
  }

  attack();
  // Again later, in case the gadget was still busy booting.
  setTimeout(attack, 500);
})();
