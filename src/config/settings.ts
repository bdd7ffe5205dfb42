/** The settings an administrator gives the gadget. */
export const SettingName = {
  HostUrl: 'hostUrl',
  HostOrigins: 'hostOrigins',
  HostTarget: 'hostTarget',
  Debug: 'debug',
} as const;

export type SettingName = (typeof SettingName)[keyof typeof SettingName];

/** Raw setting values, as text; absent when not given. */
export type RawSettings = Partial<Record<SettingName, string>>;

const NAMES = Object.values(SettingName);

/**
 * The settings in the layout's gadget URL. Finesse renders a gadget in a
 * frame whose own query string carries the spec URL, encoded, in `url`;
 * the administrator's parameters are that URL's query string.
 *
 * @param frameSearch the gadget frame's `location.search`
 */
export function settingsFromFrameSearch(frameSearch: string): RawSettings {
  const specUrl = new URLSearchParams(frameSearch).get('url');
  if (specUrl === null) return {};

  const queryStart = specUrl.indexOf('?');
  if (queryStart < 0) return {};

  const query = new URLSearchParams(specUrl.slice(queryStart + 1));
  const settings: RawSettings = {};
  for (const name of NAMES) {
    const value = query.get(name);
    if (value !== null) settings[name] = value;
  }
  return settings;
}

/**
 * Layout parameters first, then the UserPref defaults from gadget.xml.
 *
 * @param readPref the gadget's UserPref value for a name ("" when unset)
 */
export function withDefaults(
  fromLayout: RawSettings,
  readPref: (name: SettingName) => string,
): RawSettings {
  const settings: RawSettings = {};
  for (const name of NAMES) {
    settings[name] = fromLayout[name] ?? readPref(name);
  }
  return settings;
}
