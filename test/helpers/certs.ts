/**
 * Test certificates made with Debian's `openssl` (EC P-256, fast): two CAs, a server certificate
 * for localhost/127.0.0.1/::1, a client certificate, and the bad ones of the handshake matrix
 * (expired, not yet valid, wrong SAN, from the other CA). `openssl ca` is used for every leaf
 * because it alone (in OpenSSL 3.0) takes an exact validity window. Made once per test file in
 * a temporary directory; `rm()` removes it.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A certificate and its key, as files. */
export interface CertFiles {
  readonly cert: string;
  readonly key: string;
}

/** What {@link makeCerts} made; every entry is a file path. */
export interface TestCerts {
  readonly dir: string;
  readonly ca: string;
  readonly otherCa: string;
  /** CN=localhost, SAN DNS:localhost, IP:127.0.0.1, IP:::1. */
  readonly server: CertFiles;
  /** CN=order-service, SAN URI:spiffe://example.org/order, DNS:order.svc. */
  readonly client: CertFiles;
  readonly expired: CertFiles;
  readonly notYetValid: CertFiles;
  /** SAN DNS:elsewhere.example only. */
  readonly wrongName: CertFiles;
  /** Signed by the other CA. */
  readonly otherCaServer: CertFiles;
  readonly otherCaClient: CertFiles;
  /** Issues one more leaf of `ca` (for rotation tests). */
  issue(name: string, cn: string, san: string): CertFiles;
  rm(): void;
}

function openssl(args: readonly string[]): void {
  execFileSync("openssl", args, { stdio: ["ignore", "ignore", "pipe"] });
}

function makeCa(dir: string, name: string): { cert: string; key: string; dir: string } {
  const caDir = join(dir, name);
  mkdirSync(join(caDir, "newcerts"), { recursive: true });
  writeFileSync(join(caDir, "index.txt"), "");
  writeFileSync(join(caDir, "serial"), "1000\n");
  const key = join(caDir, "ca.key");
  const cert = join(caDir, "ca.crt");
  openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key]);
  openssl(["req", "-x509", "-new", "-key", key, "-subj", `/CN=${name}`, "-days", "30", "-out", cert]);
  writeFileSync(
    join(caDir, "ca.cnf"),
    [
      "[ca]",
      "default_ca = local",
      "[local]",
      `dir = ${caDir}`,
      `database = ${caDir}/index.txt`,
      `new_certs_dir = ${caDir}/newcerts`,
      `serial = ${caDir}/serial`,
      "default_md = sha256",
      "policy = any",
      "unique_subject = no",
      "[any]",
      "commonName = supplied",
      "organizationName = optional",
      "",
    ].join("\n"),
  );
  return { cert, key, dir: caDir };
}

function leaf(
  dir: string,
  ca: { cert: string; key: string; dir: string },
  name: string,
  subject: string,
  san: string,
  window: { start?: string; end?: string } = {},
): CertFiles {
  const key = join(dir, `${name}.key`);
  const csr = join(dir, `${name}.csr`);
  const cert = join(dir, `${name}.crt`);
  const ext = join(dir, `${name}.ext`);
  writeFileSync(ext, `[v3]\nsubjectAltName = ${san}\nbasicConstraints = CA:FALSE\n`);
  openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key]);
  openssl(["req", "-new", "-key", key, "-subj", subject, "-out", csr]);
  openssl([
    "ca",
    "-batch",
    "-notext",
    "-config",
    join(ca.dir, "ca.cnf"),
    "-cert",
    ca.cert,
    "-keyfile",
    ca.key,
    "-in",
    csr,
    "-out",
    cert,
    "-extfile",
    ext,
    "-extensions",
    "v3",
    ...(window.start === undefined ? [] : ["-startdate", window.start]),
    ...(window.end === undefined ? ["-days", "7"] : ["-enddate", window.end]),
  ]);
  return { cert, key };
}

/** Makes the whole set (about a second). */
export function makeCerts(): TestCerts {
  const dir = mkdtempSync(join(tmpdir(), "vlc-certs-"));
  const ca = makeCa(dir, "test-ca");
  const other = makeCa(dir, "other-ca");
  const serverSan = "DNS:localhost, IP:127.0.0.1, IP:::1";
  return {
    dir,
    ca: ca.cert,
    otherCa: other.cert,
    server: leaf(dir, ca, "server", "/CN=localhost", serverSan),
    client: leaf(
      dir,
      ca,
      "client",
      "/CN=order-service/O=example",
      "URI:spiffe://example.org/order, DNS:order.svc",
    ),
    expired: leaf(dir, ca, "expired", "/CN=localhost", serverSan, {
      start: "20200101000000Z",
      end: "20200201000000Z",
    }),
    notYetValid: leaf(dir, ca, "not-yet-valid", "/CN=localhost", serverSan, {
      start: "20990101000000Z",
      end: "20990201000000Z",
    }),
    wrongName: leaf(dir, ca, "wrong-name", "/CN=elsewhere.example", "DNS:elsewhere.example"),
    otherCaServer: leaf(dir, other, "other-server", "/CN=localhost", serverSan),
    otherCaClient: leaf(dir, other, "other-client", "/CN=order-service", "DNS:order.svc"),
    issue: (name, cn, san) => leaf(dir, ca, name, `/CN=${cn}`, san),
    rm: () => rmSync(dir, { recursive: true, force: true }),
  };
}
