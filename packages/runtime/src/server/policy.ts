/**
 * A declarative authorization policy: rules of (which identities) × (which methods). A call is
 * allowed when some rule matches both its caller and its method; nothing else is (deny by
 * default). Identities are matched by what the connection proved: the authenticated principal
 * (token subject, issuer, claims), the verified TLS client certificate (CN, SAN), the listener
 * or unix socket path it came in on, or the remote address (CIDR).
 */
import { BlockList, isIP } from "node:net";
import type { ServerCall } from "./interceptor.js";

/**
 * One way to recognise a caller; every field given must match (and at least one must be given).
 * `anyone: true` matches every caller, authenticated or not.
 */
export interface IdentityMatch {
  readonly anyone?: true;
  /** The principal's subject (JWT `sub`). */
  readonly subject?: string;
  /** The principal's issuer (JWT `iss`). */
  readonly issuer?: string;
  /**
   * Claims of the principal, each of which must hold the value: equal to it, one of the
   * space-separated words of a string claim (OAuth `scope`), or an element of an array claim
   * (`groups`, `roles`). E.g. `{ scope: "users:read" }`.
   */
  readonly claims?: Readonly<Record<string, string>>;
  /** The verified TLS client certificate's subject CN. */
  readonly tlsCommonName?: string;
  /** One subjectAltName entry of the verified client certificate, as node writes it: `"DNS:order.svc"`, `"URI:spiffe://example.org/order"`. */
  readonly tlsSubjectAltName?: string;
  /** The listener the connection came in on, as `Peer.listener` names it (`unix:/run/x`, `tcp:0.0.0.0:8080`). */
  readonly listener?: string;
  /** The unix socket path the connection came in on (`Peer.socketPath`). */
  readonly socketPath?: string;
  /** The remote address: an IP address, or a CIDR block (`10.0.0.0/8`, `fd00::/8`). */
  readonly address?: string;
}

/** Allows the callers matched by `who` to call `methods`. */
export interface PolicyRule {
  /** The callers: one match, or several (any of them). */
  readonly who: IdentityMatch | readonly IdentityMatch[];
  /**
   * The methods: fully-qualified names (`io.example.user.GetUser`), every method of an
   * interface and the interfaces below it (`io.example.user.*`), or every method (`*`).
   */
  readonly methods: readonly string[];
}

type Test = (call: ServerCall) => boolean;

/** A check (for `authorize`) allowing exactly what `rules` allow. Throws on a malformed rule. */
export function policy(rules: readonly PolicyRule[]): (call: ServerCall) => boolean {
  const compiled = rules.map((rule, index) => {
    const who = (Array.isArray(rule.who) ? rule.who : [rule.who]) as readonly IdentityMatch[];
    if (who.length === 0) throw new TypeError(`policy rule ${index}: 'who' is empty`);
    const callers = who.map((match) => identityTest(match, index));
    const methods = rule.methods.map((pattern) => methodTest(pattern, index));
    return (call: ServerCall) => methods.some((m) => m(call.method)) && callers.some((c) => c(call));
  });
  return (call) => compiled.some((rule) => rule(call));
}

function methodTest(pattern: string, index: number): (method: string) => boolean {
  if (pattern === "*") return () => true;
  if (pattern.endsWith(".*") && pattern.length > 2) {
    const prefix = pattern.slice(0, -1);
    return (method) => method.startsWith(prefix);
  }
  if (pattern.includes("*") || !/^[A-Za-z][\w-]*(\.[\w-]+)+$/.test(pattern)) {
    throw new TypeError(`policy rule ${index}: bad method pattern ${JSON.stringify(pattern)}`);
  }
  return (method) => method === pattern;
}

/** A claim holds `value`: equal, a word of a space-separated string, or an element of an array. */
function holds(claim: unknown, value: string): boolean {
  if (typeof claim === "string") return claim === value || claim.split(" ").includes(value);
  return Array.isArray(claim) && claim.includes(value);
}

function identityTest(match: IdentityMatch, index: number): Test {
  const tests: Test[] = [];
  const { subject, issuer, claims, tlsCommonName, tlsSubjectAltName, listener, socketPath, address } = match;
  if (subject !== undefined) tests.push((c) => c.principal?.subject === subject);
  if (issuer !== undefined) tests.push((c) => c.principal?.issuer === issuer);
  if (claims !== undefined) {
    const wanted = Object.entries(claims);
    tests.push((c) => {
      const have = c.principal?.claims;
      return have !== undefined && wanted.every(([name, value]) => holds(have[name], value));
    });
  }
  if (tlsCommonName !== undefined) {
    tests.push((c) => c.peer.tls?.authorized === true && c.peer.tls.subject["CN"] === tlsCommonName);
  }
  if (tlsSubjectAltName !== undefined) {
    tests.push(
      (c) => c.peer.tls?.authorized === true && c.peer.tls.subjectAltNames.includes(tlsSubjectAltName),
    );
  }
  if (listener !== undefined) tests.push((c) => c.peer.listener === listener);
  if (socketPath !== undefined) tests.push((c) => c.peer.socketPath === socketPath);
  if (address !== undefined) tests.push(addressTest(address, index));
  if (match.anyone === true) tests.push(() => true);
  if (tests.length === 0) throw new TypeError(`policy rule ${index}: an identity match names nothing`);
  return (call) => tests.every((test) => test(call));
}

/** An IPv4 address written as IPv6 (`::ffff:10.0.0.1`, a dual-stack listener's form) as IPv4. */
function plainAddress(address: string): string {
  return address.toLowerCase().startsWith("::ffff:") && isIP(address.slice(7)) === 4
    ? address.slice(7)
    : address;
}

function addressTest(spec: string, index: number): Test {
  const [ip = "", bits] = spec.split("/");
  const family = isIP(ip);
  const prefix = bits === undefined ? (family === 4 ? 32 : 128) : Number(bits);
  if (family === 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) {
    throw new TypeError(`policy rule ${index}: bad address ${JSON.stringify(spec)}`);
  }
  const block = new BlockList();
  block.addSubnet(ip, prefix, family === 4 ? "ipv4" : "ipv6");
  return (call) => {
    const remote = call.peer.remoteAddress;
    if (remote === undefined) return false;
    const plain = plainAddress(remote);
    const kind = isIP(plain);
    return kind !== 0 && block.check(plain, kind === 4 ? "ipv4" : "ipv6");
  };
}
