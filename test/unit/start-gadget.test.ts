import { userData } from './fixtures.js';
import { expect, waitUntil } from '@open-wc/testing';
import type {
  FinesseLibrary,
  GadgetConfig,
  GadgetsApi,
  RestErrorResponse,
  User,
  UserData,
  UserOptions,
} from 'finesse-gadget-types';
import { startGadget } from '../../gadget/start-gadget.js';
import type { FinesseHostBridge } from '../../src/element/finesse-host-bridge.js';
import { Subtopic, type LogoutMessage } from '../../src/protocol/index.js';
import {
  expectAck,
  expectContractLogin,
  isLogin,
  registerRequest,
  SAMPLE_LOGIN_DATA,
  type ContractLoginData,
} from './contract-check.js';
import {
  recordedHost,
  removeRecordedHosts,
  type RecordedHost,
} from './host-window.js';

const EHR = 'https://ehr.example';
const SPEC = 'https://finesse.example/3rdpartygadget/files/gadget.xml';

function frameSearch(query: string): string {
  return `?url=${encodeURIComponent(`${SPEC}?${query}`)}&container=default&mid=2`;
}

const DEFAULT_QUERY = `hostUrl=${encodeURIComponent('https://ehr.example/')}`;

interface FakeDesktopOptions {
  query?: string;
  /** What ClientServices.init writes into config.id; null writes nothing. */
  userId?: string | null;
  /** finesse.gadget.Config, as 11.5+ desktops provide it; absent otherwise. */
  libraryConfig?: GadgetConfig;
  prefs?: Record<string, string>;
  withoutFinesse?: boolean;
  /** ContainerServices.init throws, as on a desktop without them. */
  brokenContainer?: boolean;
}

/** Every desktop a test started, so that each page can be closed after. */
const started: FakeDesktop[] = [];

/** A Finesse desktop in miniature: the finesse and gadgets globals. */
class FakeDesktop {
  readonly users: UserOptions[] = [];
  readonly clientLog: string[] = [];
  readonly servicesInit: GadgetConfig[] = [];
  readonly loggerInit: {
    gadgetId: string;
    config: GadgetConfig | undefined;
  }[] = [];
  readonly messageListeners: ((event: Event) => void)[] = [];
  readonly pagehideListeners: ((event: Event) => void)[] = [];
  readonly hub = { onConnect: undefined as (() => void) | undefined };
  readonly onConnected: (() => void)[] = [];
  readonly onDisconnected: (() => void)[] = [];
  adjustHeightCalls = 0;
  readonly win: Window;
  private data: UserData = userData();

  constructor(options: FakeDesktopOptions = {}) {
    const userId = options.userId === undefined ? '1001001' : options.userId;
    const prefs: Record<string, string> = {
      scheme: 'https',
      host: 'finesse.example',
      hostPort: '8445',
      restHost: 'finesse.example',
      authorization: 'Basic MTAwMTAwMTpzZWNyZXQ=',
      hostUrl: '',
      hostOrigins: '',
      hostTarget: 'frame',
      debug: 'false',
      ...options.prefs,
    };

    const desktop = this;
    const finesse: FinesseLibrary = {
      clientservices: {
        ClientServices: {
          init(config) {
            desktop.servicesInit.push(config);
            // The real library decodes the authorization pref into id.
            if (userId !== null) config.id = userId;
          },
          registerOnConnectHandler(handler) {
            desktop.onConnected.push(handler);
          },
          registerOnDisconnectHandler(handler) {
            desktop.onDisconnected.push(handler);
          },
        },
      },
      cslogger: {
        ClientLogger: {
          init(_hub, gadgetId, config) {
            desktop.loggerInit.push({ gadgetId, config });
          },
          log(message) {
            desktop.clientLog.push(message);
          },
        },
      },
      restservices: {
        User: function FakeUser(this: User, userOptions: UserOptions) {
          desktop.users.push(userOptions);
        } as unknown as FinesseLibrary['restservices']['User'],
      },
      containerservices: {
        ContainerServices: {
          init: () => {
            if (options.brokenContainer) throw new Error('no container');
            return { addHandler() {}, makeActiveTabReq() {} };
          },
          Topics: { ACTIVE_TAB: 'finesse.containerservices.activeTab' },
        },
      },
    };
    if (options.libraryConfig)
      finesse.gadget = { Config: options.libraryConfig };

    const gadgets: GadgetsApi = {
      HubSettings: this.hub,
      Hub: { isConnected: () => true },
      Prefs: class {
        getString(name: string) {
          return prefs[name] ?? '';
        }
        getInt(name: string) {
          return Number(prefs[name] ?? 0) || 0;
        }
      },
      window: {
        adjustHeight: () => {
          desktop.adjustHeightCalls += 1;
        },
        setTitle() {},
      },
      loadingindicator: { dismiss() {} },
    };

    this.win = {
      finesse: options.withoutFinesse ? undefined : finesse,
      gadgets: options.withoutFinesse ? undefined : gadgets,
      location: { search: frameSearch(options.query ?? DEFAULT_QUERY) },
      document,
      sessionStorage: window.sessionStorage,
      addEventListener(type: string, listener: (event: Event) => void) {
        if (type === 'message') desktop.messageListeners.push(listener);
        if (type === 'pagehide') desktop.pagehideListeners.push(listener);
      },
    } as unknown as Window;
  }

