/**
 * Installs the Node platform (platform.ts): every address kind of `connectAddress`, and
 * node:dns. Imported for this effect by the Node entry (`index.ts`), never by the browser one;
 * listed in package.json `sideEffects` so that bundlers keep the import.
 * @internal
 */
import { promises as dns } from "node:dns";
import { isIP } from "node:net";
import { connectAddress } from "./connect.js";
import { installPlatform } from "./platform.js";

installPlatform({ open: connectAddress, dnsResolver: () => new dns.Resolver(), isIP });
