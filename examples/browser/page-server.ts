/**
 * One HTTP server for a page and the Varlink services behind it: static files at `/`, and the
 * UAPI.20 HTTP front (simple mode at `/varlink/call/…`, WebSocket mode at
 * `/varlink/ws/services/{service}`) on the same origin, so the page needs no CORS. Loopback only.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { type HttpFront, type VarlinkBackends, createHttpFront } from "@varlink-codegen/runtime/http";

/** A file the server hands out: its body and media type. */
export interface PageFile {
  readonly body: string | Uint8Array;
  readonly type: string;
}

/** A listening page server. */
export interface PageServer {
  /** `http://127.0.0.1:PORT/`. */
  readonly url: string;
  /** The front's base URL (simple mode), `http://127.0.0.1:PORT/varlink`. */
  readonly varlinkUrl: string;
  close(): Promise<void>;
}

/** Serves `files` (by path, `/index.html`) and the HTTP front for `backends` on 127.0.0.1. */
export async function servePage(
  files: ReadonlyMap<string, PageFile>,
  backends: VarlinkBackends,
): Promise<PageServer> {
  // The front wants the page's origin in its allow-list (browsers send Origin on fetch POSTs
  // and WebSockets, same-origin ones too), known once the port is: it is made after listen.
  const made: { front?: HttpFront } = {};
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path.startsWith("/varlink/") && made.front !== undefined) return made.front.request(req, res);
    const file = files.get(path === "/" ? "/index.html" : path);
    if (file === undefined) {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, { "Content-Type": file.type, "Cache-Control": "no-store" }).end(file.body);
  });
  server.on("upgrade", (req, socket, head) => {
    if (made.front === undefined) socket.destroy();
    else made.front.upgrade(req, socket, head);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const front = createHttpFront({ backends, basePath: "/varlink/", allowedOrigins: [origin] });
  made.front = front;
  return {
    url: `${origin}/`,
    varlinkUrl: `${origin}/varlink`,
    close: async () => {
      front.closeWebSockets();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
