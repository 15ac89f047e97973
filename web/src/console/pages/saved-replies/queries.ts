import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { unwrap } from "../../api/client";
import type { SavedReply } from "../../api/types";
import { useApi } from "../../session";

export const savedRepliesKey = ["saved-replies"] as const;

/** The tenant's saved replies, by title; `enabled` lets the composer ask only once its picker opens. */
export function useSavedReplies(enabled = true) {
  const { client } = useApi();
  return useQuery({
    queryKey: savedRepliesKey,
    queryFn: () => unwrap(client.GET("/api/console/saved-replies")).then((r) => r.savedReplies),
    enabled,
    staleTime: 60_000,
  });
}

/** A saved reply filled in for this conversation's customer and shop: text for the composer's box, not sent. */
export function useFillIn(conversationId: string) {
  const { client } = useApi();
  return useMutation({
    mutationFn: (replyId: string) =>
      unwrap(client.GET("/api/console/conversations/{conversationId}/saved-replies/{replyId}", { params: { path: { conversationId, replyId } } })).then(
        (r) => r.text,
      ),
  });
}

export interface SavedReplyInput {
  title: string;
  body: string;
}

/** Adds (no id) or changes (an id) a saved reply; managers and owners only. */
export function useSaveReply() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: SavedReplyInput & { id?: string | undefined }): Promise<SavedReply> =>
      id
        ? unwrap(client.PUT("/api/console/saved-replies/{replyId}", { params: { path: { replyId: id } }, body }))
        : unwrap(client.POST("/api/console/saved-replies", { body })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: savedRepliesKey }),
  });
}

export function useDeleteReply() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(client.DELETE("/api/console/saved-replies/{replyId}", { params: { path: { replyId: id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: savedRepliesKey }),
  });
}