  start(): this {
    started.push(this);
    startGadget(this.win);
    return this;
  }

  connect(): this {
    expect(this.hub.onConnect, 'the gadget set no onConnect hook').to.be.a(
      'function',
    );
    this.hub.onConnect!();
    return this;
  }

  private user(): UserOptions {
    expect(this.users, 'no User was created').to.have.lengthOf(1);
    return this.users[0]!;
  }

  private fakeUser(): User {
    const data = this.data;
    const id = this.user().id;
    return { getId: () => id, getData: () => data };
  }

  load(data: UserData = userData()): this {
    this.data = data;
    this.user().onLoad?.(this.fakeUser());
    return this;
  }

  change(data: UserData): this {
    this.data = data;
    this.user().onChange?.(this.fakeUser());
    return this;
  }

  fail(response: RestErrorResponse | undefined): this {
    this.user().onError?.(response);
    return this;
  }

  /** The page goes away (a reload or a close), as a browser says it. */
  hide(): this {
    const event = new PageTransitionEvent('pagehide', { persisted: false });
    for (const listener of this.pagehideListeners) listener(event);
    return this;
  }

  /** A host window registers, as a browser would deliver it. */
  register(host: RecordedHost, origin = EHR, source = 'EHR'): this {
    const event = new MessageEvent('message', {
      data: registerRequest(source),
      origin,
      source: host.win,
    });
    for (const listener of this.messageListeners) listener(event);
    return this;
  }
}

function element(): FinesseHostBridge {
  const el = document.querySelector('finesse-host-bridge');
  if (!el) throw new Error('the gadget rendered no <finesse-host-bridge>');
  return el;
}

function alertText(): string {
  return (
    element().shadowRoot?.querySelector('[role="alert"]')?.textContent ?? ''
  );
}

async function rendered(): Promise<FinesseHostBridge> {
  const el = element();
  await el.updateComplete;
  return el;
}

/** A desktop with one registered host, after the default sign-in. */
function signedInWithHost(): { desktop: FakeDesktop; host: RecordedHost } {
  const desktop = new FakeDesktop().start().connect();
  const host = recordedHost();
  desktop.register(host);
  desktop.load(userData());
  return { desktop, host };
}

function loginsTo(host: RecordedHost) {
  return host.calls.filter(([message]) => isLogin(message));
}

function logoutsTo(host: RecordedHost): LogoutMessage[] {
  return host.calls
    .map(([message]) => message as LogoutMessage)
    .filter((message) => message.subtopic === Subtopic.Logout);
}

