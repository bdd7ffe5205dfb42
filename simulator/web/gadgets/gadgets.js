/*
 * The simulator's stand-in for the `gadgets` global that Shindig's
 * container gives every gadget iframe: HubSettings/Hub (pubsub-2), Prefs
 * (with setprefs), window (dynamic-height, settitle), loadingindicator,
 * util and json.
 *
 * The hub runs through the same-origin desktop page (window.parent), as
 * the real container's does; values cross it as JSON, so a gadget never
 * holds an object made in another frame.
 */
(function () {
  'use strict';

  var script = document.currentScript;
  var frame = {};
  try {
    frame = JSON.parse((script && script.getAttribute('data-gadget')) || '{}');
  } catch (e) {
    frame = {};
  }

  var desktop = null;
  try {
    desktop = window.parent !== window ? window.parent.finesseSimulator : null;
  } catch (e) {
    desktop = null; // not framed by the simulator's desktop
  }

  function urlParameters() {
    var params = {};
    new URLSearchParams(location.search).forEach(function (value, key) {
      params[key] = value;
    });
    return params;
  }

  // Shindig's prefs: the spec's defaults, overlaid by the up_ params the
  // container put in the iframe URL (declared or not).
  var prefs = Object.assign({}, frame.defaults || {});
  var params = urlParameters();
  Object.keys(params).forEach(function (key) {
    if (key.indexOf('up_') === 0) prefs[key.slice(3)] = params[key];
  });

  function Prefs() {}
  Prefs.prototype.getString = function (name) {
    var value = prefs[name];
    return value === undefined || value === null ? '' : String(value);
  };
  Prefs.prototype.getInt = function (name) {
    var value = parseInt(prefs[name], 10);
    return isNaN(value) ? 0 : value;
  };
  Prefs.prototype.getFloat = function (name) {
    var value = parseFloat(prefs[name]);
    return isNaN(value) ? 0 : value;
  };
  Prefs.prototype.getBool = function (name) {
    var value = String(prefs[name]).toLowerCase();
    return value === 'true' || value === '1';
  };
  Prefs.prototype.getArray = function (name) {
    var value = prefs[name];
    return value ? String(value).split('|') : [];
  };
  Prefs.prototype.set = function (name, value) {
    prefs[name] = value === undefined || value === null ? '' : String(value);
  };
  Prefs.prototype.getModuleId = function () {
    return frame.moduleId || '0';
  };

  var connected = false;
  var subscriptions = [];

  var Hub = {
    isConnected: function () {
      return connected;
    },
    subscribe: function (topic, callback) {
      if (typeof callback !== 'function') {
        throw new Error('gadgets.Hub.subscribe: callback must be a function');
      }
      if (!desktop) return null;
      var id = desktop.hub.subscribe(topic, function (topicName, json) {
        callback(topicName, json === undefined ? undefined : JSON.parse(json));
      });
      subscriptions.push(id);
      return id;
    },
    unsubscribe: function (id) {
      if (desktop) desktop.hub.unsubscribe(id);
    },
    publish: function (topic, data) {
      if (!desktop) return;
      desktop.hub.publish(
        topic,
        data === undefined ? undefined : JSON.stringify(data),
      );
    },
  };

  function frameElement() {
    try {
      return window.frameElement;
    } catch (e) {
      return null;
    }
  }

  function contentHeight() {
    var root = document.documentElement;
    var body = document.body;
    var height = root.getBoundingClientRect().height;
    if (body) {
      var style = getComputedStyle(body);
      height = Math.max(
        height,
        body.getBoundingClientRect().height +
          parseFloat(style.marginTop) +
          parseFloat(style.marginBottom),
      );
    }
    return Math.ceil(height);
  }

  var gadgetsWindow = {
    adjustHeight: function (height) {
      var element = frameElement();
      if (!element) return;
      var px =
        height === undefined || height === null || height === ''
          ? contentHeight()
          : parseInt(height, 10);
      if (!isNaN(px)) element.style.height = px + 'px';
    },
    setTitle: function (title) {
      if (desktop) desktop.setGadgetTitle(frameElement(), String(title));
    },
    getViewportDimensions: function () {
      return { width: window.innerWidth, height: window.innerHeight };
    },
  };

  var loadingindicator = {
    dismiss: function () {
      if (desktop) desktop.dismissLoading(frameElement());
    },
  };

  var onLoadHandlers = [];

  window.gadgets = {
    HubSettings: { onConnect: null },
    Hub: Hub,
    Prefs: Prefs,
    window: gadgetsWindow,
    loadingindicator: loadingindicator,
    util: {
      getUrlParameters: urlParameters,
      registerOnLoadHandler: function (handler) {
        onLoadHandlers.push(handler);
      },
    },
    json: {
      parse: function (text) {
        return JSON.parse(text);
      },
      stringify: function (value) {
        return JSON.stringify(value);
      },
    },
    // Not part of any gadgets API: the simulator's settings for the fake
    // finesse.js in this frame.
    __simulator: {
      libraryConfig: frame.libraryConfig !== false,
      desktop: desktop,
    },
  };

  function fireOnConnect(round) {
    var handler = window.gadgets.HubSettings.onConnect;
    if (typeof handler !== 'function') {
      if (desktop && round === 1) {
        desktop.note('gadget set no gadgets.HubSettings.onConnect');
      }
      return;
    }
    try {
      handler();
    } catch (err) {
      if (desktop) desktop.note('onConnect threw: ' + describe(err));
      setTimeout(function () {
        throw err;
      });
    }
  }

  function describe(err) {
    return err && err.stack
      ? err.stack.split('\n').slice(0, 3).join(' | ')
      : String(err);
  }

  function connect() {
    connected = true;
    var times = frame.onConnectTimes === undefined ? 1 : frame.onConnectTimes;
    var round = 0;
    (function next() {
      round += 1;
      if (round > times) return;
      if (desktop && round > 1) desktop.note('firing onConnect again');
      fireOnConnect(round);
      setTimeout(next, 0);
    })();
  }

  // The real hub connects after the page's scripts ran; fire onConnect
  // in a later task, never synchronously.
  document.addEventListener('DOMContentLoaded', function () {
    setTimeout(connect, 0);
  });
  window.addEventListener('load', function () {
    onLoadHandlers.forEach(function (handler) {
      handler();
    });
  });
  window.addEventListener('pagehide', function () {
    if (desktop) {
      subscriptions.forEach(function (id) {
        desktop.hub.unsubscribe(id);
      });
    }
    subscriptions = [];
  });

  if (frame.loadingIndicator && desktop) {
    desktop.showLoading(frameElement(), frame.loadingIndicator);
  }
  if (frame.title && desktop) {
    desktop.setGadgetTitle(frameElement(), frame.title);
  }
})();
