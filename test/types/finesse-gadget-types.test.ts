// Compile-only: `npm run typecheck` proves that the declarations in
// finesse-gadget-types refuse the mistakes Finesse punishes at run time.
// Every @ts-expect-error line must fail to compile, or tsc reports it.
import type {
  FinesseLibrary,
  GadgetsApi,
  User,
  UserData,
  UserState,
} from 'finesse-gadget-types';

export function misuses(finesse: FinesseLibrary, user: User, data: UserData) {
  // finesse.js throws on a non-string id.
  // @ts-expect-error the id must be a string
  new finesse.restservices.User({ id: 1001001 });

  // @ts-expect-error an empty element arrives as null
  const loginId: string = data.loginId;

  // @ts-expect-error one role is a string, several an array
  data.roles?.role?.toUpperCase();

  // @ts-expect-error getData() is the raw document, not a snapshot
  const state: string = user.getData().state;

  // @ts-expect-error getLoginId does not exist in finesse.js 10.5
  user.getLoginId();

  // @ts-expect-error the library may be missing: check before use
  window.finesse.restservices.User;

  // @ts-expect-error the gadgets API may be missing too
  window.gadgets.HubSettings.onConnect = () => {};

  return { loginId, state };
}

export function correctUses(finesse: FinesseLibrary, gadgets: GadgetsApi) {
  const user = new finesse.restservices.User({
    id: '1001001',
    onLoad: (loaded) => loaded.getData(),
    onChange: (changed) => changed.getData().state,
    onError: (response) => response?.status,
  });

  const roles = user.getData().roles?.role;
  const list: string[] = Array.isArray(roles) ? roles : roles ? [roles] : [];

  // Known states are offered; a state from a newer Finesse still fits.
  const known: UserState = 'NOT_READY';
  const future: UserState = 'SOME_NEW_STATE';

  gadgets.HubSettings.onConnect = () => {};
  gadgets.window.adjustHeight();

  return { list, known, future };
}
