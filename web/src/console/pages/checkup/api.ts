import { useMutation, useQuery } from "@tanstack/react-query";
import { unwrap } from "../../api/client";
import { useApi } from "../../session";
import type { components } from "../../../shared/api/console";

type Schemas = components["schemas"];

// The page's own names for the check-up's shapes (GET /api/console/assistant/checkup and POST …/{checkId}).

/** The check-up at one shop: its conversations (some left out here), the providers configured, and the live one. */
export type CheckupOverview = Schemas["CheckupOverview"];
/** One scripted conversation; `notApplicable` says why it is left out at this shop. */
export type CheckupItem = Schemas["CheckupItem"];
export type CheckupProvider = Schemas["CheckupProvider"];
/** One conversation run and checked: what did not hold in words, and what was said turn by turn. */
export type CheckupResult = Schemas["CheckupResult"];
/** One customer message and the assistant's answer to it (the test appointment in words, if any). */
export type CheckupTurn = Schemas["CheckupAnswer"];

export const checkupKey = (locationId: string | null) => ["assistant-checkup", locationId] as const;

/** The check-up's conversations at a shop (null: the colleague's first one; the answer says which it took). */
export function useCheckup(locationId: string | null) {
  const { client } = useApi();
  return useQuery({
    queryKey: checkupKey(locationId),
    queryFn: () => unwrap(client.GET("/api/console/assistant/checkup", { params: { query: locationId ? { locationId } : {} } })),
    // The set ships with the app and a shop's catalog changes rarely: no refetch in the middle of a run.
    staleTime: 5 * 60_000,
    refetchOnWindowFocus: false,
  });
}

export interface CheckupRunRequest {
  checkId: string;
  locationId: string;
  /** A configured provider scored alone (no fallback); null runs the shop's own assistant as its customers get it. */
  provider: string | null;
  signal?: AbortSignal;
}

/**
 * Runs one conversation of the check-up and checks it: nothing is booked, sent or stored. The page runs them one
 * by one (each a short request) and adds the results up itself.
 */
export function useRunCheckup() {
  const { client } = useApi();
  return useMutation({
    mutationFn: ({ checkId, locationId, provider, signal }: CheckupRunRequest): Promise<CheckupResult> =>
      unwrap(
        client.POST("/api/console/assistant/checkup/{checkId}", {
          params: { path: { checkId }, query: provider ? { locationId, provider } : { locationId } },
          signal,
        }),
      ),
  });
}
