/**
 * The page's script: lists the users of the UserService (io.example.user) through the bridge,
 * with the same generated client a Node program uses. `?mode=http` uses simple HTTP mode
 * (fetch, JSON-SEQ for the `more` stream); the default is WebSocket mode.
 */
import { HttpCaller, VarlinkClient, type VarlinkCaller } from "@varlink-codegen/runtime";
import { UserClient } from "./generated/io.example.user.js";

const list = document.querySelector("#users") as HTMLUListElement;
const status = document.querySelector("#status") as HTMLElement;

async function connect(mode: string): Promise<VarlinkCaller> {
  const base = new URL("varlink", location.href);
  if (mode === "http") return new HttpCaller(base.href);
  base.protocol = location.protocol === "https:" ? "wss:" : "ws:";
  return VarlinkClient.connect(`${base.href}/ws/services/io.example.user`);
}

async function main(): Promise<void> {
  const mode = new URLSearchParams(location.search).get("mode") ?? "ws";
  const caller = await connect(mode);
  try {
    const users = new UserClient(caller);
    for await (const { user } of users.listUsers({}, { more: true })) {
      const item = document.createElement("li");
      item.textContent = `${user.username} (${user.role}) <${user.email}>`;
      list.append(item);
    }
    status.textContent = `${list.children.length} users (${mode === "http" ? "simple HTTP mode" : "WebSocket mode"})`;
    document.body.dataset["state"] = "done";
  } finally {
    await caller.close();
  }
}

main().catch((error: unknown) => {
  status.textContent = `failed: ${error instanceof Error ? error.message : String(error)}`;
  document.body.dataset["state"] = "failed";
});
