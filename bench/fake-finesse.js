/*
 * A fake Finesse desktop for the benchmark, served in place of
 * /desktop/assets/js/finesse.js, so it runs before the gadget bundle as
 * the real library does. It defines exactly the `finesse` and `gadgets`
 * surface the bundle uses (packages/finesse-gadget-types/index.d.ts),
 * fires the hub's onConnect after the page has loaded, loads a signed-in
 * agent, and exposes `window.__bench`, the driver that run.mjs calls.
 *
 * Nothing here keeps per-change data: the fake must not grow while the
 * gadget's memory is measured.
 */
(function () {
  'use strict';
  var timeline = self.BenchTimeline;
  var USER_ID = '1001001';

  var prefs = {
    scheme: 'http',
    host: location.hostname,
    hostPort: location.port,
    restHost: location.hostname,
    authorization: 'Basic ' + btoa(USER_ID + ':secret'),
    hostUrl: '',
    hostOrigins: '',
    hostTarget: 'frame',
    debug: 'false',
  };

  var desktop = {
    userOptions: undefined,
    current: undefined,
    clientLogLines: 0,
    lastClientLogLine: '',
    adjustHeightCalls: 0,
  };

  var fakeUser = {
    getId: function () {
      return USER_ID;
    },
    getData: function () {
      return desktop.current;
    },
  };

  function User(options) {
    desktop.userOptions = options;
    // The real User calls onLoad after its first GET.
    setTimeout(function () {
      desktop.current = reading(0);
      if (options.onLoad) options.onLoad(fakeUser);
    }, 0);
  }

  self.finesse = {
    clientservices: {
      ClientServices: {
        init: function (config) {
          config.id = USER_ID;
        },
        registerOnConnectHandler: function () {},
        registerOnDisconnectHandler: function () {},
      },
    },
    cslogger: {
      ClientLogger: {
        init: function () {},
        log: function (line) {
          desktop.clientLogLines += 1;
          desktop.lastClientLogLine = String(line);
        },
      },
    },
    restservices: { User: User },
    containerservices: {
      ContainerServices: {
        init: function () {
          return {
            addHandler: function () {},
            makeActiveTabReq: function () {},
          };
        },
        Topics: { ACTIVE_TAB: 'finesse.containerservices.activeTab' },
      },
    },
  };

  function Prefs() {}
  Prefs.prototype.getString = function (name) {
    return Object.prototype.hasOwnProperty.call(prefs, name) ? prefs[name] : '';
  };
  Prefs.prototype.getInt = function (name) {
    return Number(this.getString(name)) || 0;
  };

  self.gadgets = {
    HubSettings: { onConnect: undefined },
    Hub: {
      isConnected: function () {
        return true;
      },
    },
    Prefs: Prefs,
    window: {
      adjustHeight: function () {
        desktop.adjustHeightCalls += 1;
      },
      setTitle: function () {},
    },
    loadingindicator: { dismiss: function () {} },
  };

  // The container connects the hub once the gadget page has loaded.
  addEventListener('load', function () {
    var onConnect = self.gadgets.HubSettings.onConnect;
    if (typeof onConnect === 'function') onConnect();
  });

  /** `user.getData()` for change i: 0 signs in (Not Ready, -1). */
  function reading(i) {
    var data = {
      uri: '/finesse/api/User/' + USER_ID,
      roles: { role: 'Agent' },
      loginId: USER_ID,
      loginName: 'jdoe',
      state: 'NOT_READY',
      stateChangeTime: timeline.stateChangeTime(i),
      pendingState: null,
      reasonCodeId: '-1',
      extension: '5001',
      firstName: 'Jane',
      lastName: 'Doe',
      teamId: '5000',
      teamName: 'Cardiology Scheduling',
      mediaType: '1',
    };
    if (i === 0) return data;
    if (i % 2 === 1) {
      data.state = 'READY';
      data.reasonCodeId = null;
      return data;
    }
    data.reasonCodeId = '16';
    data.ReasonCode = {
      category: 'NOT_READY',
      uri: '/finesse/api/ReasonCode/16',
      code: '10',
      label: 'Lunch',
      forAll: 'true',
      id: '16',
    };
    return data;
  }

  /** What Finesse does on a User notification: onChange with the User. */
  function change(data) {
    desktop.current = data;
    desktop.userOptions.onChange(fakeUser);
  }

  // ---- the driver -------------------------------------------------------

  var host = { window: undefined, origin: undefined, sample: undefined };
  var waiting = new Map();
  var nextChange = 1; // the next change of the timeline to play
  var hostReady;
  var hostReadyPromise = new Promise(function (resolve) {
    hostReady = resolve;
  });

  function waitFor(key) {
    return new Promise(function (resolve) {
      waiting.set(key, resolve);
    });
  }

  // Replies from the host page. The gadget's own listener sees them too
  // and ignores them (they are not Register or GetAgentState requests).
  addEventListener('message', function (event) {
    var at = performance.now();
    var data = event.data;
    if (!data || typeof data.bench !== 'string' || event.source === self) {
      return;
    }
    if (host.origin !== undefined && event.origin !== host.origin) return;

    if (data.bench === 'hello') {
      host.window = event.source;
      host.origin = event.origin;
      hostReady(data);
      return;
    }
    var key = data.bench === 'ack' ? data.key : data.bench;
    var resolve = waiting.get(key);
    if (!resolve) return;
    waiting.delete(key);
    data.receivedAt = at;
    resolve(data);
  });

  function toHost(message) {
    host.window.postMessage(message, host.origin);
  }

  function ask(request) {
    var reply = waitFor(request.bench);
    toHost(request);
    return reply;
  }

  // A bare message's id: as long as the gadget's ids, so the bare message
  // has the sampled message's exact size.
  function bareId(n, length) {
    var text = 'bare-' + n;
    while (text.length < length) text += '-';
    return text;
  }

  /**
   * `trials` changes one at a time, each alternated with a bare
   * postMessage of the same message shape and size between the same two
   * windows. Times: performance.now() in this frame; the host stamps
   * performance.timeOrigin + performance.now() on receipt.
   */
  async function latency(trials, settleMs) {
    await ask({ bench: 'mode', ack: true });
    var bridge = { rtt: [], oneWay: [], sync: [] };
    var bare = { rtt: [], oneWay: [] };

    async function bridgeTrial() {
      var data = reading(nextChange++);
      var arrived = waitFor(data.stateChangeTime);
      var t0 = performance.now();
      change(data);
      bridge.sync.push(performance.now() - t0);
      var ack = await arrived;
      bridge.rtt.push(ack.receivedAt - t0);
      bridge.oneWay.push(ack.hostAt - (performance.timeOrigin + t0));
      if (!host.sample) host.sample = ack.sample;
    }

    async function bareTrial(n) {
      var message = structuredClone(host.sample);
      message.id = bareId(n, host.sample.id.length);
      var arrived = waitFor(message.id);
      var t0 = performance.now();
      host.window.postMessage(message, host.origin);
      var ack = await arrived;
      bare.rtt.push(ack.receivedAt - t0);
      bare.oneWay.push(ack.hostAt - (performance.timeOrigin + t0));
    }

    // Each measurement starts from a quiet frame (the previous one's
    // rendering done), as a real state change does; the order within a
    // pair alternates so neither kind always follows the other.
    for (var n = 0; n < trials; n += 1) {
      await settle(settleMs);
      if (n % 2 === 0 || !host.sample) {
        await bridgeTrial();
        await settle(settleMs);
        await bareTrial(n);
      } else {
        await bareTrial(n);
        await settle(settleMs);
        await bridgeTrial();
      }
    }
    await ask({ bench: 'mode', ack: false });
    return {
      bridge: bridge,
      bare: bare,
      sampleBytes: new TextEncoder().encode(JSON.stringify(host.sample)).length,
    };
  }

  function settle(ms) {
    if (!ms) return Promise.resolve();
    return new Promise(function (resolve) {
      setTimeout(resolve, ms);
    });
  }

  /**
   * NTP-style estimate of the host clock's offset against this frame's
   * (performance.timeOrigin + performance.now() in both): the host's
   * stamp minus the midpoint of the round trip, from the fastest trips.
   */
  async function clockOffset(pings) {
    var samples = [];
    for (var n = 0; n < pings; n += 1) {
      var t0 = performance.timeOrigin + performance.now();
      var reply = await ask({ bench: 'ping' });
      var t1 = performance.timeOrigin + reply.receivedAt;
      samples.push({ rtt: t1 - t0, offset: reply.hostAt - (t0 + t1) / 2 });
    }
    samples.sort(function (a, b) {
      return a.rtt - b.rtt;
    });
    var best = samples.slice(0, Math.max(1, Math.floor(pings / 10)));
    var offsets = best.map(function (s) {
      return s.offset;
    });
    offsets.sort(function (a, b) {
      return a - b;
    });
    return {
      offsetMs: offsets[Math.floor(offsets.length / 2)],
      minRttMs: best[0].rtt,
    };
  }

  /**
   * `count` changes as fast as this frame can make them, in one task.
   * Returns the synchronous time and the time until the host confirmed
   * it had everything, with the host's check of every transition.
   */
  async function burst(count) {
    var first = nextChange;
    var readings = new Array(count);
    for (var n = 0; n < count; n += 1) readings[n] = reading(first + n);
    await ask({ bench: 'expect', from: first });

    var t0 = performance.now();
    for (n = 0; n < count; n += 1) change(readings[n]);
    var t1 = performance.now();
    nextChange += count;
    readings = undefined;
    var report = await ask({ bench: 'report' });
    return {
      from: first,
      to: nextChange - 1,
      syncMs: t1 - t0,
      deliveredMs: report.receivedAt - t0,
      host: hostStats(report),
    };
  }

  /** Plays changes up to `total` in chunks, waiting for the host each time. */
  async function playUntil(total, chunk) {
    var first = nextChange;
    await ask({ bench: 'expect', from: first });
    var t0 = performance.now();
    while (nextChange <= total) {
      var last = Math.min(total, nextChange + chunk - 1);
      for (; nextChange <= last; nextChange += 1) change(reading(nextChange));
      await ask({ bench: 'sync' });
    }
    var report = await ask({ bench: 'report' });
    return {
      from: first,
      to: nextChange - 1,
      ms: performance.now() - t0,
      host: hostStats(report),
    };
  }

  function hostStats(report) {
    var stats = Object.assign({}, report.stats);
    stats.totalSeqGaps = report.totalSeqGaps;
    return stats;
  }

  function frameState() {
    var element = document.querySelector('finesse-host-bridge');
    var root = element && element.shadowRoot;
    return {
      changes: nextChange - 1,
      clientLogLines: desktop.clientLogLines,
      lastClientLogLine: desktop.lastClientLogLine,
      adjustHeightCalls: desktop.adjustHeightCalls,
      shownText: root ? root.textContent.replace(/\s+/g, ' ').trim() : '',
      alert: root ? !!root.querySelector('[role="alert"]') : false,
    };
  }

  self.__bench = {
    hostReady: function () {
      return hostReadyPromise;
    },
    latency: latency,
    clockOffset: clockOffset,
    burst: burst,
    playUntil: playUntil,
    frameState: frameState,
    get changes() {
      return nextChange - 1;
    },
  };
})();
