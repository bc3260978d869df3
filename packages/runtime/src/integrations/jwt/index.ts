/**
 * `@varlink-codegen/runtime/jwt`: JWT bearer-token verification for `ServerOptions.authentication`,
 * on the optional peer dependency `jose` (install it to use this entry point; the core runtime
 * never loads it). See docs/security.md, "Authentication".
 *
 * @packageDocumentation
 */
export { type JwtVerifierOptions, jwtVerifier } from "./verifier.js";
