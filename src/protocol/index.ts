export {
  AgentType,
  CHANNEL,
  EventName,
  Subtopic,
  Topic,
  type GadgetMessage,
} from './vocabulary.js';
export {
  buildLoginMessage,
  type AgentIdentity,
  type LoginData,
  type LoginMessage,
} from './login-message.js';
export {
  agentStateEventFor,
  AgentStateEvent,
  buildAgentStateMessage,
  type AgentStateData,
  type AgentStateInfo,
  type AgentStateMessage,
} from './agent-state-message.js';
export {
  buildLogoutMessage,
  LogoutReason,
  type LogoutData,
  type LogoutMessage,
  type SignOutInfo,
} from './logout-message.js';
export {
  buildConnectionMessage,
  ConnectionState,
  type ConnectionData,
  type ConnectionMessage,
} from './connection-message.js';
export {
  ENVELOPE_FIELDS,
  PROTOCOL_VERSION,
  randomId,
  withEnvelope,
  type Envelope,
} from './envelope.js';
export {
  buildAgentStateReply,
  isGetAgentStateRequest,
  type AgentStateReplyData,
  type AgentStateReplyMessage,
  type GetAgentStateRequest,
} from './get-agent-state.js';
export {
  buildHeartbeatMessage,
  buildHelloMessage,
  HEARTBEAT_INTERVAL_MS,
  type HeartbeatData,
  type HeartbeatMessage,
  type HelloMessage,
} from './link-messages.js';
export {
  isRegisterRequest,
  MAX_SOURCE_LENGTH,
  type RegisterRequest,
} from './register-request.js';
export {
  buildRegisteredMessage,
  type RegisteredData,
  type RegisteredMessage,
} from './registered-message.js';

import type { AgentStateMessage } from './agent-state-message.js';
import type { AgentStateReplyMessage } from './get-agent-state.js';
import type { HeartbeatMessage, HelloMessage } from './link-messages.js';
import type { ConnectionMessage } from './connection-message.js';
import type { LoginMessage } from './login-message.js';
import type { LogoutMessage } from './logout-message.js';
import type { RegisteredMessage } from './registered-message.js';

/** Every message the gadget sends to a host. */
export type OutgoingMessage =
  | LoginMessage
  | AgentStateMessage
  | LogoutMessage
  | ConnectionMessage
  | AgentStateReplyMessage
  | RegisteredMessage
  | HelloMessage
  | HeartbeatMessage;
