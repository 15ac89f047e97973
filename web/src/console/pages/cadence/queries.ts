import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { unwrap } from "../../api/client";
import { useApi } from "../../session";
import type { components } from "../../../shared/api/console";

type Schemas = components["schemas"];

/** The shop's follow-up cadence: its steps in order, each with its timing and wording (Liquid templates). */
export type CadenceTemplate = Schemas["CadenceTemplateView"];
export type CadenceStep = Schemas["StepView"];
export type CadenceChannel = Schemas["Channel"];
/** A change to one step: a part left out (or null) stays as it is. */
export type StepChange = Partial<Schemas["StepChange"]>;
export type PreviewRequest = Schemas["PreviewRequest"];
/** Unsaved wording rendered for a sample customer, with a text's encoding and segments. */
export type CadencePreview = Schemas["Preview"];

export const cadenceKey = ["cadence-template"] as const;

export function useCadence() {
  const { client } = useApi();
  return useQuery({ queryKey: cadenceKey, queryFn: () => unwrap(client.GET("/api/console/cadence")), staleTime: 60_000 });
}

/** Changes one step (managers and owners); the answer is the whole cadence as it now is. */
export function useSaveStep() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ step, change }: { step: number; change: StepChange }) =>
      // The generated type lists every part, but the server reads one left out as null: a Spanish change sends only the Spanish.
      unwrap(client.PUT("/api/console/cadence/steps/{step}", { params: { path: { step } }, body: change as Schemas["StepChange"] })),
    onSuccess: (cadence) => queryClient.setQueryData(cadenceKey, cadence),
  });
}

/** The language a preview is asked in: English unless it says otherwise. */
const languageOf = (request: PreviewRequest | null) => request?.language ?? "en";

/**
 * The preview of a step's wording as it is being written (managers and owners); null asks for nothing. While
 * the next one is on its way the last one of the same step and language stays up, so the preview does not
 * flicker (but the English one never stands in for the Spanish).
 */
export function usePreview(step: number, request: PreviewRequest | null) {
  const { client } = useApi();
  return useQuery({
    queryKey: ["cadence-preview", step, request] as const,
    queryFn: () => unwrap(client.POST("/api/console/cadence/preview", { body: request! })),
    enabled: request !== null,
    staleTime: 5 * 60_000,
    refetchOnWindowFocus: false,
    placeholderData: (previous, previousQuery) =>
      previousQuery?.queryKey[1] === step && languageOf(previousQuery.queryKey[2]) === languageOf(request) ? previous : undefined,
  });
}
