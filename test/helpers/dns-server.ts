/**
 * A tiny authoritative DNS server on 127.0.0.1 (UDP) for discovery tests: answers A, AAAA and
 * SRV questions from a mutable table, with the TTLs given, and counts the questions so a test
 * can wait for a re-resolution instead of sleeping.
 */
import { type Socket, createSocket } from "node:dgram";
import { isIPv4, isIPv6 } from "node:net";

/** Record types we answer. */
const TYPE = { A: 1, AAAA: 28, SRV: 33 } as const;

export type DnsRecord =
  | { type: "A"; address: string; ttl: number }
  | { type: "AAAA"; address: string; ttl: number }
  | { type: "SRV"; target: string; port: number; priority?: number; weight?: number; ttl: number };

export interface DnsServer {
  /** `127.0.0.1:PORT`, for `Resolver.setServers`. */
  readonly address: string;
  /** Name (lower case, no trailing dot) → records. A name absent from the table is NXDOMAIN. */
  readonly records: Map<string, DnsRecord[]>;
  /** When set, every answer is SERVFAIL. */
  failing: boolean;
  /** Names answered with SERVFAIL (lower case). */
  readonly failingNames: Set<string>;
  /** Names never answered (lower case): counted, then dropped, like a server that went away. */
  readonly silentNames: Set<string>;
  /** Questions received so far for `name` (any type). */
  queries(name: string): number;
  /** Resolves once `name` has been asked about `count` times in total. */
  waitForQueries(name: string, count: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts the server on an ephemeral port. */
export async function startDnsServer(): Promise<DnsServer> {
  const socket: Socket = createSocket("udp4");
  const records = new Map<string, DnsRecord[]>();
  const counts = new Map<string, number>();
  const waiters: { name: string; count: number; resolve: () => void }[] = [];
  const server = {
    address: "",
    records,
    failing: false,
    failingNames: new Set<string>(),
    silentNames: new Set<string>(),
    queries: (name: string) => counts.get(name) ?? 0,
    waitForQueries(name: string, count: number): Promise<void> {
      if ((counts.get(name) ?? 0) >= count) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.push({ name, count, resolve }));
    },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
  socket.on("message", (query, peer) => {
    const answer = respond(query, server);
    if (answer !== undefined) socket.send(answer, peer.port, peer.address);
    for (const waiter of [...waiters]) {
      if ((counts.get(waiter.name) ?? 0) >= waiter.count) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  server.address = `127.0.0.1:${socket.address().port}`;

  function respond(query: Buffer, state: typeof server): Buffer | undefined {
    if (query.length < 12 || query.readUInt16BE(4) !== 1) return undefined;
    const question = readName(query, 12);
    if (question === undefined || question.end + 4 > query.length) return undefined;
    const name = question.name.toLowerCase();
    const qtype = query.readUInt16BE(question.end);
    counts.set(name, (counts.get(name) ?? 0) + 1);
    if (state.silentNames.has(name)) return undefined;
    const known = records.get(name);
    const rcode = state.failing || state.failingNames.has(name) ? 2 : known === undefined ? 3 : 0;
    const answers = rcode === 0 ? (known ?? []).filter((record) => TYPE[record.type] === qtype) : [];
    const header = Buffer.alloc(12);
    header.writeUInt16BE(query.readUInt16BE(0), 0); // id
    header.writeUInt16BE(0x8400 | (query.readUInt16BE(2) & 0x0100) | rcode, 2); // QR, AA, RD copied
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answers.length, 6);
    return Buffer.concat([header, query.subarray(12, question.end + 4), ...answers.map(encodeRecord)]);
  }
  return server;
}

function readName(message: Buffer, offset: number): { name: string; end: number } | undefined {
  const labels: string[] = [];
  let at = offset;
  for (;;) {
    const length = message[at];
    if (length === undefined || length > 63) return undefined; // no compression in questions
    at += 1;
    if (length === 0) break;
    labels.push(message.toString("latin1", at, at + length));
    at += length;
  }
  return { name: labels.join("."), end: at };
}

function encodeName(name: string): Buffer {
  const parts = name
    .replace(/\.$/, "")
    .split(".")
    .filter((label) => label !== "")
    .map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label, "latin1")]));
  return Buffer.concat([...parts, Buffer.from([0])]);
}

function encodeRecord(record: DnsRecord): Buffer {
  let data: Buffer;
  if (record.type === "A") {
    if (!isIPv4(record.address)) throw new Error(`not IPv4: ${record.address}`);
    data = Buffer.from(record.address.split(".").map(Number));
  } else if (record.type === "AAAA") {
    if (!isIPv6(record.address)) throw new Error(`not IPv6: ${record.address}`);
    data = ipv6Bytes(record.address);
  } else {
    const fixed = Buffer.alloc(6);
    fixed.writeUInt16BE(record.priority ?? 0, 0);
    fixed.writeUInt16BE(record.weight ?? 0, 2);
    fixed.writeUInt16BE(record.port, 4);
    data = Buffer.concat([fixed, encodeName(record.target)]);
  }
  const head = Buffer.alloc(12);
  head.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question's
  head.writeUInt16BE(TYPE[record.type], 2);
  head.writeUInt16BE(1, 4); // class IN
  head.writeUInt32BE(record.ttl, 6);
  head.writeUInt16BE(data.length, 10);
  return Buffer.concat([head, data]);
}

function ipv6Bytes(address: string): Buffer {
  const [left = "", right] = address.split("::");
  const head = left === "" ? [] : left.split(":");
  const tail = right === undefined || right === "" ? [] : right.split(":");
  const groups = [...head, ...Array<string>(8 - head.length - tail.length).fill("0"), ...tail];
  const bytes = Buffer.alloc(16);
  groups.forEach((group, index) => bytes.writeUInt16BE(Number.parseInt(group, 16), index * 2));
  return bytes;
}
