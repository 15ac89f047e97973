// A fake of the console API behind openapi-fetch's fetch: routes by method and path, records every request.
// It speaks the wire format (JSON, ProblemDetails, 204s, Retry-After) so the client's parsing is tested too.
import type { CadenceStatus, CadenceView, LeadDetail, LeadItem, Touch } from "../api/types";
import { stages } from "../pages/leads/words";

export interface Call {
  method: string;
  /** The path under /api/console, without the query: "/me", "/conversations/{id}", … */
  path: string;
  query: URLSearchParams;
  headers: Headers;
  /** The JSON body, parsed; null without one. */
  body: any;
  /** Sent to outlive the page (fetch's keepalive), as a request made while leaving must be. */
  keepalive: boolean;
  /** The request's abort signal: whether the page gave up on it (a Stop, a page left). */
  signal: AbortSignal;
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
      keepalive: request.keepalive,
      signal: request.signal,
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

/**
 * The leads pipeline over `leads` (in the server's order, newest first): GET /leads reads stage, q, locationId,
 * service, from, to, cursor and limit as the server does (days in UTC, both ends included; a `to` before the
 * `from` is refused), and counts every stage under the search and filters with the stage filter aside. The
 * cursor is an offset here; the console passes it back untouched, as it must the real one.
 */
export function servePipeline(server: FakeConsole, leads: LeadItem[]) {
  return server.on("GET /leads", ({ query }) => {
    const stage = query.get("stage");
    if (stage && !(stages as readonly string[]).includes(stage)) return problem(400, "bad_stage", "stage must be one of the stages.");
    const [since, until] = [query.get("from"), query.get("to")];
    if (since && until && until < since) return problem(400, "bad_dates", "to must not be before from.");
    const q = query.get("q")?.toLowerCase() ?? "";
    const digits = q.replace(/\D/g, "");
    const location = query.get("locationId");
    const service = query.get("service")?.toLowerCase() ?? "";
    const found = leads.filter(
      (l) =>
        (!q ||
          [l.firstName, l.lastName, l.email, l.vehicle, l.service].some((field) => field?.toLowerCase().includes(q)) ||
          (digits.length >= 3 && !!l.phone?.includes(digits))) &&
        (!location || l.locationId === location) &&
        (!service || !!l.service?.toLowerCase().includes(service)) &&
        (!since || l.createdAt.slice(0, 10) >= since) &&
        (!until || l.createdAt.slice(0, 10) <= until),
    );
    const inStage = stage ? found.filter((l) => l.stage === stage) : found;
    const limit = Number(query.get("limit") ?? 50);
    const from = Number(query.get("cursor") ?? 0);
    return json({
      items: inStage.slice(from, from + limit),
      nextCursor: from + limit < inStage.length ? String(from + limit) : null,
      counts: Object.fromEntries(stages.map((s) => [s, found.filter((l) => l.stage === s).length])),
    });
  });
}

/**
 * A lead's page (GET /leads/{id}) and its cadence controls as the server allows them: pause while running,
 * resume while paused, stop either (else 409 `cadence_<status>`). Each answers the cadence as it now is, and
 * the page shows it from then on. PUT …/language takes "en" or "es" (else a 400 validation problem), set by
 * staff, on the lead and its conversation. Returns the page as it stands.
 */
export function serveLead(server: FakeConsole, detail: LeadDetail) {
  let current = detail;
  const path = `/leads/${detail.lead.id}`;
  const now = () => new Date().toISOString();
  const touches = (c: CadenceView, from: Touch["status"][], to: Partial<Touch>) => c.touches.map((t) => (from.includes(t.status) ? { ...t, ...to } : t));
  const change = (allowed: CadenceStatus[], next: (c: CadenceView) => CadenceView, lead: Partial<LeadItem> = {}) => () => {
    const status = current.cadence.status;
    if (!allowed.includes(status)) return problem(409, `cadence_${status}`, `The cadence is ${status}.`);
    current = { ...current, lead: { ...current.lead, ...lead }, cadence: next(current.cadence) };
    return json(current.cadence);
  };
  server
    .on(`GET ${path}`, () => json(current))
    .on(`PUT ${path}/language`, ({ body }) => {
      const language = typeof body?.language === "string" ? body.language.trim().toLowerCase() : "";
      if (language !== "en" && language !== "es")
        return problem(400, "invalid", "One or more validation errors occurred.", { errors: { language: ["One of: en, es."] } });
      current = {
        ...current,
        language: { language, source: "staff" },
        conversation: current.conversation && { ...current.conversation, language },
      };
      return json(current.language);
    })
    .on(
      `POST ${path}/cadence/pause`,
      change(["active"], (c) => ({ ...c, status: "paused", pausedAt: now(), touches: touches(c, ["scheduled"], { status: "paused" }) })),
    )
    .on(
      `POST ${path}/cadence/resume`,
      change(["paused"], (c) => ({ ...c, status: "active", pausedAt: null, touches: touches(c, ["paused"], { status: "scheduled" }) })),
    )
    .on(
      `POST ${path}/cadence/stop`,
      change(
        ["active", "paused"],
        (c) => ({
          ...c,
          status: "stopped",
          stopReason: "staff_stopped",
          pausedAt: null,
          stoppedAt: now(),
          touches: touches(c, ["scheduled", "claimed", "paused"], { status: "cancelled", cancelReason: "staff_stopped" }),
        }),
        { stage: "lost", stopReason: "staff_stopped" },
      ),
    );
  return () => current;
}

/**
 * The assistant's test conversations (POST /assistant/try) as the server checks them: 1 to 40 messages of 1 to
 * 2000 characters ending with the customer's, a language of en, es or none (else a 400 validation problem, keyed
 * as the server keys it), and a location of the colleague's (else 404). Each request gets `answer(call)`; the
 * answer's fields left out are an offline answer's: no tools, nobody needed, nothing booked. `answer` may
 * wait (a promise), to look at the page while the assistant is answering.
 */
export function serveTryAssistant(
  server: FakeConsole,
  answer: (call: Call) => Record<string, unknown> | Response | Promise<Record<string, unknown> | Response>,
  locationIds?: readonly string[],
) {
  return server.on("POST /assistant/try", async (call) => {
    const { messages, language, locationId } = call.body ?? {};
    const errors: Record<string, string[]> = {};
    if (!Array.isArray(messages) || messages.length < 1 || messages.length > 40) errors.messages = ["Send 1 to 40 messages."];
    else if (messages.some((m: any) => typeof m?.text !== "string" || m.text.length < 1 || m.text.length > 2000))
      errors.messages = ["Each message is 1 to 2000 characters."];
    else if (messages[messages.length - 1].role !== "customer") errors.messages = ["The last message is the customer's."];
    if (language !== null && language !== undefined && language !== "en" && language !== "es") errors.language = ["One of: en, es."];
    if (Object.keys(errors).length) return problem(400, "invalid", "One or more validation errors occurred.", { errors });
    if (locationIds && locationId && !locationIds.includes(locationId)) return problem(404, "not_found", "That location isn't one of yours.");
    const given = await answer(call);
    if (given instanceof Response) return given;
    return json({
      answer: "Happy to help!",
      provider: "offline",
      model: null,
      costUsd: null,
      latencyMs: 12,
      tools: [],
      needsStaff: false,
      needsStaffReason: null,
      appointment: null,
      priceGuardReplaced: false,
      ...given,
    });
  });
}
