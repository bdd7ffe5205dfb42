/*
 * The simulated Finesse desktop page. Like the real desktop it owns the
 * connection to the server (here Server-Sent Events instead of BOSH) and
 * republishes what arrives on the OpenAjax-style hub that gadget frames
 * reach through window.parent; it also renders the layout's gadget the way
 * Shindig does (an iframe on /gadgets/ifr).
 *
 * window.finesseSimulator is what the gadgets.js and finesse.js fakes use,
 * and what end-to-end tests read (clientLog, notes, stats).
 */
(function () {
  'use strict';

  var $ = function (id) {
    return document.getElementById(id);
  };

  // ---- Hub ----------------------------------------------------------------

  var subscriptions = new Map();
  var nextSubscription = 1;

  // OpenAjax topics: "*" matches one token, a final "**" the rest.
  function topicMatches(pattern, topic) {
    var p = pattern.split('.');
    var t = topic.split('.');
    for (var i = 0; i < p.length; i += 1) {
      if (p[i] === '**') return i < t.length;
      if (i >= t.length || (p[i] !== '*' && p[i] !== t[i])) return false;
    }
    return p.length === t.length;
  }

  var hub = {
    /** deliver(topic, json) runs in a later task for each publish. */
    subscribe: function (topic, deliver) {
      var id = 'sub-' + nextSubscription;
      nextSubscription += 1;
      subscriptions.set(id, { topic: String(topic), deliver: deliver });
      return id;
    },
    unsubscribe: function (id) {
      subscriptions.delete(id);
    },
    publish: function (topic, json) {
      subscriptions.forEach(function (sub, id) {
        if (!topicMatches(sub.topic, topic)) return;
        setTimeout(function () {
          if (!subscriptions.has(id)) return;
          try {
            sub.deliver(topic, json);
          } catch (err) {
            note('a subscriber of ' + topic + ' threw: ' + describe(err));
          }
        }, 0);
      });
    },
  };

  function subscribeHere(topic, handler) {
    return hub.subscribe(topic, function (t, json) {
      handler(t, json === undefined ? undefined : JSON.parse(json));
    });
  }

  function publishHere(topic, data) {
    hub.publish(topic, JSON.stringify(data));
  }

  // ---- Logs ---------------------------------------------------------------

  var clientLog = [];
  var notes = [];

  function describe(err) {
    return err && err.stack
      ? err.stack.split('\n').slice(0, 2).join(' | ')
      : String(err);
  }

  function appendLog(text, className) {
    var list = $('client-log');
    var item = document.createElement('li');
    item.textContent = text;
    if (className) item.className = className;
    list.appendChild(item);
    while (list.children.length > 500) list.removeChild(list.firstChild);
    list.parentElement.scrollTop = list.parentElement.scrollHeight;
  }

  /** A line from the simulator itself, kept apart from the client log. */
  function note(text) {
    notes.push(text);
    appendLog('[simulator] ' + text, 'simulator');
  }

  subscribeHere('finesse.clientLogging.*', function (topic, line) {
    clientLog.push(String(line));
    appendLog(String(line));
  });

  // ---- Connection (the desktop's "BOSH") ----------------------------------

  var connectionInfo = null;

  function setConnection(status) {
    connectionInfo = { status: status, resourceID: 'simulator' };
    var element = $('connection');
    element.textContent =
      status === 'failing'
        ? 'Failing over…'
        : status === 'recovered'
          ? 'Recovered'
          : 'Connected';
    element.className = 'connection ' + status;
    publishHere('finesse.info.connection', connectionInfo);
  }

  subscribeHere('finesse.info.requests', function (topic, request) {
    if (request && request.type === 'ConnectionInfoReq' && connectionInfo) {
      var copy = Object.assign({}, connectionInfo);
      if (request.invokeID !== undefined) copy.invokeID = request.invokeID;
      publishHere('finesse.info.connection', copy);
    }
  });

  subscribeHere('finesse.containerservices.requests', function (t, request) {
    if (request && request.type === 'ActiveTabReq') {
      publishHere('finesse.containerservices.activeTab', 'home');
    }
  });

  // ---- Header ---------------------------------------------------------------

  var state = null;

  function text(doc, name) {
    var element = doc.getElementsByTagName(name)[0];
    return element ? element.textContent : '';
  }

  var STATE_NAMES = {
    LOGOUT: 'Signed out',
    NOT_READY: 'Not Ready',
    READY: 'Ready',
    RESERVED: 'Reserved',
    RESERVED_OUTBOUND: 'Reserved (outbound)',
    RESERVED_OUTBOUND_PREVIEW: 'Reserved (outbound preview)',
    TALKING: 'Talking',
    HOLD: 'Hold',
    WORK: 'Work',
    WORK_READY: 'Work Ready',
  };

  // System reason codes (platform reference 4.1) have no ReasonCode.
  var SYSTEM_CODES = {
    '-1': 'no reason',
    22: 'supervisor',
    33: 'supervisor',
    255: 'connection failure',
    999: 'supervisor',
    32740: 'signed in elsewhere',
    32741: 'extension in use',
  };

  /** "Lunch (16)", "connection failure (255)", or "" without a reason. */
  function reasonText(id, label) {
    if (label) return label + (id ? ' (' + id + ')' : '');
    if (!id) return '';
    return (SYSTEM_CODES[id] || 'reason code') + ' (' + id + ')';
  }

  function renderUser(xml) {
    var doc = new DOMParser().parseFromString(xml, 'application/xml');
    if (doc.getElementsByTagName('parsererror').length) {
      $('agent-state').textContent = '(unparseable User document)';
      $('agent-reason').textContent = '';
      return;
    }
    var agentState = text(doc, 'state');
    var reason = doc.getElementsByTagName('ReasonCode')[0];
    var label = reason ? text(reason, 'label') : '';
    var reasonCodeId = text(doc, 'reasonCodeId');
    $('agent-name').textContent =
      (text(doc, 'firstName') + ' ' + text(doc, 'lastName')).trim() || '—';
    $('agent-extension').textContent =
      'Extension ' + text(doc, 'extension') + ' · id ' + text(doc, 'loginId');
    $('agent-state').textContent = STATE_NAMES[agentState] || agentState;
    var why =
      agentState === 'NOT_READY' || agentState === 'LOGOUT'
        ? reasonText(reasonCodeId, label)
        : '';
    $('agent-reason').textContent = why ? '- ' + why : '';
    $('state-dot').className = 'state-dot ' + agentState;
    $('state-time').textContent = text(doc, 'stateChangeTime');
  }

  // ---- Gadget rendering -----------------------------------------------------

  function base64(textValue) {
    var bytes = new TextEncoder().encode(textValue);
    var binary = '';
    bytes.forEach(function (b) {
      binary += String.fromCharCode(b);
    });
    return btoa(binary);
  }

  function containerPrefs() {
    var host = location.hostname;
    return {
      scheme: location.protocol.replace(':', ''),
      host: host,
      hostPort: location.port,
      restHost: host,
      authorization: base64(state.agent.id + ':' + state.agent.password),
      localhostFQDN: host,
      localhostPort: location.port,
      xmppDomain: host,
      pubsubDomain: 'pubsub.' + host,
      clientDriftInMillis: '0',
      extension: state.agent.extension,
      mobileAgentMode: '',
      mobileAgentDialNumber: '',
      language: 'en_US',
      locale: 'en_US',
      country: 'US',
    };
  }

  /**
   * The Shindig-style iframe URL for the layout's gadget number `mid`
   * (0 for the first; the layout may hold the same gadget more than once).
   */
  function gadgetFrameUrl(mid) {
    var query = state.settings.gadgetQuery;
    var specUrl =
      location.origin + state.layout.specPath + (query ? '?' + query : '');
    var enc = encodeURIComponent;
    var parts = [
      'container=default',
      'mid=' + (mid || 0),
      'nocache=1',
      'country=US',
      'lang=en_US',
      'view=default',
      'parent=' + enc(location.origin),
      'url=' + enc(specUrl),
    ];
    var prefs = containerPrefs();
    Object.keys(prefs).forEach(function (name) {
      parts.push('up_' + enc(name) + '=' + enc(prefs[name]));
    });
    return '/gadgets/ifr?' + parts.join('&');
  }

  var loadingTimer = null;

  function showLoading(frame, options) {
    $('gadget-loading').hidden = false;
    clearTimeout(loadingTimer);
    loadingTimer = setTimeout(
      function () {
        $('gadget-loading').hidden = true;
      },
      ((options && options.timeoutSeconds) || 30) * 1000,
    );
    if (options && !options.manualDismiss && frame) {
      frame.addEventListener(
        'load',
        function () {
          $('gadget-loading').hidden = true;
        },
        { once: true },
      );
    }
  }

  // One iframe per time the layout holds the gadget: #gadget-frame, then
  // #gadget-frame-2, #gadget-frame-3.
  function renderGadget() {
    $('spec-path').textContent = state.layout.specPath;
    var count = state.settings.gadgetCount || 1;
    for (var mid = 0; mid < count; mid += 1) {
      var frame = document.createElement('iframe');
      frame.id = mid === 0 ? 'gadget-frame' : 'gadget-frame-' + (mid + 1);
      frame.className = 'gadget-frame';
      frame.title = count > 1 ? 'Gadget ' + (mid + 1) : 'Gadget';
      frame.src = gadgetFrameUrl(mid);
      $('gadget-slot').appendChild(frame);
    }
  }

  /**
   * What an agent's "Reload frame" does to the host application inside
   * each gadget: navigates the gadget's host iframe to its URL again. The
   * gadget itself stays. Returns how many frames it reloaded.
   */
  function reloadHostFrames() {
    var reloaded = 0;
    document.querySelectorAll('iframe.gadget-frame').forEach(function (f) {
      try {
        var element = f.contentDocument.querySelector('finesse-host-bridge');
        var inner = element && element.shadowRoot.querySelector('iframe');
        if (!inner) return;
        inner.setAttribute('src', inner.getAttribute('src'));
        reloaded += 1;
      } catch (err) {
        note('could not reload a host frame: ' + describe(err));
      }
    });
    note('reloaded ' + reloaded + ' host frame(s)');
    return reloaded;
  }

  // ---- Controls -------------------------------------------------------------

  function post(path, body) {
    $('action-error').textContent = '';
    return fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
      .then(function (response) {
        return response.json().then(function (data) {
          if (!response.ok) throw new Error(data.error || response.statusText);
          return data;
        });
      })
      .catch(function (err) {
        $('action-error').textContent = err.message;
        throw err;
      });
  }

  function act(body) {
    return post('/sim/action', body).catch(function () {});
  }

  function changeSettings(patch, reload) {
    return post('/sim/settings', patch).then(
      function () {
        if (reload) location.reload();
      },
      function () {},
    );
  }

  function bindControls() {
    var reasonSelect = $('reason');
    state.reasons.forEach(function (reason) {
      var option = document.createElement('option');
      option.value = reason.id;
      option.textContent = reason.label + ' (' + reason.id + ')';
      reasonSelect.appendChild(option);
    });
    $('sign-in').onclick = function () {
      act({ action: 'signIn' });
    };
    $('ready').onclick = function () {
      act({ action: 'ready' });
    };
    $('not-ready').onclick = function () {
      act({ action: 'notReady', reasonCodeId: reasonSelect.value });
    };
    var signOutSelect = $('sign-out-reason');
    state.signOutReasons.forEach(function (reason) {
      var option = document.createElement('option');
      option.value = reason.id;
      option.textContent = reason.label + ' (' + reason.id + ')';
      signOutSelect.appendChild(option);
    });
    $('sign-out').onclick = function () {
      act(
        signOutSelect.value
          ? { action: 'signOut', reasonCodeId: signOutSelect.value }
          : { action: 'signOut' },
      );
    };
    var simple = {
      reserved: 'reserved',
      talking: 'talking',
      hold: 'hold',
      work: 'work',
      'work-ready': 'workReady',
      'forced-logout': 'forcedLogout',
      'supervisor-sign-out': 'supervisorSignOut',
      'signed-in-elsewhere': 'signedInElsewhere',
      'spurious-failover-logout': 'spuriousFailoverLogout',
    };
    Object.keys(simple).forEach(function (id) {
      $(id).onclick = function () {
        act({ action: simple[id] });
      };
    });
    $('rename').onclick = function () {
      act({ action: 'rename' });
    };
    $('refresh').onclick = function () {
      location.reload();
    };
    $('failover').onclick = function () {
      act({ action: 'failover' });
    };
    $('gadget-query').value = state.settings.gadgetQuery;
    $('apply-query').onclick = function () {
      changeSettings({ gadgetQuery: $('gadget-query').value.trim() }, true);
    };
    $('onconnect-twice').checked = state.settings.onConnectTimes > 1;
    $('onconnect-twice').onchange = function (event) {
      changeSettings({ onConnectTimes: event.target.checked ? 2 : 1 }, true);
    };
    $('user-get-status').value = String(state.settings.userGetStatus);
    $('user-get-status').onchange = function (event) {
      changeSettings({ userGetStatus: Number(event.target.value) }, false);
    };
    $('library-config').checked = state.settings.libraryConfig;
    $('library-config').onchange = function (event) {
      changeSettings({ libraryConfig: event.target.checked }, true);
    };
    $('library-missing').checked = state.settings.libraryMissing;
    $('library-missing').onchange = function (event) {
      changeSettings({ libraryMissing: event.target.checked }, true);
    };
    $('gadget-count').value = String(state.settings.gadgetCount);
    $('gadget-count').onchange = function (event) {
      changeSettings({ gadgetCount: Number(event.target.value) }, true);
    };
    var faultSelect = $('host-fault');
    state.hostFaults.forEach(function (fault) {
      var option = document.createElement('option');
      option.value = fault;
      option.textContent = fault;
      faultSelect.appendChild(option);
    });
    faultSelect.value = state.settings.hostFault;
    // The gadget stays loaded: reload the host frame to see the change.
    faultSelect.onchange = function (event) {
      changeSettings({ hostFault: event.target.value }, false);
    };
    $('reload-host').onclick = function () {
      reloadHostFrames();
    };
  }

  // ---- Boot -----------------------------------------------------------------

  function refreshState() {
    return fetch('/sim/state', { cache: 'no-store' })
      .then(function (response) {
        return response.json();
      })
      .then(function (data) {
        state = data;
        renderUser(data.userXml);
        return data;
      });
  }

  function openEvents() {
    var source = new EventSource('/sim/events');
    source.addEventListener('hello', function (event) {
      var data = JSON.parse(event.data);
      setConnection(data.connection === 'failing' ? 'failing' : 'connected');
    });
    source.addEventListener('update', function (event) {
      var data = JSON.parse(event.data);
      renderUser(data.user);
      publishHere(data.topic, { content: data.content });
    });
    source.addEventListener('connection', function (event) {
      var status = JSON.parse(event.data).status;
      note('connection ' + status);
      setConnection(status);
      if (status === 'recovered') refreshState();
    });
    window.addEventListener('pagehide', function () {
      source.close();
    });
  }

  var stats = { usersCreated: 0 };

  window.finesseSimulator = {
    hub: hub,
    clientLog: clientLog,
    notes: notes,
    stats: stats,
    note: note,
    countUser: function () {
      stats.usersCreated += 1;
    },
    setGadgetTitle: function (frame, title) {
      $('gadget-title').textContent = title;
    },
    showLoading: showLoading,
    dismissLoading: function () {
      clearTimeout(loadingTimer);
      $('gadget-loading').hidden = true;
    },
    gadgetFrameUrl: function (mid) {
      return gadgetFrameUrl(mid);
    },
    reloadHostFrames: reloadHostFrames,
  };
  // finesse.js's ContainerServices reaches for parent.finesse.container.
  window.finesse = { container: { Container: { tabId: 'home' } } };

  refreshState()
    .then(function () {
      bindControls();
      openEvents();
      renderGadget();
    })
    .catch(function (err) {
      $('agent-state').textContent = 'simulator server unreachable: ' + err;
    });
})();
