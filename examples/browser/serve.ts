/**
 * Starts the browser example: a UserService (io.example.user, the generated skeleton, three
 * users) on a unix socket, and one HTTP server on 127.0.0.1 with the page (index.html, the
 * bundled app.js) and the bridge to the service (page-server.ts). See README.md.
 */
import { readFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VarlinkServer, closeOnSignals } from "@varlink-codegen/runtime";
import { addressBackends } from "@varlink-codegen/runtime/http";
import { type User, UserNotFound, registerUserService } from "./generated/io.example.user.js";
import { type PageServer, servePage } from "./page-server.js";

const user = (username: string, role: User["role"]): User => ({
  username,
  email: `${username}@example.org`,
  fullName: null,
  role,
  createdAt: 1_700_000_000,
  tags: {},
});

/** The example's users. */
export const USERS: readonly User[] = [user("ada", "admin"), user("grace", "member"), user("linus", "guest")];

/** The running example: the page's URL, and how to stop it. */
export interface Example {
  readonly page: PageServer;
  stop(): Promise<void>;
}

/** Starts the service and the page server; `appJs` is the bundled app.ts. */
export async function startExample(appJs: string): Promise<Example> {
  const users = new Map(USERS.map((u) => [u.username, u]));
  const server = new VarlinkServer({
    vendor: "example",
    product: "UserService",
    version: "1",
    url: "https://example.org",
  });
  registerUserService(server, {
    getUserInfo: ({ username }) => {
      const found = users.get(username);
      if (found === undefined) throw new UserNotFound({ username });
      return { user: found };
    },
    createUser: ({ username, email, fullName, role }) => {
      const created = { ...user(username, role ?? "member"), email, fullName: fullName ?? null };
      users.set(username, created);
      return { user: created };
    },
    async *listUsers({ role }) {
      for (const found of users.values()) if (role == null || found.role === role) yield { user: found };
    },
    deleteUser: ({ username }) => {
      if (!users.delete(username)) throw new UserNotFound({ username });
    },
  });
  const dir = await mkdtemp(join(tmpdir(), "vlc-browser-example-"));
  const address = `unix:${join(dir, "io.example.user")}`;
  await server.listen(address);
  const html = await readFile(new URL("./index.html", import.meta.url), "utf8");
  const page = await servePage(
    new Map([
      ["/index.html", { body: html, type: "text/html" }],
      ["/app.js", { body: appJs, type: "text/javascript" }],
    ]),
    addressBackends({ "io.example.user": address }),
  );
  return {
    page,
    stop: async () => {
      await page.close();
      await server.close({ timeoutMs: 1000 });
      await rm(dir, { recursive: true, force: true });
    },
  };
}

// Run directly (npm run example:browser): serve until Ctrl-C.
if (import.meta.url === `file://${process.argv[1]}`) {
  const example = await startExample(await readFile(new URL("./app.js", import.meta.url), "utf8"));
  console.log(
    `open ${example.page.url} (WebSocket mode) or ${example.page.url}?mode=http (simple HTTP mode)`,
  );
  closeOnSignals({ close: () => example.stop() }, { onClosed: () => process.exit(0) });
}
