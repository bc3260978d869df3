/**
 * UserService's entry point: `node main.js` (configuration from the environment, see
 * shared/config.ts and the README). `SEED_USERS` (comma-separated usernames, default
 * `ada,grace,linus`) fills the in-memory accounts.
 */
import { registerUserService } from "../../../shared/generated/io.example.user.js";
import { commonConfig } from "../../../shared/config.js";
import { main } from "../../../shared/main-guard.js";
import { runService } from "../../../shared/service.js";
import { createUserService, seededUser } from "./handlers.js";

await main(() => {
  const config = commonConfig(process.env, "tls:0.0.0.0:8443");
  const seed = (process.env["SEED_USERS"] ?? "ada,grace,linus").split(",").filter((name) => name !== "");
  return runService({
    name: "user-service",
    product: "UserService",
    config,
    setup: (server) => {
      registerUserService(server, createUserService(new Map(seed.map((name) => [name, seededUser(name)]))));
      return async () => {};
    },
  });
});
