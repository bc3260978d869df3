/**
 * Certification server: `npm run cert:server -- --varlink ADDR` (same flags as
 * varlink-go-certification). Serves org.varlink.certification until interrupted.
 */
import { VarlinkServer } from "../../packages/runtime/src/index.js";
import { parseVarlinkFlag } from "./flags.js";
import { createCertificationInterface } from "./service.js";

async function main(): Promise<number> {
  const address = parseVarlinkFlag(process.argv.slice(2));
  if (address === undefined) {
    console.error("usage: cert:server --varlink ADDRESS");
    return 2;
  }
  const server = new VarlinkServer({
    vendor: "varlink-codegen",
    product: "Certification",
    version: "1",
    url: "https://github.com/varlink/go",
  });
  server.addInterface(createCertificationInterface());
  const activated = await server.listenActivated();
  const listener = activated[0] ?? (await server.listen(address));
  console.log(`listening on ${listener.address}`);
  const stop = (): void => {
    void server.close({ timeoutMs: 1000 }).then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return -1;
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
