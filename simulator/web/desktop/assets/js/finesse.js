/*
 * A fake of Cisco's finesse.js for the local desktop simulator. It covers
 * what a gadget calls (packages/finesse-gadget-types) and behaves the way
 * the 10.x library does where a gadget can tell:
 *
 * - ClientServices.init validates the config and, given `authorization`
 *   (base64 "id:password"), writes `id` and `password` back into it.
 * - A User subscribes to the hub topic finesse.api.User.<id>, then GETs
 *   /finesse/api/User/<id>. onLoad fires once, after the first document;
 *   onChange on every PUT notification and every later GET, without any
 *   diffing: the whole data object is replaced.
 * - XML becomes data Goessner-style (Converter.xml2json): one child gives
 *   a string (its inner XML, so &, < and > stay escaped), an element with
 *   children an object, repeated siblings an array, an empty element null.
 * - Callback exceptions are swallowed, as Notifier.notifyListeners does.
 * - While the desktop fails over, hub events are dropped; on recovery the
 *   connect handler runs and every User re-fetches (one onChange each).
 *
 * The events come from the desktop page (window.parent), which owns the
 * connection to the server, like the real desktop owns the BOSH session.
 */
(function () {
  'use strict';

  var finesse = (window.finesse = window.finesse || {});
  var simulator = (window.gadgets && window.gadgets.__simulator) || {};

  function note(text) {
    if (simulator.desktop) simulator.desktop.note('finesse.js: ' + text);
  }

  function hub() {
    return window.gadgets && window.gadgets.Hub;
  }

  // ---- Utilities ---------------------------------------------------------

  function b64Decode(input) {
    var binary = atob(input);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
    return new TextDecoder().decode(bytes);
  }

  function b64Encode(input) {
    var bytes = new TextEncoder().encode(input);
    var binary = '';
    for (var i = 0; i < bytes.length; i += 1) {
      binary += String.fromCharCode(bytes[i]);
    }
    return btoa(binary);
  }

  function getCredentials(authorization) {
    var text = b64Decode(authorization);
    var colon = text.indexOf(':');
    if (colon === -1) throw new Error('String is not colon delimited.');
    return { id: text.slice(0, colon), password: text.slice(colon + 1) };
  }

  function isBlank(text) {
    return !/[^ \f\n\r\t\v]/.test(text);
  }

  function removeWhite(element) {
    element.normalize();
    var node = element.firstChild;
    while (node) {
      var next = node.nextSibling;
      if (node.nodeType === 3 && isBlank(node.nodeValue)) {
        element.removeChild(node);
      } else if (node.nodeType === 1) {
        removeWhite(node);
      }
      node = next;
    }
  }

  function innerXml(element) {
    var serializer = new XMLSerializer();
    var text = '';
    for (var n = element.firstChild; n; n = n.nextSibling) {
      text +=
        n.nodeType === 3
          ? serializer.serializeToString(n)
          : n.nodeType === 4
            ? '<![CDATA[' + n.nodeValue + ']]>'
            : serializer.serializeToString(n);
    }
    return text;
  }

  // Goessner's toObj, as finesse.js's Converter.xml2json applies it.
  function toObj(element) {
    var o = {};
    var i;
    for (i = 0; i < element.attributes.length; i += 1) {
      o['@' + element.attributes[i].nodeName] = String(
        element.attributes[i].nodeValue || '',
      );
    }
    if (element.firstChild) {
      var texts = 0;
      var cdatas = 0;
      var hasElement = false;
      var n;
      for (n = element.firstChild; n; n = n.nextSibling) {
        if (n.nodeType === 1) hasElement = true;
        else if (n.nodeType === 3 && !isBlank(n.nodeValue)) texts += 1;
        else if (n.nodeType === 4) cdatas += 1;
      }
      if (hasElement) {
        if (texts < 2 && cdatas < 2) {
          for (n = element.firstChild; n; n = n.nextSibling) {
            if (n.nodeType === 3) {
              o['#text'] = n.nodeValue;
            } else if (n.nodeType === 4) {
              o['#cdata'] = n.nodeValue;
            } else if (n.nodeType === 1) {
              var child = toObj(n);
              if (
                Object.prototype.hasOwnProperty.call(o, n.nodeName) &&
                o[n.nodeName]
              ) {
                if (Array.isArray(o[n.nodeName])) o[n.nodeName].push(child);
                else o[n.nodeName] = [o[n.nodeName], child];
              } else {
                o[n.nodeName] = child;
              }
            }
          }
        } else if (!element.attributes.length) {
          o = innerXml(element);
        } else {
          o['#text'] = innerXml(element);
        }
      } else if (texts) {
        if (!element.attributes.length) o = innerXml(element);
        else o['#text'] = innerXml(element);
      } else if (cdatas) {
        if (cdatas > 1) o = innerXml(element);
        else o['#cdata'] = element.firstChild.nodeValue;
      }
    }
    if (!element.attributes.length && !element.firstChild) o = null;
    return o;
  }

  function xml2JsObj(text) {
    var doc = new DOMParser().parseFromString(String(text), 'application/xml');
    if (doc.getElementsByTagName('parsererror').length) {
      throw new Error('Malformed XML');
    }
    var root = doc.documentElement;
    removeWhite(root);
    var result = {};
    result[root.nodeName] = toObj(root);
    return result;
  }

  finesse.utilities = finesse.utilities || {};
  finesse.utilities.Utilities = {
    b64Encode: b64Encode,
    b64Decode: b64Decode,
    getCredentials: getCredentials,
    xml2JsObj: xml2JsObj,
  };

  // ---- ClientServices ----------------------------------------------------

  var Topics = {
    REQUESTS: 'finesse.info.requests',
    EVENTS_CONNECTION_INFO: 'finesse.info.connection',
    getTopic: function (restUri) {
      return restUri.replace(/^\//, '').replace(/\//g, '.');
    },
  };

  // 10.5 adds failing/recovered to the BOSH states; their spelling here
  // is the simulator's, the library's is not public.
  var STATUS = {
    CONNECTED: 'connected',
    DISCONNECTED: 'disconnected',
    FAILING: 'failing',
    RECOVERED: 'recovered',
  };

  var inited = false;
  var config = null;
  var logger = {};
  var subscriptionIds = {};
  var connInfo;
  var onConnectHandler;
  var onDisconnectHandler;
  var failoverMode = false;
  var refreshList = [];

  function log(message) {
    try {
      if (logger.log) logger.log('[ClientServices] ' + message);
    } catch (e) {
      // A failing external logger stops here, as in finesse.js.
    }
  }

  function isConnectStatus(status) {
    return status === STATUS.CONNECTED || status === STATUS.RECOVERED;
  }

  function isDisconnectStatus(status) {
    return status === STATUS.DISCONNECTED || status === STATUS.FAILING;
  }

  function connInfoHandler(data) {
    // The master may publish the same status twice; only changes count.
    if (!data || (connInfo && connInfo.status === data.status)) return;
    connInfo = data;
    if (data.status === STATUS.FAILING) failoverMode = true;
    if (data.status === STATUS.RECOVERED) failoverMode = false;
    if (isConnectStatus(data.status) && onConnectHandler) onConnectHandler();
    if (isDisconnectStatus(data.status) && onDisconnectHandler) {
      onDisconnectHandler();
    }
    if (data.status === STATUS.RECOVERED) {
      refreshList.slice().forEach(function (object) {
        if (object._loaded) object._synchronize();
      });
    }
  }

  function requireInited() {
    if (!inited) throw new Error('ClientServices needs to be inited.');
  }

  var ClientServices = {
    init: function (cfg) {
      if (!inited) {
        if (!(
          cfg &&
          typeof cfg === 'object' &&
          typeof cfg.host === 'string' &&
          cfg.host.length > 0 &&
          cfg.restHost &&
          (typeof cfg.authorization === 'string' ||
            (typeof cfg.id === 'string' && typeof cfg.password === 'string'))
        )) {
          throw new Error('Config object contains invalid properties.');
        }
        config = cfg;
        if (cfg.authorization) {
          var creds = getCredentials(cfg.authorization);
          cfg.id = creds.id;
          cfg.password = creds.password;
        } else {
          cfg.authorization = b64Encode(cfg.id + ':' + cfg.password);
        }
        inited = true;
        if (hub()) {
          ClientServices.subscribe(
            Topics.EVENTS_CONNECTION_INFO,
            connInfoHandler,
          );
          hub().publish(Topics.REQUESTS, {
            type: 'ConnectionInfoReq',
            data: {},
            invokeID: Date.now(),
          });
        }
      }
      return ClientServices;
    },

    registerOnConnectHandler: function (handler) {
      if (typeof handler !== 'function') {
        throw new Error('Callback is not a function');
      }
      onConnectHandler = handler;
      if (connInfo && isConnectStatus(connInfo.status)) handler();
    },

    registerOnDisconnectHandler: function (handler) {
      if (typeof handler !== 'function') {
        throw new Error('Callback is not a function');
      }
      onDisconnectHandler = handler;
      if (connInfo && isDisconnectStatus(connInfo.status)) handler();
    },

    unregisterOnConnectHandler: function () {
      onConnectHandler = undefined;
    },

    unregisterOnDisconnectHandler: function () {
      onDisconnectHandler = undefined;
    },

    /**
     * One subscription per topic and frame; false when the topic is taken.
     */
    subscribe: function (topic, callback, disableDuringFailover) {
      requireInited();
      if (subscriptionIds[topic]) return false;
      subscriptionIds[topic] = hub().subscribe(topic, function (t, data) {
        if (disableDuringFailover && failoverMode) {
          log('failover: dropped an event on ' + t);
          return;
        }
        callback(data);
      });
      return true;
    },

    unsubscribe: function (topic) {
      requireInited();
      hub().unsubscribe(subscriptionIds[topic]);
      delete subscriptionIds[topic];
    },

    setLogger: function (newLogger) {
      logger =
        newLogger && typeof newLogger.log === 'function' ? newLogger : {};
    },

    log: log,

    getRestHost: function () {
      return config && config.restHost;
    },

    _addToRefreshList: function (object) {
      refreshList.push(object);
    },

    _config: function () {
      return config;
    },
  };

  finesse.clientservices = finesse.clientservices || {};
  finesse.clientservices.ClientServices = ClientServices;
  finesse.clientservices.Topics = Topics;

  // ---- ClientLogger ------------------------------------------------------

  var loggerHub;
  var logTopic;
  var originId;

  function timestamp() {
    var d = new Date();
    return [d.getHours(), d.getMinutes(), d.getSeconds()]
      .map(function (n) {
        return n < 10 ? '0' + n : String(n);
      })
      .join(':');
  }

  finesse.cslogger = finesse.cslogger || {};
  finesse.cslogger.ClientLogger = {
    init: function (hubObject, gadgetId) {
      loggerHub = hubObject;
      logTopic = 'finesse.clientLogging.' + gadgetId;
      originId = gadgetId + ' : ';
    },
    // Lines logged before init are lost, as in finesse.js.
    log: function (message) {
      if (loggerHub) {
        loggerHub.publish(logTopic, timestamp() + ': ' + originId + message);
      }
    },
  };

  // ---- RestBase / User ---------------------------------------------------

  var NOT_LOADED =
    'Cannot operate on object that is not fully ' +
    'instantiated, use onLoad/onLoadError handlers';

  function Notifier(label) {
    this.label = label;
    this.listeners = [];
  }
  Notifier.prototype.add = function (callback) {
    if (callback !== undefined && typeof callback !== 'function') {
      throw new Error('handler must be a function');
    }
    if (callback) this.listeners.push(callback);
  };
  Notifier.prototype.remove = function (callback) {
    this.listeners = this.listeners.filter(function (cb) {
      return cb !== callback;
    });
  };
  Notifier.prototype.notify = function (argument) {
    var label = this.label;
    this.listeners.slice().forEach(function (callback) {
      // One bad callback must not stop the others.
      try {
        callback.call(window, argument);
      } catch (err) {
        log('Exception caught: ' + err);
        note(
          'a gadget ' +
            label +
            ' handler threw (swallowed): ' +
            (err && err.stack
              ? err.stack.split('\n').slice(0, 2).join(' | ')
              : err),
        );
      }
    });
  };

  function parseResponse(status, text) {
    var response = { status: status, content: text };
    try {
      response.object = text ? xml2JsObj(text) : undefined;
    } catch (err) {
      response.error = {
        errorType: 'parseError',
        errorMessage: 'Could not serialize XML: ' + err,
      };
    }
    return response;
  }

  function User(options) {
    options = options || {};
    if (typeof options.id !== 'string') {
      throw new Error("Can't construct a <User> due to invalid id type.");
    }
    this._id = options.id;
    this._data = {};
    this._loaded = false;
    this._notifiers = {
      load: new Notifier('onLoad'),
      change: new Notifier('onChange'),
      add: new Notifier('onAdd'),
      delete: new Notifier('onDelete'),
      error: new Notifier('onError'),
    };
    this.addHandler('load', options.onLoad);
    this.addHandler('change', options.onChange);
    this.addHandler('add', options.onAdd);
    this.addHandler('delete', options.onDelete);
    this.addHandler('error', options.onError);
    if (simulator.desktop) simulator.desktop.countUser(this._id);

    var self = this;
    var subscribed;
    try {
      subscribed = ClientServices.subscribe(
        Topics.getTopic(this.getRestUrl()),
        function (update) {
          self._onUpdate(update);
        },
        true,
      );
    } catch (err) {
      // RestBase logs construction errors and carries on, unloaded.
      log('id=' + this._id + ': ' + err);
      note('User(' + this._id + '): ' + err.message);
      return;
    }
    if (!subscribed) {
      // 10.5: the topic is already subscribed in this frame, so this
      // object takes its subscribe-error path and never loads.
      note('a second User for id ' + this._id + ' will never load');
      setTimeout(function () {
        self._notifiers.error.notify(undefined);
      }, 0);
      return;
    }
    ClientServices._addToRefreshList(this);
    this._synchronize();
  }

  User.prototype.getRestType = function () {
    return 'User';
  };

  User.prototype.getRestUrl = function () {
    return '/finesse/api/User/' + this._id;
  };

  User.prototype.getId = function () {
    return this._id;
  };

  User.prototype.isLoaded = function () {
    if (!this._loaded) throw new Error(NOT_LOADED);
    return this;
  };

  User.prototype.addHandler = function (type, callback) {
    var notifier = this._notifiers[type];
    if (!notifier) return;
    notifier.add(callback);
    if (type === 'load' && this._loaded && callback)
      callback.call(window, this);
  };

  User.prototype.removeHandler = function (type, callback) {
    if (this._notifiers[type]) this._notifiers[type].remove(callback);
  };

  User.prototype.refresh = function () {
    this.isLoaded();
    this._synchronize();
    return this;
  };

  User.prototype._processObject = function (object) {
    if (
      !object ||
      typeof object !== 'object' ||
      !Object.prototype.hasOwnProperty.call(object, 'User')
    ) {
      return false;
    }
    this._data = object.User;
    if (!this._loaded) {
      this._loaded = true;
      this._notifiers.load.notify(this);
    }
    return true;
  };

  User.prototype._synchronize = function () {
    var self = this;
    var wasLoaded = this._loaded;
    var cfg = ClientServices._config() || {};
    fetch(this.getRestUrl(), {
      headers: {
        Authorization: 'Basic ' + cfg.authorization,
        Accept: 'application/xml',
      },
      cache: 'no-store',
    })
      .then(
        function (response) {
          return response.text().then(function (text) {
            return parseResponse(response.status, text);
          });
        },
        function (err) {
          return {
            status: 0,
            content: '',
            error: { errorType: 'networkError', errorMessage: String(err) },
          };
        },
      )
      .then(function (rsp) {
        if (rsp.status < 200 || rsp.status > 299) {
          self._notifiers.error.notify(rsp);
        } else if (!self._processObject(rsp.object)) {
          // finesse.js hands the object itself to onError here.
          self._notifiers.error.notify(self);
        } else if (wasLoaded) {
          self._notifiers.change.notify(self);
        }
      });
  };

  User.prototype._onUpdate = function (update) {
    var object;
    try {
      object = xml2JsObj(update && update.content);
    } catch (err) {
      log('Malformed event payload: ' + err);
      return;
    }
    var root = object.Update;
    var data = root && root.data;
    if (!data || typeof data !== 'object') return;
    if (data.apiErrors) return;
    if (
      !Object.prototype.hasOwnProperty.call(data, 'User') &&
      Object.prototype.hasOwnProperty.call(data, 'user')
    ) {
      data = { User: data.user };
    }
    if (!this._processObject(data)) return;
    switch (root.event) {
      case 'POST':
        this._notifiers.add.notify(this);
        break;
      case 'PUT':
        this._notifiers.change.notify(this);
        break;
      case 'DELETE':
        this._notifiers['delete'].notify(this);
        break;
      default:
        break;
    }
  };

  function getter(read) {
    return function () {
      this.isLoaded();
      return read.call(this, this._data);
    };
  }

  function orEmpty(value) {
    return value === null || value === undefined ? '' : value;
  }

  function hasRole(data, role) {
    var roles = data.roles && data.roles.role;
    return Array.isArray(roles) ? roles.indexOf(role) !== -1 : roles === role;
  }

  User.prototype.getData = getter(function (d) {
    return d;
  });
  User.prototype.getFirstName = getter(function (d) {
    return orEmpty(d.firstName);
  });
  User.prototype.getLastName = getter(function (d) {
    return orEmpty(d.lastName);
  });
  User.prototype.getExtension = getter(function (d) {
    return orEmpty(d.extension);
  });
  User.prototype.getTeamId = getter(function (d) {
    return d.teamId;
  });
  User.prototype.getTeamName = getter(function (d) {
    return d.teamName;
  });
  User.prototype.getState = getter(function (d) {
    return d.state;
  });
  User.prototype.getStateChangeTime = getter(function (d) {
    return d.stateChangeTime;
  });
  User.prototype.getPendingState = getter(function (d) {
    return orEmpty(d.pendingState);
  });
  User.prototype.getNotReadyReasonCodeId = getter(function (d) {
    return d.reasonCodeId === '-1' ? undefined : d.reasonCodeId;
  });
  // finesse.js 10.5 reads the lower-case key; REST sends ReasonCode.
  User.prototype.getReasonCodeLabel = getter(function (d) {
    return (d.reasonCode && d.reasonCode.label) || '';
  });
  User.prototype.hasAgentRole = getter(function (d) {
    return hasRole(d, 'Agent');
  });
  User.prototype.hasSupervisorRole = getter(function (d) {
    return hasRole(d, 'Supervisor');
  });
  User.prototype.isPendingStateChange = getter(function (d) {
    return (
      ['TALKING', 'HOLD', 'RESERVED_OUTBOUND_PREVIEW'].indexOf(d.state) !== -1
    );
  });
  User.prototype.isWrapUp = getter(function (d) {
    return d.state === 'WORK' || d.state === 'WORK_READY';
  });

  User.States = Object.freeze({
    LOGIN: 'LOGIN',
    LOGOUT: 'LOGOUT',
    NOT_READY: 'NOT_READY',
    READY: 'READY',
    RESERVED: 'RESERVED',
    RESERVED_OUTBOUND: 'RESERVED_OUTBOUND',
    RESERVED_OUTBOUND_PREVIEW: 'RESERVED_OUTBOUND_PREVIEW',
    TALKING: 'TALKING',
    HOLD: 'HOLD',
    WORK: 'WORK',
    WORK_READY: 'WORK_READY',
  });

  finesse.restservices = finesse.restservices || {};
  finesse.restservices.User = User;

  // ---- ContainerServices -------------------------------------------------

  var containerTopics = Object.freeze({
    ACTIVE_TAB: 'finesse.containerservices.activeTab',
    GADGET_VIEW_CHANGED_EVENT: 'finesse.containerservices.gadgetViewChanged',
    MAX_AVAILABLE_HEIGHT_CHANGED_EVENT:
      'finesse.containerservices.maxAvailableHeightChanged',
    TIMER_TICK_EVENT: 'finesse.containerservices.timerTick',
    WORKFLOW_ACTION_EVENT: 'finesse.containerservices.workflowActionEvent',
  });
  var containerInited = false;

  var ContainerServices = {
    Topics: containerTopics,
    init: function () {
      if (!containerInited) {
        // finesse.js reaches into the same-origin parent here; a gadget
        // rendered anywhere else fails the same way.
        if (!window.parent.finesse || !window.parent.finesse.container) {
          throw new Error('ContainerServices: no Finesse container in parent');
        }
        containerInited = true;
        ContainerServices.makeActiveTabReq();
      }
      return ContainerServices;
    },
    addHandler: function (topic, handler) {
      if (typeof handler !== 'function') {
        throw new Error('handler must be a function');
      }
      hub().subscribe(topic, function (t, data) {
        handler(data);
      });
    },
    makeActiveTabReq: function () {
      hub().publish('finesse.containerservices.requests', {
        type: 'ActiveTabReq',
        data: {},
        invokeID: Date.now(),
      });
    },
    tabVisible: function () {
      return true;
    },
  };

  finesse.containerservices = finesse.containerservices || {};
  finesse.containerservices.ContainerServices = ContainerServices;

  // ---- gadget.Config (11.5 and later build it from the prefs) -----------

  if (
    simulator.libraryConfig !== false &&
    window.gadgets &&
    window.gadgets.Prefs
  ) {
    var prefs = new window.gadgets.Prefs();
    var config11 = {};
    [
      'authorization',
      'country',
      'language',
      'locale',
      'host',
      'hostPort',
      'extension',
      'mobileAgentMode',
      'mobileAgentDialNumber',
      'xmppDomain',
      'pubsubDomain',
      'restHost',
      'scheme',
      'localhostFQDN',
      'localhostPort',
    ].forEach(function (name) {
      config11[name] = prefs.getString(name);
    });
    config11.clientDriftInMillis = prefs.getInt('clientDriftInMillis');
    finesse.gadget = finesse.gadget || {};
    finesse.gadget.Config = config11;
  }
})();
