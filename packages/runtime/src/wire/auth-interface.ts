/**
 * `org.varlink.codegen.auth`: the small interface of ours through which a caller presents a
 * bearer token and binds an identity to its connection (docs/security.md, "Authentication").
 * A method, not a vendor-extension header member: every Varlink client library that keeps a
 * connection open can call it, and nothing unknown is ever sent to a peer not configured for it.
 */
import { VarlinkError } from "../errors.js";

/** The interface's name. */
export const AUTH_INTERFACE = "org.varlink.codegen.auth";

/** The fully-qualified name of its one method. */
export const AUTHENTICATE = "org.varlink.codegen.auth.Authenticate";

/** Names of its errors. */
export const AuthErrors = {
  /** The token was refused (why is told to the server's operator, never to the caller). */
  AuthenticationFailed: "org.varlink.codegen.auth.AuthenticationFailed",
  /** The identity already holds as many connections as the server allows one identity. */
  TooManyConnections: "org.varlink.codegen.auth.TooManyConnections",
} as const;

/** Its IDL, returned by `GetInterfaceDescription("org.varlink.codegen.auth")`. */
export const AUTH_DESCRIPTION: string = `# Binds a caller's identity to this connection (varlink-codegen).
interface ${AUTH_INTERFACE}

# Presents a bearer token (e.g. an OAuth 2.0 / JWT access token). Later calls on this
# connection run as the token's subject until it expires (expires: Unix time in seconds) or
# another Authenticate replaces it. A refused token closes the connection after the reply.
method Authenticate(token: string) -> (subject: string, expires: ?int)

# The token was not accepted.
error AuthenticationFailed ()

# This identity already holds the most connections the service allows one identity.
error TooManyConnections ()
`;

/** `org.varlink.codegen.auth.AuthenticationFailed`: the token was refused; the connection closes. */
export class AuthenticationFailedError extends VarlinkError {
  constructor() {
    super(AuthErrors.AuthenticationFailed, {});
  }
}

/** `org.varlink.codegen.auth.TooManyConnections`: over the per-identity limit; the connection closes. */
export class TooManyConnectionsError extends VarlinkError {
  constructor() {
    super(AuthErrors.TooManyConnections, {});
  }
}
