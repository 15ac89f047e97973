// Server-Sent Events as the chat server writes them (ChatEndpoints.cs: `event: {name}\ndata: {json}\n\n`).

export type SseEvent = [event: string, data: unknown, id?: string];

const encoder = new TextEncoder();

export function sseText(events: SseEvent[]): string {
  return events.map(([event, data, id]) => `event: ${event}\n${id === undefined ? "" : `id: ${id}\n`}data: ${JSON.stringify(data)}\n\n`).join("");
}

export const sseBytes = (events: SseEvent[]) => encoder.encode(sseText(events));

/** Cuts bytes into chunks of `size` bytes: with a small size the cuts land mid-event and mid-character. */
export function chunked(bytes: Uint8Array, size: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.slice(i, i + size));
  return chunks;
}

/** Cuts bytes at the given offsets. */
export function splitAt(bytes: Uint8Array, offsets: number[]): Uint8Array[] {
  const cuts = [0, ...offsets.filter((o) => o > 0 && o < bytes.length).sort((a, b) => a - b), bytes.length];
  return cuts.slice(1).map((end, i) => bytes.slice(cuts[i], end));
}

/** A stream that hands out the chunks one read at a time, then ends (or fails, when `fail` is set). */
export function streamOf(chunks: Uint8Array[], options: { fail?: boolean } = {}): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[i++];
      if (chunk) controller.enqueue(chunk);
      else if (options.fail) controller.error(new TypeError("network error"));
      else controller.close();
    },
  });
}

/**
 * An answer the test streams by hand: `respond()` is the fetch's Response; the test then pushes
 * events (or drops the connection) one at a time and looks at the page in between.
 */
export function liveStream() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
  });
  const push = (event: string, data: unknown, id?: string) => controller.enqueue(encoder.encode(sseText([[event, data, id]])));
  return {
    respond: () => new Response(body, { status: 200, headers: { "Content-Type": "text/event-stream" } }),
    raw: (text: string) => controller.enqueue(encoder.encode(text)),
    delta: (text: string) => push("delta", { text }),
    tool: (name: string) => push("tool", { name }),
    done: (reply: unknown) => push("done", reply),
    error: (code: string, message = "The answer was interrupted.") => push("error", { code, message }),
    /** Any event, as the live stream (GET /events) sends them: `staff_message`, `reset`, `ping`, with an id. */
    event: (event: string, data: unknown, id?: string) => push(event, data, id),
    /** The connection ends with no done or error event. */
    end: () => controller.close(),
    /** The connection breaks (a read fails). */
    fail: () => controller.error(new TypeError("network error")),
  };
}

export type LiveStream = ReturnType<typeof liveStream>;
