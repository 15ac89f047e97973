import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { unwrap } from "../../api/client";
import type { LeadDetail, LeadStage } from "../../api/types";
import { useIsLive } from "../../live/context";
import { useApi } from "../../session";

// The live stream marks ["leads"] and ["lead", id] stale as leads change (LiveProvider), so every key here
// starts with one of those: what is on screen is asked for again by itself.

/** Without the live stream, the pipeline and a lead's page ask again this often; with it, only on news. */
export const LEADS_POLL_MS = 60_000;

/** The board shows this many leads per column; "Show all" opens the list of that stage. */
export const BOARD_LIMIT = 20;

export interface LeadFilters {
  stage?: LeadStage | undefined;
  q?: string | undefined;
  locationId?: string | undefined;
  /** Part of the estimate's name ("tint"). */
  service?: string | undefined;
  /** Created on or after this day, YYYY-MM-DD (UTC, as the server counts days). */
  from?: string | undefined;
  /** Created on or before this day; never before `from` (the server refuses that: bad_dates). */
  to?: string | undefined;
}

/** One shape per filter, so the same filters are always the same key. The stage aside: a board column has its own. */
function narrowing(filters: LeadFilters) {
  return {
    q: filters.q || null,
    locationId: filters.locationId || null,
    service: filters.service || null,
    from: filters.from || null,
    to: filters.to || null,
  };
}

/** The filters that are set, by the API's names, for the request's query. */
function given(filters: LeadFilters): { [K in keyof ReturnType<typeof narrowing>]?: string } {
  return Object.fromEntries(Object.entries(narrowing(filters)).filter(([, value]) => value !== null));
}

export const leadListKey = (filters: LeadFilters) => ["leads", "list", { stage: filters.stage ?? null, ...narrowing(filters) }] as const;
export const boardColumnKey = (stage: LeadStage, filters: LeadFilters) => ["leads", "board", stage, narrowing(filters)] as const;
export const leadKey = (id: string) => ["lead", id] as const;

/** The list, page by page (`nextCursor`), newest lead first. */
export function useLeadList(filters: LeadFilters, enabled = true) {
  const { client } = useApi();
  const live = useIsLive();
  return useInfiniteQuery({
    queryKey: leadListKey(filters),
    queryFn: ({ pageParam }) =>
      unwrap(
        client.GET("/api/console/leads", {
          params: {
            query: {
              ...(filters.stage ? { stage: filters.stage } : {}),
              ...given(filters),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
    refetchInterval: live ? false : LEADS_POLL_MS,
    // A new search shows the old list (dimmed) until its own arrives, rather than a blank screen.
    placeholderData: keepPreviousData,
  });
}

/** One column of the board: the first leads of one stage, and (as every answer has them) the counts. */
export function useBoardColumn(stage: LeadStage, filters: LeadFilters, enabled = true) {
  const { client } = useApi();
  const live = useIsLive();
  return useQuery({
    queryKey: boardColumnKey(stage, filters),
    queryFn: () =>
      unwrap(client.GET("/api/console/leads", { params: { query: { stage, limit: BOARD_LIMIT, ...given(filters) } } })),
    enabled,
    refetchInterval: live ? false : LEADS_POLL_MS,
    placeholderData: keepPreviousData,
  });
}

export function useLead(id: string) {
  const { client } = useApi();
  const live = useIsLive();
  return useQuery({
    queryKey: leadKey(id),
    queryFn: () => unwrap(client.GET("/api/console/leads/{leadId}", { params: { path: { leadId: id } } })),
    refetchInterval: live ? false : LEADS_POLL_MS,
  });
}

export type CadenceAction = "pause" | "resume" | "stop";

/**
 * Pauses, resumes or stops a lead's follow-ups. The answer is the cadence as it now is, shown at once; the
 * lead is asked for again all the same, as its stage and timeline moved too (and after a refusal, the
 * cadence changed under staff: the page shows how it is now).
 */
export function useCadenceAction(leadId: string) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: CadenceAction) => {
      const params = { params: { path: { leadId } } };
      switch (action) {
        case "pause":
          return unwrap(client.POST("/api/console/leads/{leadId}/cadence/pause", params));
        case "resume":
          return unwrap(client.POST("/api/console/leads/{leadId}/cadence/resume", params));
        case "stop":
          return unwrap(client.POST("/api/console/leads/{leadId}/cadence/stop", params));
      }
    },
    onSuccess: (cadence) => queryClient.setQueryData<LeadDetail>(leadKey(leadId), (lead) => (lead ? { ...lead, cadence } : lead)),
    onSettled: () =>
      Promise.all([queryClient.invalidateQueries({ queryKey: leadKey(leadId) }), queryClient.invalidateQueries({ queryKey: ["leads"] })]),
  });
}

/**
 * Sets the language the customer is written to in (staff's choice stands over what their messages or ShopMonkey
 * suggest). The answer shows at once; the lead is asked for again (its timeline), and so are the conversations,
 * whose rows and thread carry the language too.
 */
export function useLeadLanguage(leadId: string) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (language: string) =>
      unwrap(client.PUT("/api/console/leads/{leadId}/language", { params: { path: { leadId } }, body: { language } })),
    onSuccess: (language) => queryClient.setQueryData<LeadDetail>(leadKey(leadId), (lead) => (lead ? { ...lead, language } : lead)),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: leadKey(leadId) }),
        queryClient.invalidateQueries({ queryKey: ["conversations"] }),
        queryClient.invalidateQueries({ queryKey: ["conversation"] }),
      ]),
  });
}
