/**
 * Certificate reload without a restart: re-read a listener's certificate, key and CA files,
 * check that the new set makes a secure context (a certificate that does not match its key is
 * refused here), and only then hand it to `tls.Server.setSecureContext`, so a bad rotation keeps
 * the old certificate. Open connections keep the context they were made with; new ones get the
 * new one.
 */
import { type FSWatcher, watch } from "node:fs";
import { dirname } from "node:path";
import { emitWarning } from "node:process";
import { type SecureContextOptions, type Server, createSecureContext } from "node:tls";
import { type TlsServerOptions, loadSecureContextOptions, pemPaths } from "./tls-options.js";

/** Waits this long after a file event before reloading: a rotation writes several files. */
const SETTLE_MS = 100;

/** A listener's reload: `reload()` on demand, and (optionally) a watch of the files. @internal */
export interface TlsReloader {
  /** Re-reads and installs the files; rejects (keeping the old context) when they do not load. */
  reload(): Promise<void>;
  /** Stops watching. */
  stop(): void;
}

/** The default `onReload`: a refused reload is a process warning, a good one says nothing. */
function warnOnRefused(error: Error | undefined): void {
  if (error !== undefined)
    emitWarning(`TLS certificate reload refused, the old certificate stays: ${error.message}`, {
      type: "VarlinkTlsReload",
    });
}

/** Loads and validates a full context; throws when the files do not make one. @internal */
export async function loadServerContext(
  options: TlsServerOptions,
  extra: SecureContextOptions,
): Promise<SecureContextOptions> {
  const context = { ...(await loadSecureContextOptions(options)), ...extra };
  // Throws for a key that does not match the certificate, or unparsable PEM.
  createSecureContext(context);
  return context;
}

/** Sets up reloading of `server`'s files. `extra`: the options that are not files. @internal */
export function reloadTls(
  server: Server,
  options: TlsServerOptions,
  extra: SecureContextOptions,
): TlsReloader {
  const onReload = options.onReload ?? warnOnRefused;
  // Reloads run one after the other, so an older read never overwrites a newer one.
  let chain: Promise<void> = Promise.resolve();
  const reload = (): Promise<void> => {
    const run = chain.then(async () => {
      const context = await loadServerContext(options, extra);
      server.setSecureContext(context);
    });
    chain = run.catch(() => {});
    return run;
  };
  const told = (): void => {
    reload().then(
      () => onReload(undefined),
      (error: unknown) => onReload(error instanceof Error ? error : new Error(String(error))),
    );
  };
  const paths = pemPaths(options);
  const watchers: FSWatcher[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  if (options.watch ?? paths.length > 0) {
    // The directory, not the file: cert-manager and `ln -sfn` replace the file (or a symlink
    // above it), which a watch of the old file would never see.
    try {
      for (const dir of new Set(paths.map((path) => dirname(path)))) {
        const watcher = watch(dir, { persistent: false }, () => {
          if (timer !== undefined) clearTimeout(timer);
          timer = setTimeout(() => {
            timer = undefined;
            told();
          }, SETTLE_MS);
          timer.unref();
        });
        watcher.on("error", () => {});
        watchers.push(watcher);
      }
    } catch (error) {
      // fs.watch throws at once (ENOSPC, EMFILE): close the watches already made.
      for (const watcher of watchers) watcher.close();
      throw error;
    }
  }
  return {
    reload: async () => {
      try {
        await reload();
      } catch (error) {
        onReload(error as Error);
        throw error;
      }
      onReload(undefined);
    },
    stop: () => {
      if (timer !== undefined) clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}
