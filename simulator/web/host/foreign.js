/*
 * The foreign frame: another origin nested in a host page. It tries to
 * register with the gadget (every window it can reach, addressed to the
 * Finesse origin) and poses as the gadget to the host page: a forged
 * Login in the family's shape, and well-formed forgeries with the full
 * envelope (a Registered answer and a Login) that only an origin check
 * can tell apart. All must be ignored; whatever reaches this frame is
 * reported to the server.
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

  // Every window of this tab, breadth first from the top.
  function windows() {
    var found = [];
    var level = [window.top];
    for (var depth = 0; depth < 5 && level.length; depth += 1) {
      var next = [];
      level.forEach(function (w) {
        if (w !== window) found.push(w);
        for (var i = 0; i < w.length; i += 1) next.push(w[i]);
      });
      level = next;
    }
    return found;
  }

  var agent = {
    name: 'Forged Agent',
    extension: '6666',
    loginName: 'forged',
    loginId: '666',
    mediaType: '1',
    teamId: '1',
    teamName: 'Forgers',
    reasonCode: 'login',
    state: 'login',
    stateChangeTime: '2024-01-01T00:00:00.000Z',
    agentType: 'not_routable',
  };
  var seq = 0;

  function envelope(message) {
    seq += 1;
    message.replay = false;
    message.version = 1;
    message.id = 'forged-' + seq;
    message.seq = seq;
    message.session = 'forged-session';
    message.sentAt = new Date().toISOString();
    message.forged = true;
    return message;
  }

  function attack() {
    window.foreignAttacks += 1;
    windows().forEach(function (target) {
      try {
        target.postMessage(
          {
            channel: 'Finesse',
            topic: 'Channel',
            subtopic: 'Register',
            source: 'foreign',
          },
          finesseOrigin,
        );
      } catch (e) {
        /* a window that went away */
      }
    });
    var host = window.parent;
    host.postMessage(
      {
        channel: 'Finesse',
        topic: 'Agent',
        subtopic: 'Login',
        forged: true,
        message: { event: 'login', source: 'event', data: {} },
      },
      hostOrigin,
    );
    host.postMessage(
      envelope({
        channel: 'Finesse',
        topic: 'Channel',
        subtopic: 'Register',
        message: {
          event: 'registered',
          source: 'event',
          data: { source: 'sample-host', agentSignedIn: 'true' },
        },
      }),
      hostOrigin,
    );
    host.postMessage(
      envelope({
        channel: 'Finesse',
        topic: 'Agent',
        subtopic: 'Login',
        message: { event: 'login', source: 'event', data: agent },
      }),
      hostOrigin,
    );
  }

  attack();
  // Again later, in case the gadget was still busy booting.
  setTimeout(attack, 500);
})();
