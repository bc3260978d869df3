/**
 * The deployed microservice example (examples/microservices) for tests: generates its code
 * (`npm run generate` there, the CLI from dist/: pretest builds) and re-exports its process
 * launcher. Generation is a no-op when nothing changed (the CLI's manifest), so each test file
 * may ask for it.
 */

export * from "../../examples/microservices/scripts/processes.js";

/** Generates io.example.user and io.example.order into the example's shared/generated/. */
export { generateCode as generateExample } from "../../examples/microservices/scripts/generate.js";
