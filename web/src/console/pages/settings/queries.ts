import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { unwrap } from "../../api/client";
import type { NotificationSettings } from "../../api/types";
import { useApi } from "../../session";

export const notificationsKey = ["notification-settings"] as const;

/** What the signed-in colleague chose to be told of by email and text. */
export function useNotificationSettings() {
  const { client } = useApi();
  return useQuery({
    queryKey: notificationsKey,
    queryFn: () => unwrap(client.GET("/api/console/me/notifications")),
  });
}

/** Stores the choice; the answer is what the server kept (the phone in E.164), which the page shows from then on. */
export function useSaveNotificationSettings() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NotificationSettings) => unwrap(client.PUT("/api/console/me/notifications", { body })),
    onSuccess: (stored) => queryClient.setQueryData(notificationsKey, stored),
  });
}
