/**
 * Bytes and UTF-8 for the wire layer on any platform: Node's Buffer when it is there (its UTF-8
 * paths are the fastest, and a Buffer is a Uint8Array), TextEncoder/TextDecoder otherwise
 * (browsers; Deno and Bun have both). Nothing here imports a `node:` module, so the client path
 * built on it runs in a browser.
 * @internal
 */

/** The part of Node's Buffer this module uses, looked up at run time (absent in browsers). */
interface NodeBufferClass {
  allocUnsafeSlow(size: number): Uint8Array;
  byteLength(text: string, encoding: "utf8"): number;
  from(buffer: ArrayBufferLike, byteOffset: number, length: number): Uint8Array & NodeBufferText;
  from(text: string, encoding: "utf8"): Uint8Array;
  isBuffer(value: unknown): boolean;
}

interface NodeBufferText {
  toString(encoding: "utf8", start: number, end: number): string;
}

const NodeBuffer = (globalThis as { Buffer?: NodeBufferClass }).Buffer;
/** `ignoreBOM`: a leading U+FEFF stays in the text, as Buffer's decoding keeps it. */
const decoder = NodeBuffer === undefined ? new TextDecoder("utf-8", { ignoreBOM: true }) : undefined;
const encoder = NodeBuffer === undefined ? new TextEncoder() : undefined;

/** The text of bytes [start, end) of `bytes` as UTF-8 (malformed sequences become U+FFFD). @internal */
export const decodeUtf8: (bytes: Uint8Array, start: number, end: number) => string =
  NodeBuffer === undefined
    ? (bytes, start, end) => decoder!.decode(bytes.subarray(start, end))
    : (bytes, start, end) =>
        (NodeBuffer.isBuffer(bytes)
          ? (bytes as Uint8Array & NodeBufferText)
          : NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
        ).toString("utf8", start, end);

/** The UTF-8 bytes of `text`. @internal */
export function encodeUtf8(text: string): Uint8Array {
  return encoder === undefined ? NodeBuffer!.from(text, "utf8") : encoder.encode(text);
}

/** How many bytes `text` takes as UTF-8. @internal */
export const utf8Length: (text: string) => number =
  NodeBuffer === undefined
    ? (text) => encoder!.encode(text).length
    : (text) => NodeBuffer.byteLength(text, "utf8");

/**
 * A new buffer of `size` bytes (contents unspecified) that owns its memory: on Node not a slice
 * of the shared pool, which would pin its 8 KiB slab.
 * @internal
 */
export const allocBytes: (size: number) => Uint8Array =
  NodeBuffer === undefined ? (size) => new Uint8Array(size) : (size) => NodeBuffer.allocUnsafeSlow(size);

/** `parts` joined into one new buffer of `total` bytes (their summed length). @internal */
export function concatBytes(parts: readonly Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1 && parts[0]!.length === total) return parts[0]!;
  const joined = allocBytes(total);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}
