import { expect } from '@open-wc/testing';
import {
  settingsFromFrameSearch,
  withDefaults,
  type SettingName,
} from '../../src/config/settings.js';

const SPEC = 'https://finesse.example/3rdpartygadget/files/gadget.xml';

/** The gadget frame's location.search as the Finesse container builds it. */
function frameSearch(
  specUrl: string,
  extra = '&container=default&mid=3&lang=en',
): string {
  return `?url=${encodeURIComponent(specUrl)}${extra}`;
}

describe('settingsFromFrameSearch', () => {
  it('reads hostUrl from the encoded spec URL', () => {
    const search = frameSearch(
      `${SPEC}?hostUrl=${encodeURIComponent('https://ehr.example/')}`,
    );
    expect(settingsFromFrameSearch(search)).to.deep.equal({
      hostUrl: 'https://ehr.example/',
    });
  });

  it('reads every setting when the spec URL holds "&" between them', () => {
    const spec =
      `${SPEC}?hostUrl=${encodeURIComponent('https://ehr.example/app?a=1&b=2')}` +
      `&hostOrigins=${encodeURIComponent('https://portal.example,https://desk.example')}` +
      '&hostTarget=top&debug=true';
    expect(settingsFromFrameSearch(frameSearch(spec))).to.deep.equal({
      hostUrl: 'https://ehr.example/app?a=1&b=2',
      hostOrigins: 'https://portal.example,https://desk.example',
      hostTarget: 'top',
      debug: 'true',
    });
  });

  it("does not take the frame's own parameters for settings", () => {
    const search =
      frameSearch(`${SPEC}?hostTarget=frame`) +
      `&hostUrl=${encodeURIComponent('https://evil.example/')}&debug=true`;
    expect(settingsFromFrameSearch(search)).to.deep.equal({
      hostTarget: 'frame',
    });
  });

  it('ignores parameters it does not know', () => {
    const search = frameSearch(`${SPEC}?debug=false&colour=blue&__proto__=x`);
    expect(settingsFromFrameSearch(search)).to.deep.equal({ debug: 'false' });
  });

  it('keeps a setting given empty as ""', () => {
    expect(
      settingsFromFrameSearch(frameSearch(`${SPEC}?hostOrigins=`)),
    ).to.deep.equal({
      hostOrigins: '',
    });
  });

  const empty: [label: string, search: string][] = [
    ['an empty search', ''],
    ['a search without url', '?container=default&mid=3'],
    ['a spec URL without a query', frameSearch(SPEC)],
    ['a spec URL with an empty query', frameSearch(`${SPEC}?`)],
  ];
  for (const [label, search] of empty) {
    it(`reads no settings from ${label}`, () => {
      expect(settingsFromFrameSearch(search)).to.deep.equal({});
    });
  }
});

describe('withDefaults', () => {
  const prefs: Record<SettingName, string> = {
    hostUrl: 'https://default.example/',
    hostOrigins: '',
    hostTarget: 'frame',
    debug: 'false',
  };
  const readPref = (name: SettingName) => prefs[name];

  it('takes every setting from the UserPrefs when the layout gives none', () => {
    expect(withDefaults({}, readPref)).to.deep.equal(prefs);
  });

  it('lets a layout parameter win over its UserPref', () => {
    expect(
      withDefaults(
        { hostUrl: 'https://ehr.example/', debug: 'true' },
        readPref,
      ),
    ).to.deep.equal({
      hostUrl: 'https://ehr.example/',
      hostOrigins: '',
      hostTarget: 'frame',
      debug: 'true',
    });
  });

  it('reads the spec URL from the frame and fills the rest from prefs', () => {
    const search = frameSearch(
      `${SPEC}?hostUrl=${encodeURIComponent('https://ehr.example/')}&hostTarget=frame`,
    );
    expect(
      withDefaults(settingsFromFrameSearch(search), readPref),
    ).to.deep.equal({
      hostUrl: 'https://ehr.example/',
      hostOrigins: '',
      hostTarget: 'frame',
      debug: 'false',
    });
  });
});
