/**
 * Certification client: `npm run cert:client -- --varlink ADDR` (same flags as
 * varlink-go-certification --client). Prints each step and the End result; exit code 0 only
 * when the certification passes.
 */
import { VarlinkClient } from "../../packages/runtime/src/index.js";
import { parseVarlinkFlag } from "./flags.js";
import { runCertification } from "./run-client.js";

async function main(): Promise<number> {
  const address = parseVarlinkFlag(process.argv.slice(2));
  if (address === undefined) {
    console.error("usage: cert:client --varlink ADDRESS");
    return 2;
  }
  const client = await VarlinkClient.connect(address);
  try {
    const result = await runCertification(client);
    for (const line of result.lines) console.log(line);
    if (!result.ok) {
      console.log(`FAILED: ${result.failure}`);
      return 1;
    }
    console.log("Certification passed");
    return 0;
  } finally {
    await client.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
