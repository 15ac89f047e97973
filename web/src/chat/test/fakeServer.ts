// A fake of the chat API behind ChatApi's fetch: routes by method and path, records every request.
import { ChatApi } from "../api";

export const LEAD_ID = "7d1c2b0e-5f3a-4c8e-9b61-2a4f0c9d8e17";
export const TOKEN = "tok_Zx81-abc_DEF";

export interface Call {
  method: string;
  /** The path under /api/chat/{leadId}, without the query: "/stream", "/slots", … */
  path: string;
  url: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  /** The JSON body, parsed; null without one. */
  body: any;
}

export type Responder = (call: Call) => Response | Promise<Response>;

export const json = (data: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(data), { status, headers: { "Content-Type": "application/json", ...headers } });

/** A refusal as ASP.NET writes it: ProblemDetails with the API's code. */
export const problem = (status: number, code: string | null, detail: string, headers: Record<string, string> = {}, extra: object = {}) =>
  new Response(JSON.stringify({ type: "about:blank", title: "Refused", status, detail, ...(code ? { code } : {}), ...extra }), {
    status,
    headers: { "Content-Type": "application/problem+json", ...headers },
  });

/** The live stream (GET /events) of a shop where nobody writes: `ready`, then nothing until the page lets go. */
export const quietEvents: Responder = () =>
  new Response(
    new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("retry: 2000\nid: 1\nevent: ready\ndata: null\n\n"));
      },
    }),
    { status: 200, headers: { "Content-Type": "text/event-stream" } },
  );

export class FakeServer {
  readonly calls: Call[] = [];
  // Every page listens for staff replies: a quiet stream unless the test answers GET /events itself.
  private readonly always = new Map<string, Responder>([["GET /events", quietEvents]]);
  private readonly queued = new Map<string, Responder[]>();

  /** The requests the page made besides listening for staff replies (GET /events). */
  get asked() {
    return this.calls.filter((c) => !(c.method === "GET" && c.path === "/events"));
  }

  /** Answers every `METHOD /path` request with the responder (after any queued ones). */
  on(route: string, responder: Responder) {
    this.always.set(route, responder);
    return this;
  }

  /** Answers the next `METHOD /path` request with the responder, once. */
  once(route: string, responder: Responder) {
    const list = this.queued.get(route) ?? [];
    list.push(responder);
    this.queued.set(route, list);
    return this;
  }

  /** The requests to one route, in order. */
  callsTo(route: string) {
    return this.calls.filter((c) => `${c.method} ${c.path}` === route);
  }

  readonly fetch: typeof fetch = async (input, init = {}) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const parsed = new URL(url, "https://shop.example");
    const prefix = `/api/chat/${encodeURIComponent(LEAD_ID)}`;
    if (!parsed.pathname.startsWith(prefix)) throw new Error(`unexpected request to ${url}`);
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, key) => (headers[key] = value));
    const call: Call = {
      method: (init.method ?? "GET").toUpperCase(),
      path: parsed.pathname.slice(prefix.length),
      url,
      query: parsed.searchParams,
      headers,
      body: typeof init.body === "string" ? JSON.parse(init.body) : null,
    };
    this.calls.push(call);
    const route = `${call.method} ${call.path}`;
    const responder = this.queued.get(route)?.shift() ?? this.always.get(route);
    if (!responder) throw new Error(`no fake for ${route}`);
    return responder(call);
  };

  api() {
    return new ChatApi(LEAD_ID, TOKEN, this.fetch);
  }
}

/**
 * Answers after `ms` of (fake or real) time, like a network would. Under fake timers the answer then
 * arrives while Testing Library polls (findBy/waitFor advance the clock), never between two steps of a test.
 */
export const after =
  (ms: number, responder: Responder): Responder =>
  async (call) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return responder(call);
  };
