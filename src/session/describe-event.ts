import type { AgentEvent } from './agent-session.js';

/** One client-log line for `event`, without names or identifiers. */
export function describeEvent(event: AgentEvent): string {
  switch (event.kind) {
    case 'signed-in':
      return 'the agent signed in';
    case 'resumed':
      return 'the agent was already signed in';
    case 'state-changed':
      return `the agent is now ${event.state.state}`;
    case 'refreshed':
      return 'the User was re-read; nothing changed';
    case 'signed-out':
      return `the agent signed out (${event.signOut.reason})`;
    case 'connection':
      return `the connection to Finesse is ${event.state}`;
    case 'sign-out-held':
      return (
        'a LOGOUT without reason arrived near a failover; holding it ' +
        `${event.graceMs / 1000} s in case the agent is still signed in`
      );
  }
}
