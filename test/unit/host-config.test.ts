import { expect } from '@open-wc/testing';
import {
  parseHostConfig,
  type HostConfig,
} from '../../src/config/host-config.js';
import type { RawSettings } from '../../src/config/settings.js';

function expectConfig(raw: RawSettings): HostConfig {
  const result = parseHostConfig(raw);
  if (!result.ok) {
    throw new Error(
      `expected a config, got ${result.error.code}: ${result.error.message}`,
    );
  }
  return result.config;
}

function expectRejected(raw: RawSettings, setting: string, reason: string) {
  const result = parseHostConfig(raw);
  if (result.ok) {
    throw new Error(
      `expected CONFIG_INVALID, got ${JSON.stringify(result.config)}`,
    );
  }
  expect(result.error.code).to.equal('CONFIG_INVALID');
  expect(result.error.message).to.contain(setting);
  expect(result.error.message).to.contain(reason);
  return result.error;
}

// What each message must say besides the setting's name.
const SCHEME = 'must use https:';
const NOT_ABSOLUTE = 'is not an absolute URL';
const CREDENTIALS = 'user name or password';
const WILDCARD = '"*" is never allowed';
const NOT_EXACT = 'is not an exact origin';
const NO_CONTROLS = 'control characters or backslashes';
const ASCII_HOST = 'must name its host in plain ASCII';
const REQUIRED = 'is required';

const HOST = 'https://ehr.example/app/';

