import type { AgentEvent } from '../session/agent-session.js';

/** What the gadget shows about the agent. */
export interface AgentView {
  name: string;
  extension: string;
  teamName: string;
  /** The Finesse state, e.g. NOT_READY. */
  state: string;
  /** The Not Ready or sign-out reason's label, "" when none. */
  reason: string;
}

/** "NOT_READY" as "Not Ready", for people. */
export function stateLabel(state: string): string {
  return state
    .toLowerCase()
    .split('_')
    .filter((word) => word !== '')
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join(' ');
}

/**
 * What the gadget shows after a session event, or undefined when the
 * event changes nothing the agent sees. The view follows what the hosts
 * were told, not raw readings the session set aside.
 */
export function agentViewFor(event: AgentEvent): AgentView | undefined {
  if (event.kind === 'connection' || event.kind === 'sign-out-held') {
    return undefined;
  }

  const { name, extension, teamName } = event.agent.identity;
  return event.kind === 'signed-out'
    ? { name, extension, teamName, state: 'LOGOUT', reason: '' }
    : {
        name,
        extension,
        teamName,
        state: event.state.state,
        reason: event.state.reasonLabel,
      };
}
