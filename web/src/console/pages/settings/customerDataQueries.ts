import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { unwrap } from "../../api/client";
import type { CustomerRequest, MessageRetention } from "../../api/types";
import { useApi } from "../../session";

export const retentionKey = ["customer-data", "retention"] as const;

/** The queries that show customers' names, contacts or messages: asked for again once a customer is erased. */
const showsCustomers = new Set(["leads", "lead", "conversations", "conversation", "appointments", "activity"]);

/** Everything held about one customer, by their phone or email (owners); `tables` is empty when nothing is. */
export function useExportCustomerData() {
  const { client } = useApi();
  return useMutation({
    mutationFn: (body: CustomerRequest) => unwrap(client.POST("/api/console/customers/export", { body })),
  });
}

/**
 * Erases one customer for good (owners): their names, contacts, vehicles and message bodies everywhere, their
 * follow-ups stopped, texts and emails to them never again. The lists that showed them are asked for again.
 */
export function useEraseCustomerData() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CustomerRequest) => unwrap(client.POST("/api/console/customers/erase", { body })),
    onSuccess: () => void queryClient.invalidateQueries({ predicate: (q) => showsCustomers.has(String(q.queryKey[0])) }),
  });
}

/** How many months message bodies are kept (owners); null keeps them. */
export function useMessageRetention() {
  const { client } = useApi();
  return useQuery({
    queryKey: retentionKey,
    queryFn: () => unwrap(client.GET("/api/console/customers/retention")),
  });
}

/** Stores how long message bodies are kept (1 to 120 months, or null); the answer is what the server kept. */
export function useSaveMessageRetention() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: MessageRetention) => unwrap(client.PUT("/api/console/customers/retention", { body })),
    onSuccess: (stored) => queryClient.setQueryData(retentionKey, stored),
  });
}