describe('startGadget', () => {
  beforeEach(() => window.sessionStorage.clear());

  afterEach(() => {
    // The page of each test goes, as a real one would, so that nothing it
    // still had to write lands in the next test's storage.
    for (const desktop of started.splice(0)) desktop.hide();
    window.sessionStorage.clear();
    removeRecordedHosts();
    for (const el of document.querySelectorAll('finesse-host-bridge'))
      el.remove();
  });

  describe('boot', () => {
    it('keeps working, and says so in the client log, without container services', async () => {
      const desktop = new FakeDesktop({ brokenContainer: true })
        .start()
        .connect();
      const host = recordedHost();
      desktop.load();
      desktop.register(host);

      expect(loginsTo(host)).to.have.lengthOf(1);
      expect(desktop.clientLog.join('\n')).to.contain(
        'container services are unavailable',
      );
      await rendered();
      expect(alertText()).to.equal('');
    });

    it('shows the state the hosts were told, not a stale reading', async () => {
      const desktop = new FakeDesktop().start().connect();
      desktop.load();
      desktop.change(
        userData({
          state: 'READY',
          stateChangeTime: '2025-03-04T08:05:00.000Z',
        }),
      );
      desktop.change(
        userData({
          state: 'TALKING',
          stateChangeTime: '2025-03-04T08:01:00.000Z',
        }),
      );

      const el = await rendered();
      expect(el.agent?.state).to.equal('READY');
    });

    it('creates exactly one User when the hub fires onConnect twice', () => {
      const desktop = new FakeDesktop().start().connect().connect();
      expect(desktop.users).to.have.lengthOf(1);
    });

    it('creates nothing before the hub connects', () => {
      const desktop = new FakeDesktop().start();
      expect(desktop.users).to.have.lengthOf(0);
    });

    for (const userId of ['1001001', '0012345', "agent.o'neil"]) {
      it(`passes the user id ${JSON.stringify(userId)} to the User as that exact string`, () => {
        const desktop = new FakeDesktop({ userId }).start().connect();
        expect(desktop.users[0]!.id).to.be.a('string');
        expect(desktop.users[0]!.id).to.equal(userId);
      });
    }

    it('builds the config from the prefs when finesse.gadget.Config is absent', () => {
      const desktop = new FakeDesktop().start().connect();

      expect(desktop.servicesInit).to.have.lengthOf(1);
      expect(desktop.servicesInit[0]).to.include({
        authorization: 'Basic MTAwMTAwMTpzZWNyZXQ=',
        host: 'finesse.example',
        hostPort: '8445',
        restHost: 'finesse.example',
        scheme: 'https',
      });
      expect(desktop.loggerInit[0]?.config).to.equal(desktop.servicesInit[0]);
      expect(desktop.loggerInit[0]?.gadgetId).to.equal('FinesseHostBridge');
    });

    it('uses finesse.gadget.Config when the library provides it', () => {
      const config: GadgetConfig = {
        host: 'library.example',
        authorization: 'x',
      };
      const desktop = new FakeDesktop({ libraryConfig: config })
        .start()
        .connect();
      expect(desktop.servicesInit[0]).to.equal(config);
    });

    it('shows FINESSE_MISSING when the Finesse library did not load', async () => {
      const errors: unknown[] = [];
      const original = console.error;
      console.error = (...args: unknown[]) => errors.push(args);
      try {
        new FakeDesktop({ withoutFinesse: true }).start();
      } finally {
        console.error = original;
      }

      await rendered();
      expect(alertText()).to.contain('FINESSE_MISSING');
      expect(JSON.stringify(errors)).to.contain('FINESSE_MISSING');
    });

    it('shows NO_USER_ID and creates no User when Finesse gives no user id', async () => {
      const desktop = new FakeDesktop({ userId: null }).start().connect();
      await rendered();
      expect(alertText()).to.contain('NO_USER_ID');
      expect(desktop.users).to.have.lengthOf(0);
    });

    it('shows that Finesse is reconnecting during failover, and not once it is back', async () => {
      const desktop = new FakeDesktop().start().connect();
      desktop.load();
      for (const handler of desktop.onDisconnected) handler();
      let el = await rendered();
      expect(el.shadowRoot!.textContent).to.contain('Reconnecting to Finesse');

      for (const handler of desktop.onConnected) handler();
      el = await rendered();
      expect(el.shadowRoot!.textContent).to.not.contain(
        'Reconnecting to Finesse',
      );
    });

    it('asks the desktop to adjust the gadget height after it renders', async () => {
      const desktop = new FakeDesktop().start().connect();
      const before = desktop.adjustHeightCalls;
      desktop.load();
      await rendered();
      await waitUntil(
        () => desktop.adjustHeightCalls > before,
        'no adjustHeight after render',
      );
    });
  });

  describe('errors', () => {
    const responses: [
      label: string,
      response: RestErrorResponse | undefined,
    ][] = [
      ['an HTTP 500', { status: 500, error: { errorType: 'Server Error' } }],
      ['a refused subscription (undefined)', undefined],
    ];
    for (const [label, response] of responses) {
      it(`shows USER_LOAD_FAILED for ${label} and sends no Login`, async () => {
        const desktop = new FakeDesktop().start().connect();
        const host = recordedHost();

        desktop.fail(response);
        desktop.register(host);

        await rendered();
        expect(alertText()).to.contain('USER_LOAD_FAILED');
        expect(desktop.clientLog.join('\n')).to.contain('USER_LOAD_FAILED');
        expect(loginsTo(host)).to.deep.equal([]);
        for (const [message] of host.calls) expectAck(message, 'EHR', 'false');
      });
    }

    const badUrls = [
      'javascript:alert(1)',
      'data:text/html,x',
      'blob:https://ehr.example/0a1b2c3d-0000-4000-8000-000000000000',
      'http://evil.example/',
      '/app',
      'https://agent:secret@ehr.example/',
      'https://*.ehr.example/',
    ];
    for (const url of badUrls) {
      it(`shows CONFIG_INVALID for hostUrl ${url}, logs it, and sends nothing`, async () => {
        const desktop = new FakeDesktop({
          query: `hostUrl=${encodeURIComponent(url)}`,
        })
          .start()
          .connect();
        desktop.load();

        const el = await rendered();
        expect(alertText()).to.contain('CONFIG_INVALID');
        expect(alertText()).to.contain('hostUrl');
        const logged = desktop.clientLog.filter((line) =>
          line.includes('CONFIG_INVALID'),
        );
        expect(logged).to.have.lengthOf.at.least(1);
        expect(logged.join('\n')).to.contain('hostUrl');
        // No listener means no host can register, so nothing can be sent.
        expect(desktop.messageListeners).to.deep.equal([]);
        expect(el.shadowRoot!.querySelector('iframe')).to.equal(null);
        expect(el.lastSent).to.equal(undefined);
      });
    }

    it('shows CONFIG_INVALID when neither the layout nor the prefs give a hostUrl', async () => {
      const desktop = new FakeDesktop({ query: 'debug=false' })
        .start()
        .connect();
      desktop.load();
      await rendered();
      expect(alertText()).to.contain('CONFIG_INVALID');
      expect(desktop.messageListeners).to.deep.equal([]);
    });

    it('takes hostUrl from the prefs when the layout gives none', async () => {
      const desktop = new FakeDesktop({
        query: 'debug=false',
        prefs: { hostUrl: 'https://ehr.example/' },
      })
        .start()
        .connect();
      const host = recordedHost();
      desktop.load().register(host);
      await rendered();
      expect(alertText()).to.equal('');
      expect(loginsTo(host)).to.have.lengthOf(1);
    });

    it('shows USER_DATA_INVALID and sends no Login for User data it cannot read', async () => {
      const desktop = new FakeDesktop().start().connect();
      const host = recordedHost();
      desktop.register(host);

      desktop.load(userData({ extension: ['5001', '5002'] }));

      await rendered();
      expect(alertText()).to.contain('USER_DATA_INVALID');
      expect(alertText()).to.contain('extension');
      expect(alertText()).to.not.contain('5002');
      expect(loginsTo(host)).to.deep.equal([]);
    });
  });

  it('clears USER_DATA_INVALID once Finesse sends usable data, and then signs in', async () => {
    const desktop = new FakeDesktop().start().connect();
    const host = recordedHost();
    desktop.register(host);
    desktop.load(userData({ state: null }));
    await rendered();
    expect(alertText()).to.contain('USER_DATA_INVALID');

    desktop.change(userData());
    await rendered();
    expect(alertText()).to.equal('');
    expect(loginsTo(host)).to.have.lengthOf(1);
  });

  it('in top mode, lets the window embedding the desktop register from hostOrigins, and renders no iframe', async () => {
    const desktop = new FakeDesktop({
      query: `hostTarget=top&hostOrigins=${encodeURIComponent('https://portal.example')}`,
    })
      .start()
      .connect();
    desktop.load(userData());
    const top = recordedHost();
    const other = recordedHost();

    desktop.register(top, 'https://portal.example', 'Portal');
    desktop.register(other, EHR);

    expectAck(top.calls[0]![0], 'Portal', 'true');
    expectContractLogin(top.calls[1]![0], SAMPLE_LOGIN_DATA, false);
    expect(top.calls.map(([, origin]) => origin)).to.deep.equal([
      'https://portal.example',
      'https://portal.example',
    ]);
    expect(other.calls).to.deep.equal([]);
    const el = await rendered();
    expect(el.shadowRoot!.querySelector('iframe')).to.equal(null);
  });

  describe('the Login', () => {
    it('sends an ack and one Login with replay false to a host registering after a fresh sign-in', async () => {
      const desktop = new FakeDesktop().start().connect();
      desktop.load(userData());
      const host = recordedHost();

      desktop.register(host);

      expect(host.calls).to.have.lengthOf(2);
      expectAck(host.calls[0]![0], 'EHR', 'true');
      expectContractLogin(host.calls[1]![0], SAMPLE_LOGIN_DATA, false);
      expect(host.calls.map(([, origin]) => origin)).to.deep.equal([EHR, EHR]);

      const el = await rendered();
      expect(el.shadowRoot!.textContent).to.contain('Jane Doe');
      expect(
        el.shadowRoot!.querySelector('iframe')?.getAttribute('src'),
      ).to.equal('https://ehr.example/');
    });

    it('sends one Login with replay false to a host that registered before the sign-in', () => {
      const desktop = new FakeDesktop().start().connect();
      const host = recordedHost();
      desktop.register(host);

      desktop.load(userData());

      expect(loginsTo(host)).to.have.lengthOf(1);
      expectContractLogin(loginsTo(host)[0]![0], SAMPLE_LOGIN_DATA, false);
    });

    it('ignores a registration from a foreign origin: no ack, no Login', () => {
      const desktop = new FakeDesktop().start().connect();
      desktop.load(userData());
      const host = recordedHost();

      desktop.register(host, 'https://evil.example');

      expect(host.calls).to.deep.equal([]);
    });

    it('sends no new Login on failover recovery (onChange with nothing changed)', () => {
      const { desktop, host } = signedInWithHost();

      desktop.change(userData());
      desktop.change(userData());

      expect(loginsTo(host)).to.have.lengthOf(1);
    });

    it('sends no Login for a name, team or reason change, and shows the new name', async () => {
      const { desktop, host } = signedInWithHost();

      desktop.change(userData({ lastName: 'Doe-Smith' }));
      desktop.change(
        userData({
          lastName: 'Doe-Smith',
          teamId: '5001',
          teamName: 'Oncology',
        }),
      );
      desktop.change(
        userData({
          lastName: 'Doe-Smith',
          teamId: '5001',
          teamName: 'Oncology',
          reasonCodeId: '12',
          stateChangeTime: '2025-03-04T08:30:00.000Z',
        }),
      );

      expect(loginsTo(host)).to.have.lengthOf(1);
      const el = await rendered();
      expect(el.shadowRoot!.textContent).to.contain('Jane Doe-Smith');
      expect(el.shadowRoot!.textContent).to.contain('Oncology');
    });

    it('sends no Login when the agent goes Ready or takes a call', () => {
      const { desktop, host } = signedInWithHost();

      desktop.change(
        userData({
          state: 'READY',
          reasonCodeId: null,
          stateChangeTime: '2025-03-04T08:05:00.000Z',
        }),
      );
      desktop.change(
        userData({
          state: 'TALKING',
          reasonCodeId: null,
          stateChangeTime: '2025-03-04T08:06:00.000Z',
        }),
      );

      expect(loginsTo(host)).to.have.lengthOf(1);
    });

    it('sends a new Login after a LOGOUT it saw and a new sign-in', () => {
      const { desktop, host } = signedInWithHost();

      desktop.change(
        userData({
          state: 'LOGOUT',
          reasonCodeId: null,
          stateChangeTime: '2025-03-04T09:00:00.000Z',
        }),
      );
      desktop.change(userData({ stateChangeTime: '2025-03-04T10:00:00.000Z' }));

      const sent = loginsTo(host);
      expect(sent).to.have.lengthOf(2);
      expectContractLogin(
        sent[1]![0],
        { ...SAMPLE_LOGIN_DATA, stateChangeTime: '2025-03-04T10:00:00.000Z' },
        false,
      );
    });

    it('passes on a LOGOUT whose team name it cannot read, and says so', async () => {
      const { desktop, host } = signedInWithHost();

      desktop.change(
        userData({
          state: 'LOGOUT',
          reasonCodeId: '255',
          stateChangeTime: '2025-03-04T09:00:00.000Z',
          teamName: ['Cardiology Scheduling', 'Oncology'],
        }),
      );

      const logouts = logoutsTo(host);
      expect(logouts).to.have.lengthOf(1);
      expect(logouts[0]!.message.data).to.include({
        name: 'Jane Doe',
        loginId: '1001001',
        teamName: 'Cardiology Scheduling',
        stateChangeTime: '2025-03-04T09:00:00.000Z',
        reasonCode: '255',
      });

      await rendered();
      expect(alertText()).to.contain('USER_DATA_INVALID');
      expect(alertText()).to.contain('teamName');
      expect(alertText()).to.contain('Its sign-out was read');
      expect(alertText()).to.not.contain('Oncology');
    });

    it('sends nothing for such a LOGOUT when no agent was signed in', async () => {
      const desktop = new FakeDesktop().start().connect();
      const host = recordedHost();
      desktop.register(host);

      desktop.load(
        userData({
          state: 'LOGOUT',
          reasonCodeId: '255',
          teamName: ['a', 'b'],
        }),
      );

      await rendered();
      expect(alertText()).to.contain('USER_DATA_INVALID');
      expect(logoutsTo(host)).to.deep.equal([]);
      expect(loginsTo(host)).to.deep.equal([]);
    });

    it('still shows the agent, as signed out, after a LOGOUT', async () => {
      const desktop = new FakeDesktop().start().connect();
      desktop.load(userData());
      desktop.change(userData({ state: 'LOGOUT', reasonCodeId: null }));
      const el = await rendered();
      expect(el.shadowRoot!.textContent).to.contain('Jane Doe');
      expect(el.shadowRoot!.textContent).to.contain('Logout');
    });

    for (const state of ['READY', 'TALKING'] as const) {
      const now = userData({
        state,
        reasonCodeId: null,
        stateChangeTime: '2025-03-04T08:05:00.000Z',
      });

      /** The sign-in, seen by this tab, then a new gadget page: the refresh. */
      async function refreshedDesktop(): Promise<FakeDesktop> {
        const before = new FakeDesktop().start().connect();
        before.load(userData());
        before.change(now);
        before.hide();
        for (const el of document.querySelectorAll('finesse-host-bridge'))
          el.remove();
        // A reload always starts in a later task.
        await new Promise((resolve) => setTimeout(resolve, 0));
        return new FakeDesktop().start().connect();
      }

      it(`sends no new Login after a desktop refresh while ${state}, yet a host registering then gets the Login marked replay`, async () => {
        const after = await refreshedDesktop();
        after.load(now);

        const host = recordedHost();
        after.register(host);
        expect(loginsTo(host)).to.have.lengthOf(1);
        // The sign-in time, not the time of the current state.
        expectContractLogin(loginsTo(host)[0]![0], SAMPLE_LOGIN_DATA, true);
      });

      it(`after a desktop refresh while ${state}, a host that registered before the first User reading learns the agent, marked replay`, async () => {
        const after = await refreshedDesktop();
        const early = recordedHost();
        after.register(early); // ack: agentSignedIn "false"

        after.load(now);

        const sent = loginsTo(early);
        expect(
          sent,
          'the host that registered early was never told who is signed in',
        ).to.have.lengthOf(1);
        expectContractLogin(sent[0]![0], SAMPLE_LOGIN_DATA, true);
      });
    }

    it('after a reason is lost in a failover and the desktop then reloads at once, sends no new Login', async () => {
      const later = '2025-03-04T08:07:00.000Z';
      const before = new FakeDesktop().start().connect();
      before.load(userData());
      await new Promise((resolve) => setTimeout(resolve, 0));
      before.change(
        userData({
          reasonCodeId: '12',
          ReasonCode: { code: '12', label: 'Break' },
          stateChangeTime: later,
        }),
      );
      // The failover's re-read: the same state and time, the reason lost.
      before.change(userData({ stateChangeTime: later }));

      // The reload comes before the store's delayed write: the page must
      // write it as it goes.
      before.hide();
      for (const el of document.querySelectorAll('finesse-host-bridge'))
        el.remove();
      await new Promise((resolve) => setTimeout(resolve, 0));
      const after = new FakeDesktop().start().connect();
      after.load(userData({ stateChangeTime: later }));

      const host = recordedHost();
      after.register(host);
      expect(loginsTo(host)).to.have.lengthOf(1);
      expectContractLogin(loginsTo(host)[0]![0], SAMPLE_LOGIN_DATA, true);
    });

    it('after a refresh with no memory of the sign-in (storage empty), sends no new Login for a READY agent, only a replay', () => {
      const desktop = new FakeDesktop().start().connect();
      desktop.load(
        userData({
          state: 'READY',
          reasonCodeId: null,
          stateChangeTime: '2025-03-04T08:05:00.000Z',
        }),
      );
      const host = recordedHost();
      desktop.register(host);

      const expected: ContractLoginData = {
        ...SAMPLE_LOGIN_DATA,
        stateChangeTime: '2025-03-04T08:05:00.000Z',
      };
      expect(loginsTo(host)).to.have.lengthOf(1);
      expectContractLogin(loginsTo(host)[0]![0], expected, true);
    });

    it('sends the contract values for nulls, odd identifiers and an empty stateChangeTime', () => {
      const desktop = new FakeDesktop({ userId: '0012345' }).start().connect();
      desktop.load(
        userData({
          loginId: null,
          loginName: "agent.o'neil",
          extension: '+4610499940',
          firstName: 'Jane',
          lastName: null,
          teamId: null,
          teamName: null,
          mediaType: null,
          stateChangeTime: null,
        }),
      );
      const host = recordedHost();
      desktop.register(host);

      const [login] = loginsTo(host)[0]!;
      const data = (login as { message: { data: ContractLoginData } }).message
        .data;
      expectContractLogin(
        login,
        {
          ...SAMPLE_LOGIN_DATA,
          name: 'Jane',
          extension: '+4610499940',
          loginName: "agent.o'neil",
          loginId: '0012345',
          mediaType: '1',
          teamId: '',
          teamName: '',
          stateChangeTime: data.stateChangeTime,
        },
        false,
      );
      expect(data.stateChangeTime).to.not.contain('Invalid');
      expect(Date.now() - Date.parse(data.stateChangeTime)).to.be.within(
        0,
        60_000,
      );
    });
  });

  describe('privacy of the client log', () => {
    const agent = userData({
      firstName: 'Zebedee',
      lastName: 'Quixotic',
      loginId: '0012345',
      loginName: "agent.o'neil",
      extension: '+4610499940',
    });
    const secrets = [
      'Zebedee',
      'Quixotic',
      '0012345',
      "agent.o'neil",
      '+4610499940',
    ];

    function wholeSession(desktop: FakeDesktop) {
      desktop.start().connect();
      const early = recordedHost();
      desktop.register(early);
      desktop.load(agent);
      desktop.change(agent);
      desktop.register(recordedHost());
      desktop.register(recordedHost(), 'https://evil.example');
      desktop.change({ ...agent, state: 'LOGOUT' });
    }

    it('writes no name, loginId, loginName or extension with debug off, to the client log or the console', () => {
      const consoleLines: string[] = [];
      const methods = ['log', 'info', 'debug', 'warn', 'error'] as const;
      const saved = methods.map((name) => console[name]);
      for (const name of methods) {
        console[name] = (...args: unknown[]) => {
          consoleLines.push(args.map(String).join(' '));
        };
      }
      const desktop = new FakeDesktop({ userId: '0012345' });
      try {
        wholeSession(desktop);
        desktop.change({ ...agent, teamName: ['a', 'list'] as never });
        desktop.fail({ status: 503 });
      } finally {
        methods.forEach((name, i) => {
          console[name] = saved[i]!;
        });
      }

      expect(desktop.clientLog.length).to.be.greaterThan(0);
      const log = [...desktop.clientLog, ...consoleLines].join('\n');
      for (const secret of secrets) expect(log).to.not.contain(secret);
    });

    it('may write them with debug on', () => {
      const desktop = new FakeDesktop({
        userId: '0012345',
        query: `${DEFAULT_QUERY}&debug=true`,
      });
      wholeSession(desktop);

      const log = desktop.clientLog.join('\n');
      expect(log).to.contain('Zebedee');
      expect(log).to.contain('https://evil.example');
    });
  });
});
