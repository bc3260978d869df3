/**
 * Authorization (docs/security.md, "Authorization"): an interceptor that asks a check whether a
 * call may run and answers `org.varlink.service.PermissionDenied` when it may not. The check sees
 * the whole call: method, validated parameters, peer (TLS certificate, listener, address) and
 * the authenticated principal. `policy()` builds a declarative one.
 */
import { PermissionDeniedError } from "../errors.js";
import { AUTHENTICATE } from "../wire/auth-interface.js";
import type { ServerCall, ServerInterceptor } from "./interceptor.js";
import { type PolicyRule, policy } from "./policy.js";

/** Says whether `call` may run. A throw is a failure of the check (`InternalError`, reported). */
export type AuthorizeCheck = (call: ServerCall) => boolean | Promise<boolean>;

/**
 * A server interceptor that lets a call through only when `check` (or the policy made of
 * `rules`, deny by default) allows it; otherwise `org.varlink.service.PermissionDenied`. Place
 * it after interceptors that should see refused calls too (logging, metrics). The
 * `org.varlink.codegen.auth.Authenticate` call always passes: it is how a caller gets an
 * identity to be authorized as.
 */
export function authorize(check: AuthorizeCheck | readonly PolicyRule[]): ServerInterceptor {
  const allowed = typeof check === "function" ? check : policy(check);
  return (next) => async (call) => {
    if (call.method !== AUTHENTICATE && (await allowed(call)) !== true) throw new PermissionDeniedError();
    return await next(call);
  };
}
