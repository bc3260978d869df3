/**
 * `introspect`, `list-interfaces` and `list-methods`, as varlinkctl has them: print a service's
 * interface descriptions, its interface names, or its qualified method names. With interface
 * names given, GetInfo is not needed (systemd 252's services do not implement it).
 */
import { ExitCode } from "../exit-code.js";
import { fetchInterfaces, reportUnknown } from "./run-pull.js";
import { reportServiceError } from "./run-info.js";
import { getInfo, targetName, withService, type Target } from "./session.js";
import { methodNames } from "./suggest-member.js";

/** What each verb prints from the fetched descriptions. */
export type InspectVerb = "introspect" | "list-methods";

/** The text `verb` prints for the descriptions, in the order fetched. */
export function inspectOutput(verb: InspectVerb, files: readonly { name: string; text: string }[]): string {
  if (verb === "list-methods")
    return files.flatMap(({ name, text }) => methodNames(text).map((m) => `${name}.${m}\n`)).join("");
  // One blank line between descriptions, so the output is readable and still splits by `interface`.
  return files.map(({ text }) => (text.endsWith("\n") ? text : `${text}\n`)).join("\n");
}

/** Runs `introspect` / `list-methods`; without names, every interface (org.varlink.service too). */
export async function runInspect(
  verb: InspectVerb,
  target: Target,
  names: readonly string[],
  options: { timeout: number },
): Promise<number> {
  try {
    const fetched = await withService(target, async (client) => {
      const wanted = names.length > 0 ? names : (await getInfo(client, options.timeout)).interfaces;
      return fetchInterfaces(client, wanted, options.timeout);
    });
    if (fetched.unknown.length > 0) {
      reportUnknown(targetName(target), fetched.unknown, fetched.available);
      return ExitCode.Failure;
    }
    process.stdout.write(inspectOutput(verb, fetched.files));
    return ExitCode.Ok;
  } catch (error) {
    return reportServiceError(target, error);
  }
}

/** Runs `list-interfaces`: one interface name per line. */
export async function runListInterfaces(target: Target, options: { timeout: number }): Promise<number> {
  try {
    const info = await withService(target, (client) => getInfo(client, options.timeout));
    process.stdout.write(info.interfaces.map((i) => `${i}\n`).join(""));
    return ExitCode.Ok;
  } catch (error) {
    return reportServiceError(target, error);
  }
}
