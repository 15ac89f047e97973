import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { unwrap } from "../../api/client";
import type { InvitationRequest, InvitationView, UserChange, UserList, UserView } from "../../api/types";
import { useApi } from "../../session";

export const usersKey = ["users"] as const;

/** GET /api/console/users: the colleagues and the invitations still waiting, in one answer (and one cache entry). */
function useUserList<T>(select: (list: UserList) => T, enabled: boolean) {
  const { client } = useApi();
  return useQuery({
    queryKey: usersKey,
    queryFn: () => unwrap(client.GET("/api/console/users")),
    select,
    enabled,
  });
}

const colleaguesOf = (list: UserList) => list.users;
// An older server (or a fake) may leave them out.
const invitationsOf = (list: UserList) => list.invitations ?? [];

/** The shop's colleagues the signed-in manager or owner sees; `enabled` is false for the front desk (the server refuses them). */
export function useUsers(enabled = true) {
  return useUserList(colleaguesOf, enabled);
}

/** The invitations the signed-in manager or owner may send again or withdraw, newest first. */
export function useInvitations(enabled = true) {
  return useUserList(invitationsOf, enabled);
}

/**
 * The server's answer shows in the list at once (so a row switched off moves to the end before the focus is
 * put back on it); the list is asked for again either way, a refusal too (someone else may have changed it).
 */
function replaceRow(queryClient: QueryClient, changed: UserView) {
  queryClient.setQueryData<UserList>(usersKey, (list) => list && { ...list, users: list.users.map((u) => (u.id === changed.id ? changed : u)) });
}

/** The same for the invitations: `change` maps the ones there were to the ones there are now. */
function changeInvitations(queryClient: QueryClient, change: (invitations: InvitationView[]) => InvitationView[]) {
  queryClient.setQueryData<UserList>(usersKey, (list) => list && { ...list, invitations: change(list.invitations ?? []) });
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

/** Emails an address a link to join as `role` at `locationIds` (none for an owner); one still open to the address is replaced. */
export function useInvite() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: InvitationRequest): Promise<InvitationView> => unwrap(client.POST("/api/console/users/invitations", { body })),
    onSuccess: (sent) => changeInvitations(queryClient, (invitations) => [sent, ...invitations.filter((i) => i.id !== sent.id && i.email !== sent.email)]),
    onSettled: () => queryClient.invalidateQueries({ queryKey: usersKey }),
  });
}

/** A new link, emailed again, with a new week (the old link stops working). */
export function useResendInvitation() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string): Promise<InvitationView> =>
      unwrap(client.POST("/api/console/users/invitations/{invitationId}/resend", { params: { path: { invitationId: id } } })),
    onSuccess: (sent) => changeInvitations(queryClient, (invitations) => invitations.map((i) => (i.id === sent.id ? sent : i))),
    onSettled: () => queryClient.invalidateQueries({ queryKey: usersKey }),
  });
}

/** The link stops working; the invitation leaves the list. */
export function useWithdrawInvitation() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string): Promise<string> => {
      await unwrap(client.DELETE("/api/console/users/invitations/{invitationId}", { params: { path: { invitationId: id } } }));
      return id;
    },
    onSuccess: (id) => changeInvitations(queryClient, (invitations) => invitations.filter((i) => i.id !== id)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: usersKey }),
  });
}
