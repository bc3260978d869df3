/**
 * Issue 16's rows: orders/s end to end through both services of examples/microservices (a
 * client -> OrderService -> UserService.GetUserInfo), 3 UserService processes and 1
 * OrderService process on loopback, 8 concurrent clients. Against a plain setup in the same
 * run (tcp:, no traces): (1) mutual TLS on both hops + OTLP trace export to a sink in this
 * process, rounds interleaved with plain; (2) the same with one UserService replica SIGKILLed
 * a third of the way through each round (fresh processes per round, since a kill is final,
 * warmed with one unmeasured round first).
 * Metrics counters and info-level logs are on in every setup (the services always have them;
 * a call's log record is debug, not built at info).
 */
import { VarlinkClient } from "../../packages/runtime/src/client/client.js";
import {
  generateExample,
  startService,
  stopService,
  type ServiceProcess,
} from "../../test/helpers/microservices.js";
import { makeCerts, type TestCerts } from "../../test/helpers/certs.js";
import { startTraceSink, type TraceSink } from "../../examples/microservices/scripts/trace-sink.js";
import type { BenchContext } from "../lib/context.js";
import { reasonOf, size } from "../lib/context.js";
import { unavailable, type Row } from "../lib/report.js";
import { interleavedRates, median } from "../lib/stats.js";

const GROUP = "microservices: orders end to end";
const CLIENTS = 8;

interface Setup {
  readonly users: ServiceProcess[];
  readonly order: ServiceProcess;
  readonly clients: VarlinkClient[];
  stop(): Promise<void>;
}

async function startSetup(secure: { certs: TestCerts; sink: TraceSink } | undefined): Promise<Setup> {
  const env = (name: string, files?: { cert: string; key: string }): Record<string, string> => ({
    LISTEN: secure ? "tls:127.0.0.1:0" : "tcp:127.0.0.1:0",
    HTTP_LISTEN: "127.0.0.1:0",
    ...(secure && files
      ? {
          TLS_CERT: files.cert,
          TLS_KEY: files.key,
          TLS_CA: secure.certs.ca,
          OTEL_EXPORTER_OTLP_ENDPOINT: secure.sink.endpoint,
          OTEL_RESOURCE_ATTRIBUTES: `service.instance.id=${name}`,
        }
      : {}),
  });
  const users: ServiceProcess[] = [];
  for (const i of [1, 2, 3])
    users.push(await startService("user-service", env(`user-${i}`, secure?.certs.server)));
  const order = await startService("order-service", {
    ...env("order", secure?.certs.server),
    USER_SERVICE: users.map((u) => u.address).join(","),
  });
  const tls = secure
    ? { tls: { ca: secure.certs.ca, cert: secure.certs.client.cert, key: secure.certs.client.key } }
    : {};
  const clients = await Promise.all(
    Array.from({ length: CLIENTS }, () => VarlinkClient.connect(order.address, tls)),
  );
  return {
    users,
    order,
    clients,
    stop: async () => {
      await Promise.all(clients.map((c) => c.close()));
      await Promise.all([order, ...users].map(stopService));
    },
  };
}

/** `orders` orders over the setup's clients; `atThird` runs once a third are done. */
function drive(setup: Setup, orders: number, atThird?: () => void): () => Promise<void> {
  return async () => {
    let next = 0;
    let done = 0;
    await Promise.all(
      setup.clients.map(async (client) => {
        while (next < orders) {
          const n = next++;
          await client.call("io.example.order.CreateOrder", {
            username: ["ada", "grace", "linus"][n % 3],
            items: [{ sku: "book", quantity: 1, unitPrice: 100 }],
          });
          if (++done === Math.floor(orders / 3)) atThird?.();
        }
      }),
    );
  };
}

/** The microservices rows. */
export async function microservices(context: BenchContext): Promise<Row[]> {
  let certs: TestCerts;
  let sink: TraceSink;
  try {
    generateExample();
    certs = makeCerts();
    sink = await startTraceSink();
  } catch (error) {
    return [unavailable(GROUP, "(all)", "-", reasonOf(error))];
  }
  const orders = size(context, 2000, 400);
  const rows: Row[] = [];
  const setups: Setup[] = [];
  try {
    const plain = await startSetup(undefined);
    const full = await startSetup({ certs, sink });
    setups.push(plain, full);
    context.log("microservices: mutual TLS + traces vs plain");
    const rates = await interleavedRates(
      drive(full, orders),
      drive(plain, orders),
      orders,
      context.repetitions,
    );
    rows.push({
      group: GROUP,
      scenario: "mutual TLS + OTLP traces, 3 replicas",
      against: "plain tcp, no traces",
      ...rates,
      unit: "orders/s",
      better: "higher",
    });
    await full.stop();
    setups.pop();
    context.log("microservices: one replica killed per round");
    try {
      const killedRates: number[] = [];
      for (let round = 0; round < (context.quick ? 1 : 3); round++) {
        const setup = await startSetup({ certs, sink });
        setups.push(setup);
        const victim = setup.users[0]!;
        // Warm (JIT, pooled connections, TLS sessions) like the interleaved setups above.
        await drive(setup, orders)();
        const start = process.hrtime.bigint();
        await drive(setup, orders, () => victim.child.kill("SIGKILL"))();
        killedRates.push(orders / (Number(process.hrtime.bigint() - start) / 1e9));
        await setup.stop();
        setups.pop();
      }
      rows.push({
        group: GROUP,
        scenario: "mutual TLS + traces, 1 of 3 replicas SIGKILLed mid-round",
        against: "plain tcp, no traces",
        ours: median(killedRates),
        baseline: rates.baseline,
        unit: "orders/s",
        better: "higher",
        note: "fresh, warmed processes per round; baseline from the row above",
      });
    } catch (error) {
      rows.push(
        unavailable(GROUP, "1 of 3 replicas SIGKILLed mid-round", "plain tcp, no traces", reasonOf(error)),
      );
    }
  } finally {
    await Promise.all(setups.map((s) => s.stop()));
    await sink.close();
    certs.rm();
  }
  return rows;
}
