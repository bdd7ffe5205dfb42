import {
  buildAgentStateMessage,
  buildConnectionMessage,
  buildLoginMessage,
  buildLogoutMessage,
  ConnectionState,
  type AgentStateInfo,
  type OutgoingMessage,
} from '../protocol/index.js';
import type { AgentEvent } from '../session/agent-session.js';
import type { SignedInAgent } from '../session/sign-in-tracker.js';
import type { HostBridge } from './host-bridge.js';

/**
 * Tells the hosts about agent events: each event becomes at most one live
 * message, and the bridge always knows the current state to replay.
 */
export class AgentRelay {
  #current: { agent: SignedInAgent; state: AgentStateInfo } | undefined;

  readonly #bridge: HostBridge;

  constructor(bridge: HostBridge) {
    this.#bridge = bridge;
  }

  /** Handles one event from the agent session. */
  readonly relay = (event: AgentEvent): void => {
    switch (event.kind) {
      case 'signed-in':
        this.#bridge.publish(
          buildLoginMessage(
            event.agent.identity,
            event.agent.signInTime,
            false,
          ),
        );
        this.#remember(event);
        break;

      case 'resumed':
        // Not news, but hosts that registered before the gadget knew of
        // the agent were told no one is signed in.
        this.#remember(event, true);
        break;

      case 'state-changed':
        this.#bridge.publish(
          buildAgentStateMessage(event.agent.identity, event.state, false),
        );
        this.#remember(event);
        break;

      case 'refreshed':
        this.#remember(event);
        break;

      case 'signed-out':
        this.#bridge.publish(
          buildLogoutMessage(event.agent.identity, event.signOut, false),
        );
        this.#current = undefined;
        this.#bridge.setCurrent([]);
        break;

      case 'sign-out-held':
        break;

      case 'connection':
        this.#bridge.publish(buildConnectionMessage(event.state, event.at));
        if (event.state === ConnectionState.Restored && this.#current) {
          const { agent, state } = this.#current;
          this.#bridge.publish(
            buildAgentStateMessage(agent.identity, state, true),
          );
        }
        break;
    }
  };

  #remember(
    event: { agent: SignedInAgent; state: AgentStateInfo },
    tellRegistered = false,
  ) {
    this.#current = { agent: event.agent, state: event.state };
    this.#bridge.setCurrent(replayOf(event.agent, event.state), tellRegistered);
  }
}

/** The current state as a late host must receive it. */
function replayOf(
  agent: SignedInAgent,
  state: AgentStateInfo,
): OutgoingMessage[] {
  return [
    buildLoginMessage(agent.identity, agent.signInTime, true),
    buildAgentStateMessage(agent.identity, state, true),
  ];
}
