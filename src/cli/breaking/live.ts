/**
 * Reading interface descriptions from a running service (`breaking --against unix:/run/…`):
 * GetInfo lists the interfaces, GetInterfaceDescription returns each one's IDL text.
 */
import { SourceFile } from "../../diagnostics/source-file.js";
import type { TlsClientOptions } from "@varlink-codegen/runtime";
import { getDescription, getInfo, withService } from "../introspect/session.js";

/**
 * The descriptions of the interfaces in `names` that the service at `address` has (named
 * `<address>#<interface>`); names it does not have are skipped (they are new interfaces).
 */
export async function fetchDescriptions(
  address: string,
  names: readonly string[],
  timeoutMs: number,
  tls?: TlsClientOptions,
): Promise<SourceFile[]> {
  return withService({ address, tls }, async (client) => {
    const info = await getInfo(client, timeoutMs);
    const files: SourceFile[] = [];
    for (const name of names) {
      if (!info.interfaces.includes(name)) continue;
      files.push(new SourceFile(`${address}#${name}`, await getDescription(client, name, timeoutMs)));
    }
    return files;
  });
}
