// The gadget bundle's entry: defines <finesse-host-bridge> and starts the
// gadget as soon as the script runs, so that the hub's connect hook is in
// place before the container connects.
import { startGadget } from './start-gadget.js';

startGadget(window);
