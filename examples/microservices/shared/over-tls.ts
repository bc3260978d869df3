/**
 * DNS discovery yields `tcp:IP:PORT` endpoints (a headless Service's A records name no
 * scheme); with mutual TLS every replica must be dialled as `tls:IP:PORT` instead. This wraps
 * any endpoint source and rewrites its `tcp:` addresses, keeping `refresh()` (the service
 * client asks DNS again at once when every known replica failed).
 */
import type { EndpointSource } from "@varlink-codegen/runtime";

/** An endpoint source that may be asked to look again (what `dns:` sources are). */
type MaybeRefreshable = EndpointSource & { refresh?: () => void };

/** `source` with each `tcp:` address turned into `tls:` (others unchanged). */
export function overTls(source: MaybeRefreshable): MaybeRefreshable {
  const wrapped: MaybeRefreshable = {
    subscribe: (onChange, onError) =>
      source.subscribe(
        (addresses) => onChange(addresses.map((a) => (a.startsWith("tcp:") ? `tls:${a.slice(4)}` : a))),
        onError,
      ),
  };
  if (source.refresh !== undefined) wrapped.refresh = () => source.refresh?.();
  return wrapped;
}
