import type { AgentEvent } from './agent-session.js';

/** One client-log line for `event`, without names or identifiers. */
export function describeEvent(event: AgentEvent): string {
  switch (event.kind) {
    case 'signed-in':
      return 'agent signed in';
    case 'resumed':
      return 'agent already signed in';
    case 'state-changed':
      return `agent ${event.state.state}`;
    case 'refreshed':
      return 'User re-read, unchanged';
    case 'signed-out':
      return `agent signed out: ${event.signOut.reason}`;
    case 'connection':
      return `Finesse connection ${event.state}`;
    case 'sign-out-held':
      // A failover's LOGOUT looks like a real one until the grace ends.
      return `LOGOUT without reason held ${event.graceMs / 1000} s`;
  }
}
