/**
 * The host side of the Finesse Host Bridge: a dependency-free module for
 * the application that receives the gadget's events.
 *
 * @example
 * import { connectToFinesse } from './finesse-host-bridge-client.js';
 *
 * connectToFinesse({
 *   finesseOrigins: ['https://finesse-a.example.org:8445'],
 *   source: 'my-ehr',
 *   onEvent(event) {
 *     if (event.type === 'login') showAgent(event.data, event.meta.replay);
 *   },
 * });
 */
export {
  connectToFinesse,
  LinkState,
  Topology,
  type AgentSnapshot,
  type BridgeEvent,
  type FinesseBridge,
  type FinesseBridgeOptions,
  type MessageMeta,
} from './connect-to-finesse.js';
export { isGadgetMessage, type ReceivedMessage } from './is-gadget-message.js';
export type {
  AgentStateData,
  AgentStateEvent,
  ConnectionState,
  LoginData,
  LogoutData,
  LogoutReason,
} from '../protocol/index.js';
