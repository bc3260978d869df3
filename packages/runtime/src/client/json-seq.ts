/**
 * Incremental reader of an `application/json-seq` body (RFC 7464): records are RS (0x1E), a JSON
 * text, LF. A record is handed out as soon as its LF arrives and its text parses (a JSON text may
 * hold line feeds of its own between tokens), so a slow `more` stream is seen reply by reply. A
 * parse is tried only where a record can end (an LF that ends a chunk, or the next RS), never at
 * every LF of a pretty-printed record (that would re-decode the record once per line). RS
 * cannot occur inside JSON text (control characters in strings are escaped), so splitting the
 * bytes at RS never cuts a record.
 * @internal
 */
import { ConnectionError } from "../errors.js";
import { concatBytes, decodeUtf8 } from "../wire/bytes.js";
import { DEFAULT_MAX_MESSAGE_SIZE } from "../wire/framing.js";

const RS = 0x1e;
const LF = 0x0a;

/** Feed chunks to {@link JsonSeqReader.push}; each complete record's text goes to `onRecord`. @internal */
export class JsonSeqReader {
  readonly #parse: (text: string) => unknown;
  readonly #maxMessageSize: number;
  readonly #parts: Uint8Array[] = [];
  #length = 0;
  /** Inside a record (an RS was read): bytes before the first RS are ignored, as RFC 7464 allows. */
  #inRecord = false;

  /** `maxMessageSize`: a record (its text and LF) longer than this is a {@link ConnectionError} (default 16 MiB). */
  constructor(parse: (text: string) => unknown, maxMessageSize: number = DEFAULT_MAX_MESSAGE_SIZE) {
    this.#parse = parse;
    this.#maxMessageSize = maxMessageSize;
  }

  /** Consumes `chunk`; returns the records completed by it, parsed, in order. */
  push(chunk: Uint8Array): unknown[] {
    const records: unknown[] = [];
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte === RS) {
        if (this.#inRecord) this.#take(chunk, start, i, records, true);
        this.#reset();
        this.#inRecord = true;
        start = i + 1;
      } else if (byte === LF && this.#inRecord && i === chunk.length - 1) {
        if (this.#take(chunk, start, i + 1, records, false)) {
          this.#inRecord = false;
        }
        start = i + 1;
      }
    }
    if (this.#inRecord && start < chunk.length) this.#keep(chunk.subarray(start));
    return records;
  }

  /** The body ended: a last record without its LF, if any. */
  end(): unknown[] {
    const records: unknown[] = [];
    if (this.#inRecord && this.#length > 0) this.#take(new Uint8Array(0), 0, 0, records, true);
    this.#reset();
    return records;
  }

  /**
   * Adds chunk[start, end) to the record; when it parses (or `final`: it must), records it and
   * returns true. A record that does not parse at its end is an error.
   */
  #take(chunk: Uint8Array, start: number, end: number, records: unknown[], final: boolean): boolean {
    this.#keep(chunk.subarray(start, end));
    const text = decodeUtf8(concatBytes(this.#parts, this.#length), 0, this.#length);
    if (text.trim() === "") {
      if (final) this.#reset();
      return final;
    }
    let value: unknown;
    try {
      value = this.#parse(text);
    } catch (error) {
      if (final) throw error;
      return false;
    }
    records.push(value);
    this.#reset();
    return true;
  }

  #keep(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    if (this.#length + bytes.length > this.#maxMessageSize)
      throw new ConnectionError(`a json-seq record is larger than ${this.#maxMessageSize} bytes`);
    this.#parts.push(bytes.slice());
    this.#length += bytes.length;
  }

  #reset(): void {
    this.#parts.length = 0;
    this.#length = 0;
  }
}
