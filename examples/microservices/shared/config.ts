/**
 * Configuration from environment variables (12-factor): every setting of both services, read
 * once at start. A missing or malformed variable is a one-line message naming it, never a stack
 * trace (main.ts prints it and exits 2).
 */
import type { TlsClientOptions, TlsServerOptions } from "@varlink-codegen/runtime";

/** A configuration mistake: its message names the variable. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** What both services read. */
export interface CommonConfig {
  /** `LISTEN`: the Varlink address (`tls:0.0.0.0:8443`, `tcp:127.0.0.1:0`, `unix:/run/x`). */
  readonly listen: string;
  /** `TLS_CERT`, `TLS_KEY`, `TLS_CA`: files; all three or none (none: plaintext, local only). */
  readonly tls: { readonly cert: string; readonly key: string; readonly ca: string } | undefined;
  /** `HTTP_LISTEN`: `host:port` of /healthz, /readyz and /metrics (default `0.0.0.0:9464`). */
  readonly http: { readonly host: string; readonly port: number };
  /** `LOG_LEVEL` (pino's: trace, debug, info, warn, error, fatal, silent; default info). */
  readonly logLevel: string;
  /** `DRAIN_TIMEOUT_MS`: how long calls in flight may finish after SIGTERM (default 10 000). */
  readonly drainTimeoutMs: number;
  /**
   * Traces are exported when `OTEL_EXPORTER_OTLP_ENDPOINT` or `..._TRACES_ENDPOINT` is set and
   * `OTEL_TRACES_EXPORTER` is not `none`; the exporter reads the rest of `OTEL_*` itself.
   */
  readonly tracing: boolean;
}

/** OrderService's own settings. */
export interface OrderConfig extends CommonConfig {
  /**
   * `USER_SERVICE`: UserService's target: a comma-separated list (`tls:10.0.0.7:8443,...`),
   * `dns:NAME:PORT` or `dns+srv:NAME` (a Kubernetes headless Service). With TLS set, DNS-found
   * replicas are reached over TLS.
   */
  readonly userService: string;
  /** `USER_SERVICE_NAME`: the name UserService's certificate must carry (default: the address's host). */
  readonly userServerName: string | undefined;
  /** `USER_CALL_TIMEOUT_MS`: one GetUserInfo call, retries included (default 5 000). */
  readonly userCallTimeoutMs: number;
}

type Env = Readonly<Record<string, string | undefined>>;

const LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"];

function positive(env: Env, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === "") return fallback;
  if (!/^\d+$/.test(text) || Number(text) <= 0)
    throw new ConfigError(`${name}: expected a positive integer, got '${text}'`);
  return Number(text);
}

function hostPort(env: Env, name: string, fallback: string): { host: string; port: number } {
  const text = env[name] || fallback;
  const match = /^(?:\[(.+)\]|([^:]+)):(\d{1,5})$/.exec(text);
  if (match === null || Number(match[3]) > 65535)
    throw new ConfigError(`${name}: expected HOST:PORT, got '${text}'`);
  return { host: match[1] ?? match[2] ?? "", port: Number(match[3]) };
}

function tlsFiles(env: Env): CommonConfig["tls"] {
  const [cert, key, ca] = [env["TLS_CERT"], env["TLS_KEY"], env["TLS_CA"]].map((v) =>
    v === "" ? undefined : v,
  );
  if (cert === undefined && key === undefined && ca === undefined) return undefined;
  if (cert === undefined || key === undefined || ca === undefined)
    throw new ConfigError("TLS_CERT, TLS_KEY and TLS_CA: set all three (mutual TLS) or none");
  return { cert, key, ca };
}

/** Reads the settings both services share. */
export function commonConfig(env: Env, defaultListen: string): CommonConfig {
  const logLevel = env["LOG_LEVEL"] || "info";
  if (!LEVELS.includes(logLevel))
    throw new ConfigError(`LOG_LEVEL: expected one of ${LEVELS.join(", ")}, got '${logLevel}'`);
  const endpoint = env["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] || env["OTEL_EXPORTER_OTLP_ENDPOINT"];
  return {
    listen: env["LISTEN"] || defaultListen,
    tls: tlsFiles(env),
    http: hostPort(env, "HTTP_LISTEN", "0.0.0.0:9464"),
    logLevel,
    drainTimeoutMs: positive(env, "DRAIN_TIMEOUT_MS", 10_000),
    tracing: endpoint !== undefined && env["OTEL_TRACES_EXPORTER"] !== "none",
  };
}

/** Reads OrderService's settings. */
export function orderConfig(env: Env): OrderConfig {
  const userService = env["USER_SERVICE"];
  if (userService === undefined || userService === "")
    throw new ConfigError(
      "USER_SERVICE: required (e.g. tls:127.0.0.1:8443,tls:127.0.0.1:8444 or dns:users.shop.svc.cluster.local:8443)",
    );
  return {
    ...commonConfig(env, "tls:0.0.0.0:8443"),
    userService,
    userServerName: env["USER_SERVICE_NAME"] || undefined,
    userCallTimeoutMs: positive(env, "USER_CALL_TIMEOUT_MS", 5_000),
  };
}

/** Mutual TLS for a listener: a client certificate from our CA is required. */
export function serverTls(tls: NonNullable<CommonConfig["tls"]>): TlsServerOptions {
  return { ...tls, requireClientCert: true };
}

/** Mutual TLS for a client: our certificate, the CA that signed the server's. */
export function clientTls(
  tls: NonNullable<CommonConfig["tls"]>,
  servername: string | undefined,
): TlsClientOptions {
  return servername === undefined ? { ...tls } : { ...tls, servername };
}
