/**
 * E2E scenario against the real systemd-userdbd, compiled with a generated client of
 * io.systemd.UserDatabase (the IDL is in the test). systemd answers an explicit `null` filter
 * (`uid: null`) with EINVAL where an absent one works: the generated client must leave it out.
 */
import { UserDatabaseClient } from "./io.systemd.UserDatabase.js";
import { VarlinkClient } from "./runtime/index.js";

/** Looks root up by name and by group name with the other filter set to null. */
export async function lookUpRoot(address: string): Promise<{ user: unknown; group: unknown }> {
  const client = new UserDatabaseClient(await VarlinkClient.connect(address));
  try {
    const service = "io.systemd.Multiplexer";
    const user = await client.getUserRecord({ service, userName: "root", uid: null });
    const group = await client.getGroupRecord({ service, groupName: "root", gid: null });
    return { user: user.record["userName"], group: group.record["groupName"] };
  } finally {
    await client.close();
  }
}
