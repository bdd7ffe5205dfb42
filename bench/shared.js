/*
 * The benchmark's agent timeline, shared by the fake desktop (gadget
 * origin) and the host page (host origin): change i of the run is the
 * i-th transition after the sign-in, with its own stateChangeTime, so the
 * gadget sends exactly one SetAgentState for each.
 */
(function () {
  'use strict';
  var SIGN_IN = Date.parse('2025-03-04T08:00:00.000Z');
  var STEP_MS = 1000;

  /** The stateChangeTime of change i (0 is the sign-in). */
  function stateChangeTime(i) {
    return new Date(SIGN_IN + i * STEP_MS).toISOString();
  }

  /** The `event` the gadget must send for change i (i >= 1). */
  function expectedEvent(i) {
    return i % 2 === 1 ? 'Ready' : 'NotReady';
  }

  self.BenchTimeline = {
    stateChangeTime: stateChangeTime,
    expectedEvent: expectedEvent,
  };
})();
