/**
 * What a client raises for an error reply: the typed class of an `org.varlink.service` error
 * when its parameters are what that interface declares, a plain {@link VarlinkError} for any
 * other name, and a {@link ReplyValidationError} when a service error's parameters are wrong.
 * Never throws, whatever the parameters hold: a throw here would leave the call unsettled.
 * @internal
 */
import type { ValidationIssue } from "../server/definitions.js";
import {
  ExpectedMoreError,
  ExpectedUpgradeError,
  InterfaceNotFoundError,
  InvalidParameterError,
  MethodNotFoundError,
  MethodNotImplementedError,
  PermissionDeniedError,
  ServiceErrors,
  VarlinkError,
} from "../errors.js";
import { Issue } from "../validate/issue.js";
import { ReplyValidationError } from "../validate/validate.js";

/** A service error: its one declared `string` field (if any) and its class. */
interface ServiceError {
  readonly field: string | undefined;
  readonly make: (value: string) => VarlinkError;
}

const serviceErrors: ReadonlyMap<string, ServiceError> = new Map<string, ServiceError>([
  [ServiceErrors.InterfaceNotFound, { field: "interface", make: (v) => new InterfaceNotFoundError(v) }],
  [ServiceErrors.MethodNotFound, { field: "method", make: (v) => new MethodNotFoundError(v) }],
  [ServiceErrors.MethodNotImplemented, { field: "method", make: (v) => new MethodNotImplementedError(v) }],
  [ServiceErrors.InvalidParameter, { field: "parameter", make: (v) => new InvalidParameterError(v) }],
  [ServiceErrors.PermissionDenied, { field: undefined, make: () => new PermissionDeniedError() }],
  [ServiceErrors.ExpectedMore, { field: undefined, make: () => new ExpectedMoreError() }],
  [ServiceErrors.ExpectedUpgrade, { field: undefined, make: () => new ExpectedUpgradeError() }],
]);

/**
 * The error for an error reply to `method`. Parameters are checked leniently, like replies
 * (unknown fields allowed); they are kept exactly as received on the error returned.
 */
export function errorFromReply(
  method: string,
  error: string,
  parameters: Record<string, unknown>,
): VarlinkError | ReplyValidationError {
  const known = serviceErrors.get(error);
  if (known === undefined) return new VarlinkError(error, parameters);
  let value = "";
  if (known.field !== undefined) {
    const raw = Object.hasOwn(parameters, known.field) ? parameters[known.field] : undefined;
    if (typeof raw !== "string") {
      const issue: ValidationIssue =
        raw === undefined || raw === null
          ? Issue.missing(known.field, "string")
          : Issue.expected(known.field, "string", raw);
      return new ReplyValidationError(method, [issue], {
        error,
        cause: new VarlinkError(error, parameters),
      });
    }
    value = raw;
  }
  const typed = known.make(value);
  Object.defineProperty(typed, "parameters", { value: parameters, enumerable: true });
  return typed;
}
