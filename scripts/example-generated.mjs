// Exits 0 when examples/microservices/shared/generated/ holds the generated modules, 1 otherwise.
// `npm run typecheck` covers the example, whose generated code is not committed: on a fresh clone
// the pretypecheck hook builds the CLI and generates it first (a no-op once it exists).
import { existsSync } from "node:fs";

const dir = new URL("../examples/microservices/shared/generated/", import.meta.url);
const present = ["io.example.user.ts", "io.example.order.ts"].every((file) => existsSync(new URL(file, dir)));
process.exit(present ? 0 : 1);
