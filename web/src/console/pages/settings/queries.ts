import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { unwrap } from "../../api/client";
import type { NotificationSettings, TwoFactorState } from "../../api/types";
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

export const twoFactorKey = ["two-factor"] as const;

/** Whether the signed-in colleague has two-factor sign-in on, may turn it on, and how many recovery codes are left. */
export function useTwoFactor() {
  const { client } = useApi();
  return useQuery({
    queryKey: twoFactorKey,
    queryFn: () => unwrap(client.GET("/api/console/auth/two-factor")),
  });
}

/** A new authenticator key (replacing any earlier one not confirmed); nothing changes until a code from it is confirmed. */
export function useSetUpTwoFactor() {
  const { client } = useApi();
  return useMutation({
    mutationFn: () => unwrap(client.POST("/api/console/auth/two-factor/setup")),
  });
}

/** A code from the app turns it on; the answer is ten recovery codes, shown once. */
export function useEnableTwoFactor() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => unwrap(client.POST("/api/console/auth/two-factor/enable", { body: { code } })),
    onSuccess: ({ codes }) => queryClient.setQueryData<TwoFactorState>(twoFactorKey, (s) => s && { ...s, enabled: true, recoveryCodesLeft: codes.length }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: twoFactorKey }),
  });
}

/** Off again, with the password; the app's key is forgotten. */
export function useDisableTwoFactor() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (password: string) => unwrap(client.POST("/api/console/auth/two-factor/disable", { body: { password } })),
    onSuccess: () => queryClient.setQueryData<TwoFactorState>(twoFactorKey, (s) => s && { ...s, enabled: false, recoveryCodesLeft: 0 }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: twoFactorKey }),
  });
}

/** Ten new recovery codes, with the password; the old ones stop working. */
export function useNewRecoveryCodes() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (password: string) => unwrap(client.POST("/api/console/auth/two-factor/recovery-codes", { body: { password } })),
    onSuccess: ({ codes }) => queryClient.setQueryData<TwoFactorState>(twoFactorKey, (s) => s && { ...s, recoveryCodesLeft: codes.length }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: twoFactorKey }),
  });
}

/** A new password; every other session of the colleague ends, this one goes on. */
export function useChangePassword() {
  const { client } = useApi();
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) => unwrap(client.POST("/api/console/auth/password", { body })),
  });
}
