import { ErrorCode, type GadgetError } from '../error-code.js';
import { SettingName, type RawSettings } from './settings.js';

/** Where the host application lives. */
export const HostTarget = {
  /** An iframe the gadget renders with `hostUrl`. */
  Frame: 'frame',
  /** The window that embeds the Finesse desktop. */
  Top: 'top',
} as const;

export type HostTarget = (typeof HostTarget)[keyof typeof HostTarget];

/** Checked settings. */
export interface HostConfig {
  target: HostTarget;
  /** The page the gadget shows in its iframe, if any. */
  hostUrl: string | undefined;
  /** Exact origins that may register and receive events. */
  allowedOrigins: readonly string[];
  debug: boolean;
}

export type HostConfigResult =
  { ok: true; config: HostConfig } | { ok: false; error: GadgetError };

// Plain http is only for development on this machine.
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Checks the administrator's settings. Anything doubtful is refused with a
 * message that says which setting and why, because a wrong origin here
 * would send an agent's identity to the wrong site.
 *
 * @param ownOrigin the gadget's own origin, which is refused as a host:
 *   the desktop and every other gadget share it
 */
export function parseHostConfig(
  raw: RawSettings,
  ownOrigin?: string,
): HostConfigResult {
  try {
    return { ok: true, config: checked(raw, ownOrigin) };
  } catch (error) {
    if (!(error instanceof SettingError)) throw error;

    return {
      ok: false,
      error: { code: ErrorCode.ConfigInvalid, message: error.message },
    };
  }
}

class SettingError extends Error {}

function checked(raw: RawSettings, ownOrigin: string | undefined): HostConfig {
  const target = readTarget(raw[SettingName.HostTarget] ?? '');
  const hostUrl = readHostUrl(raw[SettingName.HostUrl] ?? '');
  const origins = readOrigins(raw[SettingName.HostOrigins] ?? '');
  const debug = readDebug(raw[SettingName.Debug] ?? '');

  if (target === HostTarget.Frame && hostUrl === undefined) {
    throw new SettingError(
      'hostUrl is required: it is the host application the gadget shows.',
    );
  }
  if (target === HostTarget.Top && hostUrl === undefined && !origins.length) {
    throw new SettingError(
      'hostOrigins is required with hostTarget=top: the origin of the ' +
        'page that embeds the desktop.',
    );
  }

  const frameOrigin = hostUrl && new URL(hostUrl).origin;
  const allowed = frameOrigin ? [frameOrigin, ...origins] : origins;
  if (ownOrigin && allowed.includes(ownOrigin)) {
    const setting =
      frameOrigin === ownOrigin ? SettingName.HostUrl : SettingName.HostOrigins;
    throw new SettingError(
      `${setting}: ${ownOrigin} is the desktop's own origin, shared by ` +
        'every gadget; it cannot be a host.',
    );
  }
  return {
    target,
    hostUrl,
    allowedOrigins: [...new Set(allowed)],
    debug,
  };
}

function readTarget(value: string): HostTarget {
  if (value === '' || value === HostTarget.Frame) return HostTarget.Frame;
  if (value === HostTarget.Top) return HostTarget.Top;

  throw new SettingError(
    `hostTarget must be "frame" or "top", not "${clip(value)}".`,
  );
}

function readHostUrl(value: string): string | undefined {
  return value === '' ? undefined : readUrl(value, 'hostUrl').href;
}

function readOrigins(value: string): string[] {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');

  return entries.map((entry) => {
    if (entry.includes('*')) {
      throw new SettingError(
        'hostOrigins must list exact origins; "*" is never allowed.',
      );
    }

    const { origin } = readUrl(entry, 'hostOrigins');
    if (origin !== entry) {
      throw new SettingError(
        `hostOrigins: "${clip(entry)}" is not an exact origin; write ` +
          `${origin} (no path, no trailing slash).`,
      );
    }
    return origin;
  });
}

// What every host address must be, in the page's URL or as an origin.
function readUrl(value: string, setting: string): URL {
  // The URL parser quietly drops tabs, line breaks and other controls,
  // reads "\\" as "/", and decodes and maps a host name's Unicode (typed
  // or percent-encoded) to another site's punycode or to a plain name: a
  // value that needs such repairs is a typo or a trick. Elsewhere in the
  // URL, Unicode is only percent-encoded and stays visible.
  if (/[\x00-\x20\x7f\\]|\s/.test(value)) {
    throw new SettingError(
      `${setting} must not contain spaces, line breaks, control ` +
        'characters or backslashes.',
    );
  }
  const authority = authorityOf(value);
  if (/[^\x21-\x7e]|%/.test(authority)) {
    throw new SettingError(
      `${setting} must name its host in plain ASCII, without "%"; write ` +
        'an international host name in its xn-- form.',
    );
  }

  const url = parseAbsolute(value);
  if (!url) {
    throw new SettingError(
      `${setting}: "${clip(value)}" is not an absolute URL.`,
    );
  }
  checkScheme(url, setting);
  if (url.username || url.password) {
    throw new SettingError(
      `${setting} must not carry a user name or password.`,
    );
  }
  // The parser takes "*" as a letter of a host name; here it can only be
  // meant as a wildcard, which a postMessage target never is.
  if (authority.includes('*')) {
    throw new SettingError(
      `${setting} must name one host; "*" is never allowed.`,
    );
  }
  return url;
}

function readDebug(value: string): boolean {
  if (value === 'true') return true;
  if (value === '' || value === 'false') return false;

  throw new SettingError(
    `debug must be "true" or "false", not "${clip(value)}".`,
  );
}

// The user, host and port as typed: what follows the scheme, up to the
// path, query or fragment.
function authorityOf(value: string): string {
  return /^[^:/?#]*:\/*([^/?#]*)/.exec(value)?.[1] ?? '';
}

function parseAbsolute(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

function checkScheme(url: URL, setting: string) {
  if (url.protocol === 'https:') return;
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return;

  throw new SettingError(
    `${setting} must use https: (http: only for localhost), not ` +
      `"${clip(url.protocol)}".`,
  );
}

// Settings are shown back to the administrator; a huge or hostile value
// must not flood the gadget or the log.
function clip(value: string): string {
  return value.length > 60 ? `${value.slice(0, 57)}...` : value;
}
