/**
 * UserService: implements io.example.user on the generated skeleton. In-memory accounts, with
 * bounded fields (limits.ts).
 */
import {
  InvalidUserData,
  UserAlreadyExists,
  UserNotFound,
  registerUserService,
  type User,
  type UserService,
} from "./generated/io.example.user.js";
import { VarlinkServer } from "./generated/runtime/index.js";
import { MAX_TEXT, MAX_USERNAME, tooLong } from "./limits.js";

/** The handlers, over a Map of accounts (exported for tests that want a server of their own). */
export function createUserService(users = new Map<string, User>()): UserService {
  return {
    getUserInfo({ username }) {
      const user = users.get(username);
      if (user === undefined) throw new UserNotFound({ username });
      return { user };
    },
    createUser({ username, email, fullName, role }) {
      for (const [field, value, max] of [
        ["username", username, MAX_USERNAME],
        ["email", email, MAX_TEXT],
        ["fullName", fullName, MAX_TEXT],
      ] as const) {
        const reason = tooLong(field, value, max);
        if (reason !== undefined) throw new InvalidUserData({ field, reason });
      }
      if (users.has(username)) throw new UserAlreadyExists({ username });
      const user: User = {
        username,
        email,
        fullName: fullName ?? null,
        role: role ?? "member",
        createdAt: 1_700_000_000,
        tags: {},
      };
      users.set(username, user);
      return { user };
    },
    async *listUsers({ role }) {
      for (const user of users.values()) if (role == null || user.role === role) yield { user };
    },
    deleteUser({ username }) {
      if (!users.delete(username)) throw new UserNotFound({ username });
    },
  };
}

/** Starts a server for io.example.user on `address`; returns it and the bound address. */
export async function startUserService(address: string): Promise<{ server: VarlinkServer; address: string }> {
  const server = new VarlinkServer({
    vendor: "example",
    product: "UserService",
    version: "1.0.0",
    url: "https://example.org/user",
  });
  registerUserService(server, createUserService());
  const listener = await server.listen(address);
  return { server, address: listener.address };
}
