/**
 * UserService's handlers: io.example.user on the generated skeleton. In-memory accounts, with
 * bounded fields (limits.ts). Each replica has its own map, seeded from `SEED_USERS`: the
 * stand-in for the database replicas would share in a real deployment.
 */
import {
  InvalidUserData,
  UserAlreadyExists,
  UserNotFound,
  type User,
  type UserService,
} from "../../../shared/generated/io.example.user.js";
import { MAX_TEXT, MAX_USERNAME, tooLong } from "../../../shared/limits.js";

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

/** The account a seeded username gets. */
export function seededUser(username: string): User {
  return {
    username,
    email: `${username}@example.org`,
    fullName: null,
    role: "member",
    createdAt: 1_700_000_000,
    tags: {},
  };
}
