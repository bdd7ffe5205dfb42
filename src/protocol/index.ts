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
  isRegisterRequest,
  MAX_SOURCE_LENGTH,
  type RegisterRequest,
} from './register-request.js';
export {
  buildRegisteredMessage,
  type RegisteredData,
  type RegisteredMessage,
} from './registered-message.js';

import type { LoginMessage } from './login-message.js';
import type { RegisteredMessage } from './registered-message.js';

/** Every message the gadget sends to a host. */
export type OutgoingMessage = LoginMessage | RegisteredMessage;
