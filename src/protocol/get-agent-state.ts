import {
  CHANNEL,
  flag,
  gadgetMessage,
  EventName,
  Subtopic,
  Topic,
  type GadgetMessage,
} from './vocabulary.js';
import { isRequest } from './register-request.js';

/**
 * What a registered host sends to learn the current state again, for
 * example after it saw a gap in `seq`.
 */
export interface GetAgentStateRequest {
  channel: typeof CHANNEL;
  topic: typeof Topic.Agent;
  subtopic: typeof Subtopic.GetAgentState;
  source: string;
}

/** Whether `value`, received from another window, is a GetAgentState. */
export function isGetAgentStateRequest(
  value: unknown,
): value is GetAgentStateRequest {
  return isRequest(value, Topic.Agent, Subtopic.GetAgentState);
}

/** `message.data` of the answer to a GetAgentState. */
export interface AgentStateReplyData {
  /** "true" when an agent is signed in; Login and state follow at once. */
  agentSignedIn: 'true' | 'false';
}

/** The answer to a GetAgentState. */
export type AgentStateReplyMessage = GadgetMessage<
  typeof Topic.Agent,
  typeof Subtopic.GetAgentState,
  typeof EventName.AgentState,
  AgentStateReplyData
>;

/** Builds the answer to a GetAgentState. */
export function buildAgentStateReply(
  agentSignedIn: boolean,
): AgentStateReplyMessage {
  return gadgetMessage(
    Topic.Agent,
    Subtopic.GetAgentState,
    EventName.AgentState,
    { agentSignedIn: flag(agentSignedIn) },
  );
}
