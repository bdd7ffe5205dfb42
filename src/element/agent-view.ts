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
