/**
 * `node --import tsx bench/peers/node-server.ts --varlink ADDRESS [--idl FILE]`: our runtime serving
 * org.varlink.bench in its own process (like bench-go-server), printing `READY <address>`.
 */
import { VarlinkServer } from "../../packages/runtime/src/index.js";
import { benchInterface } from "./bench-service.js";

const flag = process.argv.indexOf("--varlink");
const address = flag >= 0 ? process.argv[flag + 1] : undefined;
if (address === undefined) {
  console.error("usage: node-server.ts --varlink ADDRESS [--idl FILE] [--max-connections N]");
  process.exit(2);
}
const idlFlag = process.argv.indexOf("--idl");
const idlPath = idlFlag >= 0 ? process.argv[idlFlag + 1] : undefined;
const maxFlag = process.argv.indexOf("--max-connections");
const maxConnections = maxFlag >= 0 ? Number(process.argv[maxFlag + 1]) : 10_000;

const server = new VarlinkServer({
  vendor: "varlink-codegen",
  product: "bench-node-server",
  version: "1",
  url: "https://varlink.org",
  maxConnections,
});
server.addInterface(benchInterface(idlPath));
const listener = await server.listen(address);
console.log(`READY ${listener.address}`);
const stop = (): void => void server.close().then(() => process.exit(0));
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
