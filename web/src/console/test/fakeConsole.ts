// A fake of the console API behind openapi-fetch's fetch: routes by method and path, records every request.
// It speaks the wire format (JSON, ProblemDetails, 204s, Retry-After) so the client's parsing is tested too.

export interface Call {
  method: string;
  /** The path under /api/console, without the query: "/me", "/conversations/{id}", … */
  path: string;
  query: URLSearchParams;
  headers: Headers;
  /** The JSON body, parsed; null without one. */
  body: any;
}

export type Responder = (call: Call) => Response | Promise<Response>;

export const json = (data: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(data), { status, headers: { "Content-Type": "application/json", ...headers } });

export const noContent = () => new Response(null, { status: 204 });

/** A refusal as ASP.NET writes it: ProblemDetails with the API's code and any extensions. */
export const problem = (status: number, code: string, detail: string, extra: object = {}, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ type: "about:blank", title: "Refused", status, detail, code, ...extra }), {
    status,
    headers: { "Content-Type": "application/problem+json", ...headers },
  });

/** The cookie middleware's answer to a request without a live session: a bare 401. */
export const unauthorized = () => new Response(null, { status: 401 });

export class FakeConsole {
  readonly calls: Call[] = [];
  private readonly always = new Map<string, Responder>();
  private readonly queued = new Map<string, Responder[]>();
  private clock: (() => Date) | null = null;

  /** Stamps every answer with a `Date` header from `now`, as the real server does from its own clock. */
  dated(now: () => Date) {
    this.clock = now;
    return this;
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

  readonly fetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const prefix = "/api/console";
    if (url.origin !== window.location.origin || !url.pathname.startsWith(prefix)) throw new Error(`unexpected request to ${request.url}`);
    const text = await request.text();
    const call: Call = {
      method: request.method,
      path: url.pathname.slice(prefix.length),
      query: url.searchParams,
      headers: request.headers,
      body: text ? JSON.parse(text) : null,
    };
    this.calls.push(call);
    const route = `${call.method} ${call.path}`;
    const responder = this.queued.get(route)?.shift() ?? this.always.get(route);
    if (!responder) throw new Error(`no fake for ${route}`);
    const response = await responder(call);
    if (this.clock) response.headers.set("Date", this.clock().toUTCString());
    return response;
  };
}
