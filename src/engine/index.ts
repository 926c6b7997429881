/** The process engine: the bus, the plugin base and the site-wide plugins. */
import { Bus } from "./bus.js";

export { Bus, ChannelFailures, OperationalError, type BusState, type Listener } from "./bus.js";
export { BUS_CHANNELS, SimplePlugin, type BusChannel, type Plugin } from "./plugin.js";
export { SignalHandler, type SignalAction } from "./plugins/signals.js";
export { PIDFile } from "./plugins/pid-file.js";
export { Monitor } from "./plugins/monitor.js";
export { TimeoutMonitor, type Deadline } from "./plugins/timeout-monitor.js";
export { Autoreloader, type AutoreloaderOptions } from "./plugins/autoreload.js";
export { DropPrivileges, type DropPrivilegesOptions } from "./plugins/drop-privileges.js";

/** The process-wide bus that servers, the tree and plugins share. */
export const engine = new Bus();
