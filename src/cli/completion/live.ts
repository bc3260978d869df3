/**
 * Completion's questions to a live service: its interfaces (GetInfo) and every method they
 * declare. Completion must never print an error into the user's prompt or hang it, so any
 * failure (nothing listening, no introspection, slow service) is an empty answer.
 */
import { getDescription, getInfo, withService } from "../introspect/session.js";
import { methodNames } from "../introspect/suggest-member.js";
import type { LiveLookup } from "./candidates.js";

/** Bound on each call: long enough for a local service on a loaded machine, short for a prompt. */
const TIMEOUT_MS = 2000;

/** The lookup used by `__complete`. */
export const liveLookup: LiveLookup = async (address, what) => {
  try {
    return await withService(address, async (client) => {
      const { interfaces } = await getInfo(client, TIMEOUT_MS);
      if (what === "interfaces") return interfaces;
      const methods: string[] = [];
      for (const iface of interfaces)
        for (const m of methodNames(await getDescription(client, iface, TIMEOUT_MS)))
          methods.push(`${iface}.${m}`);
      return methods;
    });
  } catch {
    return [];
  }
};
