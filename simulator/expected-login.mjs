/**
 * The contract's Login for the simulator's default agent, and a
 * comparison that explains any difference.
 */

/** The Login the default agent's first sign-in must produce. */
export const EXPECTED_LOGIN = Object.freeze({
  channel: 'Finesse',
  topic: 'Agent',
  subtopic: 'Login',
  message: {
    event: 'login',
    source: 'event',
    data: {
      name: 'ehragent3 ehragent3',
      extension: '5024',
      loginName: 'ehragent3',
      loginId: '812508198',
      mediaType: '1',
      teamId: '5014',
      teamName: 'EHRTesting',
      reasonCode: 'login',
      state: 'login',
      stateChangeTime: '2024-04-22T11:28:06.628Z',
      agentType: 'not_routable',
    },
  },
});

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function diffValues(expected, actual, where, out, extraKeysAllowed) {
  if (isObject(expected)) {
    if (!isObject(actual)) {
      out.push(
        `${where || '(message)'}: expected an object, got ` +
          JSON.stringify(actual),
      );
      return;
    }
    for (const key of Object.keys(expected)) {
      const at = where ? `${where}.${key}` : key;
      if (!Object.hasOwn(actual, key)) out.push(`${at}: missing`);
      else diffValues(expected[key], actual[key], at, out, false);
    }
    if (extraKeysAllowed) return;
    for (const key of Object.keys(actual)) {
      if (!Object.hasOwn(expected, key)) {
        out.push(
          `${where ? where + '.' : ''}${key}: unexpected ` +
            JSON.stringify(actual[key]),
        );
      }
    }
    return;
  }
  if (expected !== actual) {
    out.push(
      `${where}: expected ${JSON.stringify(expected)}, got ` +
        JSON.stringify(actual),
    );
  }
}

/**
 * Compares a received message with an expected one. Extra top-level keys
 * (replay, an envelope id) are allowed; everything inside `message` must
 * match exactly, value types included.
 * @param {unknown} actual
 * @param {object} [expected]
 * @returns {string[]} one line per difference; empty when they match
 */
export function diffMessage(actual, expected = EXPECTED_LOGIN) {
  const out = [];
  diffValues(expected, actual, '', out, true);
  return out;
}
