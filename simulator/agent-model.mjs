/**
 * The simulated agent: one Finesse user whose REST document (the `<User>`
 * XML of GET /finesse/api/User/<id>) changes as the desktop's buttons or
 * the tests drive it.
 */

/** The vendor page's sample agent (reference/seed-login-event-page.txt). */
export const DEFAULT_AGENT = Object.freeze({
  loginId: '812508198',
  loginName: 'ehragent3',
  firstName: 'ehragent3',
  lastName: 'ehragent3',
  extension: '5024',
  mediaType: '1',
  teamId: '5014',
  teamName: 'EHRTesting',
  roles: Object.freeze(['Agent']),
  password: 'pw',
});

/**
 * The stateChangeTime of the first sign-in, so that a default run
 * reproduces the vendor page's sample Login exactly.
 */
export const FIRST_SIGN_IN_TIME = '2024-04-22T11:28:06.628Z';

/** The Not Ready reason codes the desktop offers. */
export const NOT_READY_REASONS = Object.freeze([
  Object.freeze({ id: '16', code: '10', label: 'Lunch' }),
  Object.freeze({ id: '17', code: '11', label: 'Meeting' }),
]);

const FIELD_ORDER = [
  'uri',
  'roles',
  'loginId',
  'loginName',
  'state',
  'stateChangeTime',
  'pendingState',
  'reasonCodeId',
  'ReasonCode',
  'settings',
  'extension',
  'firstName',
  'lastName',
  'teamId',
  'teamName',
  'mediaType',
  'dialogs',
];

/**
 * Escapes text for an XML element or attribute.
 * @param {string} text
 * @returns {string}
 */
