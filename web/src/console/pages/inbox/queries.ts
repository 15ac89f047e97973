import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { unwrap } from "../../api/client";
import type { Channel, ConversationSummary, ConversationThread, InboxPage, ReplyRequest } from "../../api/types";
import { useIsLive } from "../../live/context";
import { useApi } from "../../session";

/** Without the live stream (not connected yet, or broken), the inbox asks again this often. */
export const POLL_MS = 15_000;
/** With it, changes come as they happen; polling stays as a slow safety net, for an event that got lost. */
export const LIVE_POLL_MS = 60_000;

export interface InboxFilters {
  status: "open" | "done";
  assigned?: "me" | "unassigned" | undefined;
  locationId?: string | undefined;
}

export const conversationsKey = (filters: InboxFilters) =>
  ["conversations", { status: filters.status, assigned: filters.assigned ?? null, locationId: filters.locationId ?? null }] as const;
export const threadKey = (id: string) => ["conversation", id] as const;

/** The inbox as loaded so far: its pages in order, each conversation once (a row that moved between two pages' requests is not shown twice). */
export interface InboxList {
  conversations: ConversationSummary[];
  needsStaffCount: number;
}

function flatten(data: InfiniteData<InboxPage, string | null>): InboxList {
  const seen = new Set<string>();
  const conversations = data.pages.flatMap((page) => page.conversations).filter((c) => !seen.has(c.id) && seen.add(c.id));
  return { conversations, needsStaffCount: data.pages[0]?.needsStaffCount ?? 0 };
}

/**
 * The inbox, a page at a time in the server's order ("Show more" asks for the next). A refresh (the live stream,
 * a change, the poll) asks again for every page loaded, each from the fresh page before it.
 */
export function useConversations(filters: InboxFilters) {
  const { client } = useApi();
  const live = useIsLive();
  return useInfiniteQuery({
    queryKey: conversationsKey(filters),
    queryFn: ({ pageParam }) =>
      unwrap(
        client.GET("/api/console/conversations", {
          params: {
            query: {
              status: filters.status,
              ...(filters.assigned ? { assigned: filters.assigned } : {}),
              ...(filters.locationId ? { locationId: filters.locationId } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? null,
    select: flatten,
    refetchInterval: live ? LIVE_POLL_MS : POLL_MS,
    // Fresh until the next poll: the inbox opening under the tab's badge (same query) does not ask again.
    staleTime: POLL_MS - 1000,
    // A new filter shows the old list (dimmed) until its own arrives, rather than a blank screen.
    placeholderData: (previous) => previous,
  });
}

export function useThread(id: string) {
  const { client } = useApi();
  const live = useIsLive();
  return useQuery({
    queryKey: threadKey(id),
    queryFn: () => unwrap(client.GET("/api/console/conversations/{conversationId}", { params: { path: { conversationId: id } } })),
    refetchInterval: live ? LIVE_POLL_MS : POLL_MS,
  });
}

export function useColleagues() {
  const { client } = useApi();
  return useQuery({
    queryKey: ["staff"],
    queryFn: () => unwrap(client.GET("/api/console/staff")).then((r) => r.staff),
    staleTime: 10 * 60_000,
  });
}

/** After a change: this thread and every list (its row moved, or left a filter) are asked for again. */
function useRefresh(id: string) {
  const queryClient = useQueryClient();
  return {
    summary(summary: ConversationSummary) {
      queryClient.setQueryData<ConversationThread>(threadKey(id), (thread) => (thread ? { ...thread, conversation: summary } : thread));
      return queryClient.invalidateQueries({ queryKey: ["conversations"] });
    },
    all() {
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: threadKey(id) }),
        queryClient.invalidateQueries({ queryKey: ["conversations"] }),
      ]);
    },
  };
}

export type ConversationAction = "takeover" | "release" | "done" | "reopen";

export function useConversationAction(id: string) {
  const { client } = useApi();
  const refresh = useRefresh(id);
  return useMutation({
    mutationFn: (action: ConversationAction) => {
      const params = { params: { path: { conversationId: id } } };
      switch (action) {
        case "takeover":
          return unwrap(client.POST("/api/console/conversations/{conversationId}/takeover", params));
        case "release":
          return unwrap(client.POST("/api/console/conversations/{conversationId}/release", params));
        case "done":
          return unwrap(client.POST("/api/console/conversations/{conversationId}/done", params));
        case "reopen":
          return unwrap(client.POST("/api/console/conversations/{conversationId}/reopen", params));
      }
    },
    onSuccess: (summary) => refresh.summary(summary),
  });
}

export function useAssign(id: string) {
  const { client } = useApi();
  const refresh = useRefresh(id);
  return useMutation({
    mutationFn: (userId: string | null) =>
      unwrap(client.POST("/api/console/conversations/{conversationId}/assign", { params: { path: { conversationId: id } }, body: { userId } })),
    onSuccess: (summary) => refresh.summary(summary),
  });
}

/** A reply as the composer sends it: the server's ReplyRequest with every field given. */
export interface Reply extends ReplyRequest {
  text: string;
  channel: Channel;
  clientMessageId: string;
  /** False until staff said "Send anyway" to texting outside the shop's hours. */
  confirmOutsideSmsWindow: boolean;
}

export function useSendReply(id: string) {
  const { client } = useApi();
  const refresh = useRefresh(id);
  return useMutation({
    mutationFn: (reply: Reply) => unwrap(client.POST("/api/console/conversations/{conversationId}/replies", { params: { path: { conversationId: id } }, body: reply })),
    onSuccess: () => refresh.all(),
  });
}

export function useAddNote(id: string) {
  const { client } = useApi();
  const refresh = useRefresh(id);
  return useMutation({
    mutationFn: (text: string) => unwrap(client.POST("/api/console/conversations/{conversationId}/notes", { params: { path: { conversationId: id } }, body: { text } })),
    onSuccess: () => refresh.all(),
  });
}

/**
 * A draft reply from the assistant, for staff to edit and send themselves: nothing is stored or sent, so
 * nothing is asked for again afterwards.
 */
export function useSuggestion(id: string) {
  const { client } = useApi();
  return useMutation({
    mutationFn: () => unwrap(client.POST("/api/console/conversations/{conversationId}/suggestion", { params: { path: { conversationId: id } } })),
  });
}
