/**
 * After a client's EOF, is it still there? A client may shut down its write side after sending
 * its calls and still read the replies (shell pipes, socat, `varlinkctl` reading a reply from
 * stdin), so EOF alone must not cancel its calls. sd-varlink gives up on a pending method only
 * once it sees POLLHUP (the peer closed, not just shut down writing) or a write fails; node shows
 * neither, so while calls are pending after EOF the channel is probed (a write of zero bytes,
 * see `Channel.probe`): at once, then every {@link PROBE_INTERVAL_MS} on an unref'd timer. A
 * probe that finds the peer gone closes the connection, which aborts the handlers' signals.
 * @internal
 */

/** Between probes of a half-closed connection with calls pending: one syscall a second. */
export const PROBE_INTERVAL_MS = 1000;

/** @internal */
export class PeerWatch {
  #timer: ReturnType<typeof setInterval> | undefined;

  /** Probes now and then periodically until {@link PeerWatch.stop}. */
  start(probe: () => void): void {
    if (this.#timer !== undefined) return;
    probe();
    this.#timer = setInterval(probe, PROBE_INTERVAL_MS);
    this.#timer.unref();
  }

  /** No call pending any more, or the connection is closed. */
  stop(): void {
    if (this.#timer === undefined) return;
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
