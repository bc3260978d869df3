/**
 * Reading interface descriptions from a running service through `org.varlink.service`
 * (`breaking --against unix:/run/…`, `pull`): GetInfo lists the interfaces, and
 * GetInterfaceDescription returns each one's IDL text.
 */
import { SourceFile } from "../../diagnostics/source-file.js";
import { VarlinkClient } from "../../runtime/index.js";

/** What `org.varlink.service.GetInfo` returns. */
export interface ServiceInfo {
  readonly vendor: string;
  readonly product: string;
  readonly version: string;
  readonly url: string;
  readonly interfaces: readonly string[];
}

/**
 * Connects to `address`, asks GetInfo, then fetches the description of every interface in
 * `names` (all the service's interfaces when `names` is undefined). Interfaces the service does
 * not have are skipped. The connection is closed before returning, also on error.
 */
export async function fetchDescriptions(
  address: string,
  names: readonly string[] | undefined,
  timeoutMs: number,
): Promise<{ info: ServiceInfo; files: SourceFile[] }> {
  const client = await VarlinkClient.connect(address);
  try {
    const info = (await client.call(
      "org.varlink.service.GetInfo",
      {},
      { timeoutMs },
    )) as unknown as ServiceInfo;
    const wanted = names ?? info.interfaces;
    const files: SourceFile[] = [];
    for (const name of wanted) {
      if (!info.interfaces.includes(name)) continue;
      const reply = await client.call(
        "org.varlink.service.GetInterfaceDescription",
        { interface: name },
        { timeoutMs },
      );
      files.push(new SourceFile(`${address}#${name}`, String(reply["description"])));
    }
    return { info, files };
  } finally {
    await client.close();
  }
}