describe('parseHostConfig', () => {
  describe('accepts a valid configuration', () => {
    it('takes a frame config with only hostUrl, allowing exactly its origin', () => {
      expect(expectConfig({ hostUrl: HOST })).to.deep.equal({
        target: 'frame',
        hostUrl: HOST,
        allowedOrigins: ['https://ehr.example'],
        debug: false,
      });
    });

    it("takes a full frame config and adds the extra origins after the frame's own", () => {
      const config = expectConfig({
        hostUrl: 'https://ehr.example:8443/app?tenant=1',
        hostOrigins: 'https://portal.example, https://desk.example:9443',
        hostTarget: 'frame',
        debug: 'true',
      });
      expect(config).to.deep.equal({
        target: 'frame',
        hostUrl: 'https://ehr.example:8443/app?tenant=1',
        allowedOrigins: [
          'https://ehr.example:8443',
          'https://portal.example',
          'https://desk.example:9443',
        ],
        debug: true,
      });
    });

    it('lists an origin given twice once', () => {
      const config = expectConfig({
        hostUrl: HOST,
        hostOrigins: 'https://ehr.example,https://ehr.example',
      });
      expect(config.allowedOrigins).to.deep.equal(['https://ehr.example']);
    });

    it('takes a top config with hostOrigins and no hostUrl', () => {
      expect(
        expectConfig({
          hostTarget: 'top',
          hostOrigins: 'https://portal.example',
        }),
      ).to.deep.equal({
        target: 'top',
        hostUrl: undefined,
        allowedOrigins: ['https://portal.example'],
        debug: false,
      });
    });

    const loopback = [
      'http://localhost:5173/',
      'http://127.0.0.1:8080/host.html',
      'http://[::1]:8080/',
    ];
    for (const url of loopback) {
      it(`accepts http: on this machine: ${url}`, () => {
        expect(expectConfig({ hostUrl: url }).hostUrl).to.equal(url);
      });
    }

    it('accepts http: origins on localhost in hostOrigins', () => {
      const config = expectConfig({
        hostTarget: 'top',
        hostOrigins: 'http://localhost:5173,http://127.0.0.1:8080',
      });
      expect(config.allowedOrigins).to.deep.equal([
        'http://localhost:5173',
        'http://127.0.0.1:8080',
      ]);
    });
  });

  describe('hostUrl', () => {
    it('accepts "*" in the path or query, where it is only a character', () => {
      const hostUrl = 'https://ehr.example/search?q=*';
      expect(expectConfig({ hostUrl }).hostUrl).to.equal(hostUrl);
    });

    it('rejects a missing hostUrl in frame mode', () => {
      expectRejected({}, 'hostUrl', REQUIRED);
      expectRejected({ hostUrl: '', hostTarget: 'frame' }, 'hostUrl', REQUIRED);
    });

    it('rejects a missing hostUrl in frame mode even with hostOrigins', () => {
      expectRejected(
        { hostOrigins: 'https://portal.example' },
        'hostUrl',
        REQUIRED,
      );
    });

    it('does not echo a password back in the message', () => {
      const error = expectRejected(
        { hostUrl: 'https://u:s3cret@ehr.example/' },
        'hostUrl',
        CREDENTIALS,
      );
      expect(error.message).to.not.contain('s3cret');
    });

    it('keeps the message short for a huge value', () => {
      const error = expectRejected(
        { hostUrl: `javascript:${'x'.repeat(5000)}` },
        'hostUrl',
        SCHEME,
      );
      expect(error.message.length).to.be.below(300);
    });
  });

  describe('rejects a doubtful hostOrigins, naming hostOrigins and why', () => {
    const bad: [label: string, value: string, reason: string][] = [
      ['"*"', '*', WILDCARD],
      ['"*" among exact origins', 'https://portal.example,*', WILDCARD],
      ['a path', 'https://portal.example/app', NOT_EXACT],
      ['a trailing slash', 'https://portal.example/', NOT_EXACT],
      ['a query', 'https://portal.example?x=1', NOT_EXACT],
      ['a default port spelled out', 'https://portal.example:443', NOT_EXACT],
    ];

    for (const [label, value, reason] of bad) {
      it(`rejects ${label} (${value})`, () => {
        expectRejected(
          { hostUrl: HOST, hostOrigins: value },
          'hostOrigins',
          reason,
        );
      });
    }

    it('rejects top mode without any origin', () => {
      expectRejected({ hostTarget: 'top' }, 'hostOrigins', REQUIRED);
      expectRejected(
        { hostTarget: 'top', hostOrigins: ' , ' },
        'hostOrigins',
        REQUIRED,
      );
    });
  });

  describe('hostTarget', () => {
    for (const value of ['bogus', 'TOP', 'Frame', 'parent', ' top']) {
      it(`rejects hostTarget ${JSON.stringify(value)}, naming hostTarget`, () => {
        expectRejected(
          { hostUrl: HOST, hostTarget: value },
          'hostTarget',
          'must be "frame" or "top"',
        );
      });
    }

    it('defaults to frame', () => {
      expect(expectConfig({ hostUrl: HOST }).target).to.equal('frame');
      expect(expectConfig({ hostUrl: HOST, hostTarget: '' }).target).to.equal(
        'frame',
      );
    });
  });

  describe('debug', () => {
    const accepted: [value: string | undefined, expected: boolean][] = [
      [undefined, false],
      ['', false],
      ['false', false],
      ['true', true],
    ];
    for (const [value, expected] of accepted) {
      it(`reads debug ${JSON.stringify(value) ?? 'absent'} as ${expected}`, () => {
        const raw: RawSettings = { hostUrl: HOST };
        if (value !== undefined) raw.debug = value;
        expect(expectConfig(raw).debug).to.equal(expected);
      });
    }

    for (const value of ['yes', '1', 'on', 'verbose']) {
      it(`rejects debug ${JSON.stringify(value)}, naming debug`, () => {
        expectRejected(
          { hostUrl: HOST, debug: value },
          'debug',
          'must be "true" or "false"',
        );
      });
    }
  });

  it('never allows "*" as an origin in any accepted config', () => {
    const configs = [
      { hostUrl: HOST },
      { hostTarget: 'top', hostOrigins: 'https://portal.example' },
      { hostUrl: 'http://localhost:5173/' },
    ];
    for (const raw of configs) {
      const config = expectConfig(raw);
      expect(config.allowedOrigins).to.not.be.empty;
      for (const origin of config.allowedOrigins) {
        expect(origin).to.not.equal('*');
        expect(new URL(origin).origin).to.equal(origin);
      }
    }
  });

  it("refuses the gadget's own origin as a host: every gadget shares it", () => {
    const own = 'https://finesse.example:8445';
    for (const [raw, setting] of [
      [{ hostUrl: `${own}/3rdpartygadget/files/page.html` }, 'hostUrl'],
      [{ hostUrl: 'https://ehr.example/', hostOrigins: own }, 'hostOrigins'],
    ] as const) {
      const result = parseHostConfig(raw, own);
      expect(result.ok).to.equal(false);
      if (!result.ok) {
        expect(result.error.code).to.equal('CONFIG_INVALID');
        expect(result.error.message).to.contain(own);
        expect(result.error.message).to.match(new RegExp(`^${setting}:`));
      }
    }
    expect(
      parseHostConfig({ hostUrl: 'https://ehr.example/' }, own).ok,
    ).to.equal(true);
  });

  describe('rejects a doubtful address in hostUrl and in hostOrigins, naming the setting and why', () => {
    // Both settings go through the same address rules.
    const bad: [label: string, value: string, reason: string][] = [
      ['a javascript: URL', 'javascript:alert(1)', SCHEME],
      ['a data: URL', 'data:text/html,x', SCHEME],
      [
        'a blob: URL',
        'blob:https://ehr.example/0a1b2c3d-0000-4000-8000-000000000000',
        SCHEME,
      ],
      ['a relative path', '/app', NOT_ABSOLUTE],
      ['a bare host', 'ehr.example', NOT_ABSOLUTE],
      ['an ftp: URL', 'ftp://ehr.example/', SCHEME],
      ['a file: URL', 'file:///etc/passwd', SCHEME],
      ['http: off this machine', 'http://evil.example', SCHEME],
      [
        'http: on a host that only starts with localhost',
        'http://localhost.evil.example/',
        SCHEME,
      ],
      ['a user name and password', 'https://u:p@ehr.example/', CREDENTIALS],
      ['a user name alone', 'https://u@ehr.example/', CREDENTIALS],
      ['a wildcard host', 'https://*.ehr.example/', WILDCARD],
      ['a wildcard inside a host', 'https://ehr*.example/app', WILDCARD],
      ['"null"', 'null', NOT_ABSOLUTE],
      ['a space', 'https://ehr.example/a b', NO_CONTROLS],
      ['a tab', 'https://ehr.\texample/', NO_CONTROLS],
      ['a line break', 'https://ehr.example/\nx', NO_CONTROLS],
      [
        'a no-break space in the path',
        'https://ehr.example/a\u00a0b',
        NO_CONTROLS,
      ],
      ['backslashes', 'https:\\\\evil.example', NO_CONTROLS],
      [
        'a leading control character',
        '\u0001https://ehr.example/',
        NO_CONTROLS,
      ],
      ['a soft hyphen in the host', 'https://ehr\u00ad.example/', ASCII_HOST],
      [
        'a zero-width space in the host',
        'https://ehr\u200b.example/',
        ASCII_HOST,
      ],
      ['full-width letters', 'https://\uff45hr.example/', ASCII_HOST],
      ['a Cyrillic look-alike host', 'https://\u0435hr.example/', ASCII_HOST],
      [
        'a percent-encoded look-alike host',
        'https://%D0%B5hr.example/',
        ASCII_HOST,
      ],
      [
        'a percent-encoded soft hyphen',
        'https://ehr%C2%AD.example/',
        ASCII_HOST,
      ],
      ['a percent-encoded letter', 'https://%65hr.example/', ASCII_HOST],
      ['a host without slashes', 'https:\u0435hr.example/', ASCII_HOST],
    ];

    for (const [label, value, reason] of bad) {
      it(`rejects ${label} (${JSON.stringify(value)})`, () => {
        expectRejected({ hostUrl: value }, 'hostUrl', reason);
        expectRejected(
          { hostUrl: HOST, hostOrigins: value },
          'hostOrigins',
          reason,
        );
      });
    }

    it('accepts Unicode and percent-encoding in the path, encoded once', () => {
      // The layout's query is decoded once before the check, so an
      // administrator's "caf%C3%A9" arrives as "café".
      expect(
        expectConfig({ hostUrl: 'https://ehr.example/caf\u00e9/?q=a%20b' })
          .hostUrl,
      ).to.equal('https://ehr.example/caf%C3%A9/?q=a%20b');
    });

    it('accepts an IPv6 loopback with a port', () => {
      const hostUrl = 'http://[::1]:8446/app';
      expect(expectConfig({ hostUrl }).hostUrl).to.equal(hostUrl);
    });

    it('accepts an international host name in its xn-- form', () => {
      const hostUrl = 'https://xn--rzte-koa.example/';
      expect(expectConfig({ hostUrl }).hostUrl).to.equal(hostUrl);
    });
  });
});
