// A stand-in for the browser's EventSource (jsdom has none): the test opens, feeds, drops or refuses each
// connection by hand, as the server and the network would. `install()` puts it on globalThis.
import { act } from "@testing-library/react";
import { vi } from "vitest";

export class FakeEventSource extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSED = 2;

  /** Every connection the page made, oldest first. */
  static instances: FakeEventSource[] = [];

  static install() {
    FakeEventSource.instances = [];
    vi.stubGlobal("EventSource", FakeEventSource);
  }

  /** The newest connection. */
  static get latest(): FakeEventSource {
    const source = FakeEventSource.instances.at(-1);
    if (!source) throw new Error("no EventSource was opened");
    return source;
  }

  readyState = FakeEventSource.CONNECTING;
  readonly withCredentials = false;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  /** Whether the page closed it. */
  closed = false;
  private lastEventId = "";

  constructor(readonly url: string) {
    super();
    FakeEventSource.instances.push(this);
  }

  close() {
    this.readyState = FakeEventSource.CLOSED;
    this.closed = true;
  }

  private fire(event: Event) {
    act(() => {
      const handler = (this as unknown as Record<string, ((e: Event) => void) | null>)[`on${event.type}`];
      handler?.call(this, event);
      this.dispatchEvent(event);
    });
  }

  /** The server answered 200 with the stream (then sends `ready`, as the real one does). */
  open(readyId = "100") {
    this.readyState = FakeEventSource.OPEN;
    this.fire(new Event("open"));
    this.send("ready", null, readyId);
  }

  /** One event as the server writes it: `event:`, `id:` (not on pings) and JSON `data:`. */
  send(type: string, data: unknown, id?: string) {
    if (this.closed) throw new Error(`send("${type}") on a closed EventSource`);
    if (id !== undefined) this.lastEventId = id;
    this.fire(new MessageEvent(type, { data: JSON.stringify(data), lastEventId: this.lastEventId }));
  }

  /** The connection broke: the browser tries again by itself (CONNECTING). */
  drop() {
    this.readyState = FakeEventSource.CONNECTING;
    this.fire(new Event("error"));
  }

  /** The server refused it (a 401, a 502): the browser gives up on this one (CLOSED). */
  refuse() {
    this.readyState = FakeEventSource.CLOSED;
    this.fire(new Event("error"));
  }
}
