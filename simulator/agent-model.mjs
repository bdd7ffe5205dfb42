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

/**
 * The sign-out reason codes the administrator configured (category
 * LOGOUT): the agent picks one when signing out, and the User then carries
 * a ReasonCode element, as for a Not Ready reason.
 */
export const SIGN_OUT_REASONS = Object.freeze([
  Object.freeze({ id: '18', code: '20', label: 'End of shift' }),
  Object.freeze({ id: '19', code: '21', label: 'Training' }),
]);

/**
 * Sign-out reason codes the platform itself uses (platform reference 4.1):
 * a sign-out carrying one has a reasonCodeId and no ReasonCode element.
 */
export const SYSTEM_SIGN_OUT_CODES = Object.freeze({
  forcedLogout: '255', // Finesse lost the desktop: connection failure
  supervisorSignOut: '22', // Unified CCX: signed out by a supervisor
  signedInElsewhere: '32740', // Unified CCX: signed in elsewhere
});

/**
 * The signed-in states besides NOT_READY, and the action that enters
 * each. No call flow is enforced: any signed-in state may follow any
 * other, so a test can reach each one directly.
 */
export const STATE_ACTIONS = Object.freeze({
  ready: 'READY',
  reserved: 'RESERVED',
  talking: 'TALKING',
  hold: 'HOLD',
  work: 'WORK',
  workReady: 'WORK_READY',
});

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
 * @property {() => {state: string, stateChangeTime: string,
 *   reasonCodeId: string, reason: object | null}} status the current
 *   state, to put back later with `restore`
 * @property {(saved: object) => void} restore puts back a `status()`,
 *   stateChangeTime included (Finesse re-publishing an unchanged state)
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

  // Every change gets a later stateChangeTime than the one before, even
  // when two changes fall in the same millisecond.
  let lastStamp = 0;
  function nextTime() {
    const t = Math.max(now().getTime(), lastStamp + 1);
    lastStamp = t;
    return new Date(t).toISOString();
  }

  function stamp() {
    if (firstSignInDone) return nextTime();
    firstSignInDone = true;
    return FIRST_SIGN_IN_TIME;
  }

  function refuse(message, code = 409) {
    throw Object.assign(new Error(message), { status: code });
  }

  function changeTo(state, reasonCodeId, reason, time) {
    Object.assign(status, { state, reasonCodeId, reason });
    status.stateChangeTime = time ?? nextTime();
    rawDocument = null;
  }

  function findReason(ref) {
    const key = String(ref ?? NOT_READY_REASONS[0].id);
    const reason = NOT_READY_REASONS.find(
      (r) => r.id === key || r.label.toLowerCase() === key.toLowerCase(),
    );
    return reason ?? refuse(`unknown Not Ready reason "${key}"`, 400);
  }

  function signedInOnly() {
    if (status.state === 'LOGOUT') refuse('signed out');
  }

  // A sign-out: with a configured reason (id or label) the User carries
  // its ReasonCode; any other id (a system code such as 255, or -1) is
  // the reasonCodeId alone; none at all leaves reasonCodeId empty.
  function signOutWith(ref) {
    if (status.state === 'LOGOUT') refuse('already signed out');
    const key = ref === undefined || ref === null ? '' : String(ref);
    const reason = SIGN_OUT_REASONS.find(
      (r) => r.id === key || r.label.toLowerCase() === key.toLowerCase(),
    );
    if (reason) {
      changeTo('LOGOUT', reason.id, { ...reason, category: 'LOGOUT' });
    } else if (key === '' || /^-?\d+$/.test(key)) {
      changeTo('LOGOUT', key, null);
    } else {
      refuse(`unknown sign-out reason "${key}"`, 400);
    }
  }

  const actions = {
    signIn() {
      if (status.state !== 'LOGOUT') refuse('already signed in');
      changeTo('NOT_READY', '-1', null, stamp());
    },
    ...Object.fromEntries(
      Object.entries(STATE_ACTIONS).map(([action, state]) => [
        action,
        () => {
          signedInOnly();
          changeTo(state, '', null);
        },
      ]),
    ),
    notReady(args) {
      signedInOnly();
      const reason = findReason(args.reasonCodeId ?? args.reason);
      changeTo('NOT_READY', reason.id, reason);
    },
    /** The agent signs out, with a reason of their choice or none. */
    signOut(args) {
      signOutWith(args.reasonCodeId ?? args.reason);
    },
    ...Object.fromEntries(
      Object.entries(SYSTEM_SIGN_OUT_CODES).map(([action, code]) => [
        action,
        () => signOutWith(code),
      ]),
    ),
    /**
     * Any state with any reason code id, as Finesse would report it
     * (e.g. the LOGOUT -1 of a failover, NOT_READY -1 of a sign-in, or a
     * system code such as 999 or 33); the User carries a ReasonCode only
     * for a configured Not Ready or sign-out reason.
     */
    setState(args) {
      const state = String(args.state ?? '');
      if (!/^[A-Z_]+$/.test(state)) refuse(`bad state "${state}"`, 400);
      const id = String(args.reasonCodeId ?? '');
      const list = state === 'LOGOUT' ? SIGN_OUT_REASONS : NOT_READY_REASONS;
      const known =
        state === 'LOGOUT' || state === 'NOT_READY'
          ? list.find((r) => r.id === id)
          : undefined;
      changeTo(
        state,
        id,
        known
          ? { ...known, category: state === 'LOGOUT' ? 'LOGOUT' : 'NOT_READY' }
          : null,
        args.stateChangeTime === undefined
          ? undefined
          : String(args.stateChangeTime),
      );
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
    status: () => ({ ...status }),
    restore(saved) {
      Object.assign(status, saved);
      rawDocument = null;
    },
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
    `<category>${reason.category ?? 'NOT_READY'}</category>` +
    `<uri>/finesse/api/ReasonCode/${reason.id}</uri>` +
    `<code>${reason.code}</code>` +
    `<label>${escapeXml(reason.label)}</label>` +
    '<forAll>true</forAll><systemCode>false</systemCode>' +
    `<id>${reason.id}</id>`
  );
}
