/**
 * Declarations for the parts of the Cisco Finesse JavaScript library
 * (finesse.js) and of the OpenSocial gadgets API that the host-bridge gadget
 * calls. Only what is called is declared, and each member is typed the way
 * Finesse really hands it over: User data values are `string | null` (an
 * empty XML element becomes `null`, a missing one `undefined`), a repeated
 * element becomes an array, and states are open strings.
 *
 * The globals are declared on `Window` as optional, because a gadget whose
 * script path is wrong boots without them and must say so.
 */

/** The agent states finesse.js knows; Finesse may send others. */
export type KnownUserState =
  | 'LOGIN'
  | 'LOGOUT'
  | 'NOT_READY'
  | 'READY'
  | 'RESERVED'
  | 'RESERVED_OUTBOUND'
  | 'RESERVED_OUTBOUND_PREVIEW'
  | 'TALKING'
  | 'HOLD'
  | 'WORK'
  | 'WORK_READY'
  | 'UNKNOWN';

/**
 * A state as the User reports it: one of the known states, or any other
 * string a newer Finesse release sends.
 */
// `string & {}` keeps the known names visible to editors without closing
// the type.
// eslint-disable-next-line @typescript-eslint/ban-types
export type UserState = KnownUserState | (string & {});

/**
 * A text value after finesse.js's XML-to-JSON conversion: a string, `null`
 * for an empty element, `undefined` when the element is absent, or an array
 * when the element is repeated.
 */
export type XmlText = string | null | undefined | string[];

/** `<ReasonCode>` as converted by finesse.js. */
export interface ReasonCodeData {
  category?: XmlText;
  uri?: XmlText;
  code?: XmlText;
  label?: XmlText;
  forAll?: XmlText;
  systemCode?: XmlText;
  id?: XmlText;
}

/**
 * `user.getData()`: the `<User>` document converted Goessner-style. Every
 * leaf is an {@link XmlText}; `roles.role` is a string for one role and an
 * array for several.
 */
export interface UserData {
  uri?: XmlText;
  roles?: { role?: XmlText } | null;
  loginId?: XmlText;
  loginName?: XmlText;
  state?: XmlText;
  stateChangeTime?: XmlText;
  pendingState?: XmlText;
  reasonCodeId?: XmlText;
  /** Capitalised in REST responses. */
  ReasonCode?: ReasonCodeData | null;
  /** Lower case in some notifications; finesse.js 10.5 reads this one. */
  reasonCode?: ReasonCodeData | null;
  extension?: XmlText;
  firstName?: XmlText;
  lastName?: XmlText;
  teamId?: XmlText;
  teamName?: XmlText;
  mediaType?: XmlText;
  [other: string]: unknown;
}

/** What `onError` receives; `undefined` when the hub subscription failed. */
export interface RestErrorResponse {
  status?: number;
  content?: string;
  error?: { errorType?: string; errorMessage?: string };
}

export interface UserOptions {
  /** Must be a string: finesse.js throws on any other type. */
  id: string;
  /** Fires once, after the first successful GET. */
  onLoad?: (user: User) => void;
  /**
   * Fires on every User update, refresh and failover recovery, whether or
   * not anything changed.
   */
  onChange?: (user: User) => void;
  onError?: (response: RestErrorResponse | undefined) => void;
}

/** `finesse.restservices.User`. Getters throw until the object has loaded. */
export interface User {
  /** The id passed to the constructor. */
  getId(): string;
  /** The whole converted User document, replaced on every update. */
  getData(): UserData;
}

export interface UserConstructor {
  new (options: UserOptions): User;
}

/**
 * `finesse.gadget.Config`, built by the library on 11.5 and later desktops;
 * older desktops leave it to the gadget. `ClientServices.init` writes `id`
 * and `password` back into it.
 */
export interface GadgetConfig {
  authorization?: string;
  host?: string;
  hostPort?: string;
  restHost?: string;
  scheme?: string;
  localhostFQDN?: string;
  localhostPort?: string;
  xmppDomain?: string;
  pubsubDomain?: string;
  clientDriftInMillis?: number;
  id?: string;
  password?: string;
}

export interface ClientServices {
  init(config: GadgetConfig): void;
  /** Runs `handler` when the desktop's connection to Finesse is back. */
  registerOnConnectHandler(handler: () => void): void;
  /** Runs `handler` when the desktop starts failing over. */
  registerOnDisconnectHandler(handler: () => void): void;
}

export interface ClientLogger {
  init(hub: GadgetsHub, gadgetId: string, config?: GadgetConfig): void;
  /** Sends one line to the Finesse client log. */
  log(message: string): void;
}

export interface ContainerServicesInstance {
  addHandler(topic: string, handler: (data: unknown) => void): void;
  makeActiveTabReq(): void;
}

export interface ContainerServices {
  init(): ContainerServicesInstance;
  readonly Topics: { readonly ACTIVE_TAB: string };
}

/** The `finesse` global that finesse.js defines. */
export interface FinesseLibrary {
  gadget?: { Config?: GadgetConfig };
  clientservices: { ClientServices: ClientServices };
  cslogger: { ClientLogger: ClientLogger };
  restservices: { User: UserConstructor };
  containerservices: { ContainerServices: ContainerServices };
}

/** `gadgets.Hub`: opaque to the gadget, handed to the client logger. */
export interface GadgetsHub {
  isConnected(): boolean;
}

/** `new gadgets.Prefs()`: the gadget's UserPrefs. */
export interface GadgetsPrefs {
  getString(name: string): string;
  getInt(name: string): number;
}

/** The `gadgets` global that the container provides. */
export interface GadgetsApi {
  HubSettings: { onConnect?: () => void };
  Hub: GadgetsHub;
  Prefs: new () => GadgetsPrefs;
  window: {
    adjustHeight(height?: number): void;
    setTitle(title: string): void;
  };
  loadingindicator?: { dismiss(): void };
}

declare global {
  interface Window {
    finesse?: FinesseLibrary;
    gadgets?: GadgetsApi;
  }
}
