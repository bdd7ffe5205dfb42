import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/element/finesse-host-bridge.js';
import {
  FinesseHostBridge,
  RENDER_DELAY_MS,
} from '../../src/element/finesse-host-bridge.js';
import type { AgentView } from '../../src/element/agent-view.js';

const AGENT: AgentView = {
  name: 'Jane Doe',
  extension: '5001',
  teamName: 'Cardiology Scheduling',
  state: 'NOT_READY',
  reason: '',
};

async function render(
  props: Partial<FinesseHostBridge> = {},
): Promise<FinesseHostBridge> {
  const el = await fixture<FinesseHostBridge>(
    html`<finesse-host-bridge></finesse-host-bridge>`,
  );
  Object.assign(el, props);
  await el.updateComplete;
  return el;
}

function root(el: FinesseHostBridge): ShadowRoot {
  return el.shadowRoot!;
}

/** The visible text of the element, whitespace collapsed. */
function text(el: FinesseHostBridge): string {
  return (root(el).textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The text of the row whose label is `label`. */
function row(el: FinesseHostBridge, label: string): string {
  for (const r of root(el).querySelectorAll('.row')) {
    if (r.querySelector('dt')?.textContent?.trim() === label) {
      return (r.querySelector('dd')?.textContent ?? '')
        .replace(/\s+/g, ' ')
        .trim();
    }
  }
  throw new Error(`no row "${label}"`);
}

describe('<finesse-host-bridge>', () => {
  it("shows the agent's name, extension, team and state in words", async () => {
    const el = await render({ agent: AGENT });
    const agent = row(el, 'Agent');
    expect(agent).to.contain('Jane Doe');
    expect(agent).to.contain('5001');
    expect(agent).to.contain('Cardiology Scheduling');
    expect(agent).to.contain('Not Ready');
    expect(agent).to.not.contain('NOT_READY');
  });

  const labels: [state: string, label: string][] = [
    ['READY', 'Ready'],
    ['NOT_READY', 'Not Ready'],
    ['TALKING', 'Talking'],
    ['WORK_READY', 'Work Ready'],
    ['RESERVED_OUTBOUND_PREVIEW', 'Reserved Outbound Preview'],
  ];
  for (const [state, label] of labels) {
    it(`labels the state ${state} as "${label}"`, async () => {
      const el = await render({ agent: { ...AGENT, state } });
      expect(root(el).querySelector('dd b')?.textContent?.trim()).to.equal(
        label,
      );
    });
  }

  it('shows the reason label next to the state', async () => {
    const el = await render({
      agent: { ...AGENT, state: 'NOT_READY', reason: 'Lunch' },
    });
    const badge = root(el).querySelector('dd b')?.textContent ?? '';
    expect(badge.replace(/\s+/g, ' ').trim()).to.equal('Not Ready · Lunch');
    expect(row(el, 'Agent')).to.contain('Lunch');
  });

  it('shows the state alone when there is no reason', async () => {
    const el = await render({
      agent: { ...AGENT, state: 'READY', reason: '' },
    });
    expect(root(el).querySelector('dd b')?.textContent?.trim()).to.equal(
      'Ready',
    );
  });

  it('updates the reason when it changes', async () => {
    const el = await render({ agent: { ...AGENT, reason: 'Lunch' } });
    el.agent = { ...AGENT, reason: 'Meeting' };
    await el.updateComplete;
    const agent = row(el, 'Agent');
    expect(agent).to.contain('Meeting');
    expect(agent).to.not.contain('Lunch');
  });

  it('keeps identifiers exactly as Finesse sent them', async () => {
    const el = await render({ agent: { ...AGENT, extension: '+4610499940' } });
    expect(row(el, 'Agent')).to.contain('+4610499940');
  });

  it('says it is waiting for Finesse before the agent is known', async () => {
    const el = await render();
    expect(row(el, 'Agent')).to.contain('Waiting for Finesse');
  });

  it('shows a placeholder for an agent without a name', async () => {
    const el = await render({ agent: { ...AGENT, name: '' } });
    expect(row(el, 'Agent')).to.contain('Unnamed agent');
  });

  it('says the desktop is reconnecting while Finesse fails over', async () => {
    const el = await render({ agent: AGENT, finesseConnected: false });
    expect(row(el, 'Agent')).to.contain('Reconnecting to Finesse');
    el.finesseConnected = true;
    await el.updateComplete;
    expect(row(el, 'Agent')).to.not.contain('Reconnecting');
  });

  it('shows "Waiting" while no host has registered', async () => {
    const el = await render({ agent: AGENT });
    expect(row(el, 'Host')).to.contain('Waiting');
    expect(row(el, 'Host')).to.not.contain('Registered');
  });

  it('says so when no host has registered long after the start', async () => {
    const el = await render({ agent: AGENT, hostOverdue: true });
    expect(row(el, 'Host')).to.contain('has not registered');
    expect(row(el, 'Host')).to.contain('hostUrl');

    el.hosts = [{ source: 'EHR', origin: 'https://ehr.example' }];
    await el.updateComplete;
    expect(row(el, 'Host')).to.contain('Registered');
    expect(row(el, 'Host')).to.not.contain('has not registered');
  });

  it('lists every registered host with its origin', async () => {
    const el = await render({
      hosts: [
        { source: 'Cardiology EHR', origin: 'https://ehr.example' },
        { source: 'Portal', origin: 'https://portal.example' },
      ],
    });
    const host = row(el, 'Host');
    expect(host).to.contain('Registered');
    expect(host).to.contain('Cardiology EHR');
    expect(host).to.contain('https://ehr.example');
    expect(host).to.contain('Portal');
    expect(host).to.contain('https://portal.example');
    expect(host).to.not.contain('Waiting');
  });

  it('shows an error in an alert, with its code, and says nothing is sent', async () => {
    const el = await render({
      hosts: [{ source: 'Cardiology EHR', origin: 'https://ehr.example' }],
      error: { code: 'CONFIG_INVALID', message: 'hostUrl is required.' },
    });
    const alert = root(el).querySelector('[role="alert"]');
    expect(alert).to.exist;
    expect(alert!.textContent).to.contain('CONFIG_INVALID');
    expect(alert!.textContent).to.contain('hostUrl is required.');
    expect(row(el, 'Host')).to.contain('Error');
    expect(row(el, 'Host')).to.contain('Nothing is sent');
  });

  it('shows no alert without an error', async () => {
    const el = await render({ agent: AGENT });
    expect(root(el).querySelector('[role="alert"]')).to.equal(null);
  });

  it('shows "Nothing yet" before any message was sent', async () => {
    const el = await render();
    expect(row(el, 'Last sent')).to.contain('Nothing yet');
  });

  it('shows the last message sent, where, and when', async () => {
    const at = new Date('2025-03-04T08:00:20.000Z');
    const el = await render({
      lastSent: {
        kind: 'Agent/Login',
        origin: 'https://ehr.example',
        replay: false,
        at,
      },
    });
    const last = row(el, 'Last sent');
    expect(last).to.contain('Agent/Login');
    expect(last).to.contain('https://ehr.example');
    expect(last).to.not.contain('(replay)');
    expect(root(el).querySelector('time')?.getAttribute('datetime')).to.equal(
      '2025-03-04T08:00:20.000Z',
    );
  });

  it('marks a replayed last message "(replay)"', async () => {
    const el = await render({
      lastSent: {
        kind: 'Agent/Login',
        origin: 'https://ehr.example',
        replay: true,
        at: new Date(),
      },
    });
    expect(row(el, 'Last sent')).to.contain('Agent/Login (replay)');
  });

  it('shows the host application in an iframe with a title when hostUrl is set', async () => {
    const el = await render({ hostUrl: 'about:blank#host' });
    const frames = root(el).querySelectorAll('iframe');
    expect(frames).to.have.lengthOf(1);
    expect(frames[0]!.getAttribute('src')).to.equal('about:blank#host');
    expect(frames[0]!.getAttribute('title')).to.not.be.oneOf([null, '']);
  });

  it('renders no iframe without hostUrl', async () => {
    const el = await render({ agent: AGENT });
    expect(root(el).querySelector('iframe')).to.equal(null);
  });

  it('fires layout-change after it renders new content', async () => {
    const el = await render();
    const fired = oneEvent(el, 'layout-change');
    el.agent = AGENT;
    await fired;
    expect(row(el, 'Agent')).to.contain('Jane Doe');
  });

  it(`renders a burst of changes once, ${RENDER_DELAY_MS} ms later, showing the last`, async () => {
    const el = await render();
    let renders = 0;
    el.addEventListener('layout-change', () => (renders += 1));

    for (const state of ['READY', 'TALKING', 'HOLD', 'WORK'] as const) {
      el.agent = { ...AGENT, state };
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(row(el, 'Agent'), 'rendered before the delay').to.not.contain(
      'Jane Doe',
    );

    await el.updateComplete;
    expect(renders).to.equal(1);
    expect(row(el, 'Agent')).to.contain('Work');
  });

  it('applies its own styles inside the desktop', async () => {
    const el = await render({
      error: { code: 'CONFIG_INVALID', message: 'hostUrl is required.' },
    });
    expect(getComputedStyle(el).display).to.equal('block');

    const alert = root(el).querySelector('[role="alert"]')!;
    expect(getComputedStyle(alert).borderLeftStyle).to.equal('solid');
  });

  it('keeps a value set before the first render', async () => {
    const el = document.createElement('finesse-host-bridge');
    el.agent = AGENT;
    document.body.append(el);
    await el.updateComplete;
    expect(row(el, 'Agent')).to.contain('Jane Doe');
    el.remove();
  });

  it('keeps values set before the element was upgraded, and follows later ones', async () => {
    // The page may create the element before the gadget's script defines
    // it; a subclass under a new name stands in for that late definition.
    const early: Partial<FinesseHostBridge> = {
      hostUrl: 'https://ehr.example/app',
      agent: AGENT,
      hosts: [{ source: 'ehr', origin: 'https://ehr.example' }],
      lastSent: {
        kind: 'Login',
        origin: 'https://ehr.example',
        replay: false,
        at: new Date(),
      },
      error: { code: 'USER_DATA_INVALID', message: 'teamName repeated.' },
      hostOverdue: true,
      finesseConnected: false,
    };
    const el = document.createElement('late-host-bridge') as FinesseHostBridge;
    Object.assign(el, early);
    document.body.append(el);
    customElements.define(
      'late-host-bridge',
      class extends FinesseHostBridge {},
    );

    expect(Object.keys(el), 'own properties left').to.deep.equal([]);
    for (const [name, value] of Object.entries(early)) {
      expect(el[name as keyof typeof early], name).to.equal(value);
    }
    await el.updateComplete;
    expect(row(el, 'Agent')).to.contain('Jane Doe');
    expect(row(el, 'Agent')).to.contain('Reconnecting to Finesse');
    expect(row(el, 'Host')).to.contain('ehr');
    expect(row(el, 'Last sent')).to.contain('Login');
    expect(text(el)).to.contain('USER_DATA_INVALID');
    expect(root(el).querySelector('iframe')?.src).to.equal(early.hostUrl);

    el.agent = { ...AGENT, name: 'John Roe' };
    await el.updateComplete;
    expect(row(el, 'Agent')).to.contain('John Roe');
    el.remove();
  });

  it('does not render again when a property gets the value it has', async () => {
    const el = await render({ agent: AGENT, hostOverdue: true });
    let renders = 0;
    el.addEventListener('layout-change', () => (renders += 1));

    el.agent = AGENT;
    el.hostOverdue = true;
    el.error = undefined;
    await new Promise((resolve) => setTimeout(resolve, RENDER_DELAY_MS * 3));
    expect(renders, 'renders for unchanged values').to.equal(0);

    el.agent = { ...AGENT };
    await el.updateComplete;
    expect(renders, 'renders for an equal but new agent').to.equal(1);
  });

  it('renders values holding markup as text', async () => {
    const hostile =
      '<script>window.hacked = true</script><img src=x onerror="window.hacked=true">';
    const el = await render({
      agent: {
        name: hostile,
        extension: hostile,
        teamName: hostile,
        state: 'READY',
        reason: hostile,
      },
      hosts: [{ source: hostile, origin: 'https://ehr.example' }],
      error: { code: 'CONFIG_INVALID', message: hostile },
    });

    expect(root(el).querySelector('script')).to.equal(null);
    expect(root(el).querySelector('img')).to.equal(null);
    expect(text(el)).to.contain('<script>window.hacked = true</script>');
    expect((window as unknown as { hacked?: boolean }).hacked).to.equal(
      undefined,
    );
  });

  describe('accessibility', () => {
    it('is accessible while waiting', async () => {
      const el = await render();
      await expect(el).to.be.accessible();
    });

    it('is accessible with an agent, hosts, a last message and an error', async () => {
      const el = await render({
        agent: AGENT,
        hosts: [{ source: 'Cardiology EHR', origin: 'https://ehr.example' }],
        lastSent: {
          kind: 'Agent/Login',
          origin: 'https://ehr.example',
          replay: true,
          at: new Date(),
        },
        error: {
          code: 'USER_LOAD_FAILED',
          message: 'Finesse could not load the User.',
        },
        finesseConnected: false,
      });
      await expect(el).to.be.accessible();
    });

    it('is accessible with the host iframe', async () => {
      const el = await render({ agent: AGENT, hostUrl: 'about:blank' });
      await expect(el).to.be.accessible();
    });
  });
});
