import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { unwrap } from "../../api/client";
import type { AuditActorType, AuditPage } from "../../api/types";
import { useApi } from "../../session";

/** The API's own route: the CSV link points at it too (the browser sends the session cookie with it). */
const AUDIT_URL = "/api/console/audit";

export interface ActivityFilters {
  actorType?: AuditActorType | undefined;
  /** One action exactly (conversation.taken_over), or ending with a dot a subject's actions (appointment.). */
  action?: string | undefined;
  /** On or after this local day, YYYY-MM-DD. */
  from?: string | undefined;
  /** On or before this local day (the whole of it); never before `from` (the server refuses that: bad_dates). */
  to?: string | undefined;
  /** Every change that concerns this lead (its conversation and appointments too). */
  leadId?: string | undefined;
}

/** Local midnight at the start of a YYYY-MM-DD day, `plusDays` later, as the instant the API reads. */
function midnight(day: string, plusDays = 0): string {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  // The Date constructor counts in this device's zone (the shop's), a short or long day of a clock change too.
  return new Date(year, month - 1, date + plusDays).toISOString();
}

/**
 * The filters by the API's names, for the request and the CSV link: the days as instants at local midnight,
 * To's the midnight after its day (the API's `to` is exclusive), so the day chosen is counted whole.
 */
export function auditQuery(filters: ActivityFilters): { actorType?: string; action?: string; from?: string; to?: string; leadId?: string } {
  return {
    ...(filters.actorType ? { actorType: filters.actorType } : {}),
    ...(filters.action ? { action: filters.action } : {}),
    ...(filters.from ? { from: midnight(filters.from) } : {}),
    ...(filters.to ? { to: midnight(filters.to, 1) } : {}),
    ...(filters.leadId ? { leadId: filters.leadId } : {}),
  };
}

/** The same filters as a file of every matching row (the server names it audit-log.csv). */
export function csvHref(filters: ActivityFilters): string {
  return `${AUDIT_URL}?${new URLSearchParams({ ...auditQuery(filters), format: "csv" })}`;
}

/** One shape per set of filters, so the same filters are always the same key. */
export const activityKey = (filters: ActivityFilters) =>
  [
    "audit",
    {
      actorType: filters.actorType ?? null,
      action: filters.action ?? null,
      from: filters.from ?? null,
      to: filters.to ?? null,
      leadId: filters.leadId ?? null,
    },
  ] as const;

/**
 * The activity log, page by page (`nextCursor`), newest first. Not live: what was recorded stays as it was,
 * and a new change shows when the page is opened again or staff come back to it (the focus refetch).
 */
export function useActivity(filters: ActivityFilters, enabled = true) {
  const { client } = useApi();
  return useInfiniteQuery({
    queryKey: activityKey(filters),
    queryFn: async ({ pageParam }) => {
      const call = client.GET(AUDIT_URL, { params: { query: { ...auditQuery(filters), ...(pageParam ? { cursor: pageParam } : {}) } } });
      // The same page; only its details are read as the object the server writes (see AuditView).
      return (await unwrap(call)) as AuditPage;
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
    // New filters show the old rows (dimmed) until their own arrive, rather than a blank page.
    placeholderData: keepPreviousData,
  });
}