export function escapeXml(text) {
  return String(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/**
 * Wraps a User document in the notification Finesse pushes over XMPP
 * (Developer Guide, User notification): lower-case `user` data root.
 * @param {string} userXml a `<User>…</User>` document
 * @param {{id: string, event?: string, requestId?: string}} options
 * @returns {string}
 */
export function buildUpdateXml(userXml, { id, event = 'PUT', requestId }) {
  const inner = userXml
    .replace(/^\s*<\?xml[^>]*>\s*/, '')
    .replace(/^<User\b/, '<user')
    .replace(/<\/User>\s*$/, '</user>');
  return (
    '<Update><data>' +
    inner +
    '</data>' +
    `<event>${escapeXml(event)}</event>` +
    `<requestId>${escapeXml(requestId ?? '')}</requestId>` +
    `<source>/finesse/api/User/${escapeXml(id)}</source></Update>`
  );
}

/**
 * @typedef {object} AgentModel
 * @property {() => string} id the login id, which is the User id
 * @property {() => object} profile the agent's current fields
 * @property {() => boolean} signedIn
 * @property {() => string} userXml the current User document
 * @property {(action: string, args?: object) => void} act changes state;
 *   throws an Error with `status` 400/409 for a bad or refused action
 * @property {(xml: string) => void} replaceDocument serves `xml` as-is
 *   until the next action
 */

/**
 * Creates the agent model.
 * @param {object} [options]
 * @param {Partial<typeof DEFAULT_AGENT>} [options.agent] overrides
 * @param {boolean} [options.signedIn=true] start signed in (NOT_READY, -1)
 * @param {() => Date} [options.now]
 * @returns {AgentModel}
 */
export function createAgentModel(options = {}) {
  const now = options.now ?? (() => new Date());
  const profile = { ...DEFAULT_AGENT, ...options.agent };
  profile.roles = [...(options.agent?.roles ?? DEFAULT_AGENT.roles)];
  let firstSignInDone = false;
  let rawDocument = null;
  const status = {
    state: 'LOGOUT',
    stateChangeTime: '',
    reasonCodeId: '',
    reason: null,
  };

  function stamp() {
    if (firstSignInDone) return now().toISOString();
    firstSignInDone = true;
    return FIRST_SIGN_IN_TIME;
  }

  function refuse(message, code = 409) {
    throw Object.assign(new Error(message), { status: code });
  }

  function setState(state, reasonCodeId, reason, time) {
    Object.assign(status, { state, reasonCodeId, reason });
    status.stateChangeTime = time ?? now().toISOString();
    rawDocument = null;
  }

  function findReason(ref) {
    const key = String(ref ?? NOT_READY_REASONS[0].id);
    const reason = NOT_READY_REASONS.find(
      (r) => r.id === key || r.label.toLowerCase() === key.toLowerCase(),
    );
    return reason ?? refuse(`unknown Not Ready reason "${key}"`, 400);
  }

  const actions = {
    signIn() {
      if (status.state !== 'LOGOUT') refuse('already signed in');
      setState('NOT_READY', '-1', null, stamp());
    },
    ready() {
      if (status.state === 'LOGOUT') refuse('signed out');
      setState('READY', '', null);
    },
    notReady(args) {
      if (status.state === 'LOGOUT') refuse('signed out');
      const reason = findReason(args.reasonCodeId ?? args.reason);
      setState('NOT_READY', reason.id, reason);
    },
    signOut() {
      if (status.state === 'LOGOUT') refuse('already signed out');
      setState('LOGOUT', '', null);
    },
    rename(args) {
      const given = args.firstName !== undefined || args.lastName !== undefined;
      profile.firstName = String(args.firstName ?? profile.firstName);
      profile.lastName = String(
        args.lastName ?? (given ? profile.lastName : 'Renamed'),
      );
      rawDocument = null;
    },
    set(args) {
      // Any profile or status field, for tests that need odd values.
      for (const [key, value] of Object.entries(args.fields ?? {})) {
        if (key in status) status[key] = value;
        else profile[key] = value;
      }
      rawDocument = null;
    },
  };

  if (options.signedIn !== false) actions.signIn();

  function userXml() {
    if (rawDocument !== null) return rawDocument;
    const id = profile.loginId;
    const values = {
      uri: `/finesse/api/User/${id}`,
      roles: profile.roles.map((r) => `<role>${escapeXml(r)}</role>`),
      loginId: id,
      loginName: profile.loginName,
      state: status.state,
      stateChangeTime: status.stateChangeTime,
      pendingState: '',
      reasonCodeId: status.reasonCodeId,
      ReasonCode: status.reason && reasonCodeXml(status.reason),
      settings:
        '<wrapUpOnIncoming>OPTIONAL</wrapUpOnIncoming>' +
        '<wrapUpOnOutgoing>NOT_ALLOWED</wrapUpOnOutgoing>',
      extension: profile.extension,
      firstName: profile.firstName,
      lastName: profile.lastName,
      teamId: profile.teamId,
      teamName: profile.teamName,
      mediaType: profile.mediaType,
      dialogs: `/finesse/api/User/${id}/Dialogs`,
    };
    const structured = new Set(['roles', 'ReasonCode', 'settings']);
    const body = FIELD_ORDER.filter(
      (name) => values[name] !== null && values[name] !== undefined,
    ).map((name) => {
      const value = values[name];
      const inner = structured.has(name)
        ? [].concat(value).join('')
        : escapeXml(value);
      return `  <${name}>${inner}</${name}>`;
    });
    return `<User>\n${body.join('\n')}\n</User>`;
  }

  return {
    id: () => profile.loginId,
    profile: () => ({ ...profile, ...status }),
    signedIn: () => status.state !== 'LOGOUT',
    userXml,
    act(action, args = {}) {
      const run = Object.hasOwn(actions, action) ? actions[action] : null;
      if (!run) refuse(`unknown action "${action}"`, 400);
      run(args);
    },
    replaceDocument(xml) {
      rawDocument = String(xml);
    },
  };
}

function reasonCodeXml(reason) {
  return (
    '<category>NOT_READY</category>' +
    `<uri>/finesse/api/ReasonCode/${reason.id}</uri>` +
    `<code>${reason.code}</code>` +
    `<label>${escapeXml(reason.label)}</label>` +
    '<forAll>true</forAll><systemCode>false</systemCode>' +
    `<id>${reason.id}</id>`
  );
}
