// Tests import runtime internals directly (client/client.ts, pool.ts, ...), not the Node entry
// that installs the Node transports (transports/node-platform.ts); install them here. The
// transports load on the first connect, not now: a test's vi.mock of node:fs must still reach
// the tls room.
import { promises as dns } from "node:dns";
import { isIP } from "node:net";
import { installPlatform } from "../../packages/runtime/src/transports/platform.js";

installPlatform({
  open: async (address, signal, tls) =>
    (await import("../../packages/runtime/src/transports/connect.js")).connectAddress(address, signal, tls),
  dnsResolver: () => new dns.Resolver(),
  isIP,
});
