import { QueryClient } from "@tanstack/react-query";
import { ApiError } from "./api/client";

/**
 * The console's cache. A refusal (4xx) is an answer, not a hiccup, so only network failures and server
 * errors are tried again; the inbox polls anyway.
 */
export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (failures, error) => failures < 2 && !(error instanceof ApiError && error.status < 500),
        // The tablet at the counter sits on one screen for hours: catch up when staff come back to it.
        refetchOnWindowFocus: true,
      },
      mutations: { retry: false },
    },
  });
}
