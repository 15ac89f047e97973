import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { unwrap } from "../../api/client";
import type { UserChange, UserList, UserView } from "../../api/types";
import { useApi } from "../../session";

export const usersKey = ["users"] as const;

/** The shop's colleagues the signed-in manager or owner sees; `enabled` is false for the front desk (the server refuses them). */
export function useUsers(enabled = true) {
  const { client } = useApi();
  return useQuery({
    queryKey: usersKey,
    queryFn: () => unwrap(client.GET("/api/console/users")).then((r) => r.users),
    enabled,
  });
}

/**
 * The server's answer shows in the list at once (so a row switched off moves to the end before the focus is
 * put back on it); the list is asked for again either way, a refusal too (someone else may have changed it).
 */
function replaceRow(queryClient: QueryClient, changed: UserView) {
  queryClient.setQueryData<UserList["users"]>(usersKey, (users) => users?.map((u) => (u.id === changed.id ? changed : u)));
}

/** A colleague's new role and/or locations; null leaves either as it is. */
export function useChangeUser() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: UserChange & { id: string }): Promise<UserView> =>
      unwrap(client.PUT("/api/console/users/{userId}", { params: { path: { userId: id } }, body })),
    onSuccess: (changed) => replaceRow(queryClient, changed),
    onSettled: () => queryClient.invalidateQueries({ queryKey: usersKey }),
  });
}

/** Switches a colleague off (no sign-in, their sessions end at once) or on again (they sign in with the password they had). */
export function useSwitchUser() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, on }: { id: string; on: boolean }): Promise<UserView> => {
      const params = { params: { path: { userId: id } } };
      return unwrap(on ? client.POST("/api/console/users/{userId}/reactivate", params) : client.POST("/api/console/users/{userId}/deactivate", params));
    },
    onSuccess: (changed) => replaceRow(queryClient, changed),
    onSettled: () => queryClient.invalidateQueries({ queryKey: usersKey }),
  });
}
