import { useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { unwrap } from "../../api/client";
import type {
  ConnectShopMonkeyRequest,
  EnableLocationRequest,
  LocationSettings,
  LocationSettingsChange,
  ShopMonkeyLocationChoices,
  TestLeadRequest,
} from "../../api/types";
import { useApi } from "../../session";
import { locationsKey } from "../appointments/queries";

export const locationSettingsKey = (locationId: string) => ["location-settings", locationId] as const;
export const shopMonkeyKey = ["shopmonkey", "connection"] as const;
export const shopMonkeyLocationsKey = ["shopmonkey", "locations"] as const;

/** One location's settings and checklist (managers of it, owners). */
export function useLocationSettings(locationId: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: locationSettingsKey(locationId),
    queryFn: () => unwrap(client.GET("/api/console/locations/{locationId}/settings", { params: { path: { locationId } } })),
  });
}

/** The settings of each of these locations, for the list's "setting up" badges (one request each: a shop has a few). */
export function useEachLocationSettings(locationIds: readonly string[]) {
  const { client } = useApi();
  return useQueries({
    queries: locationIds.map((locationId) => ({
      queryKey: locationSettingsKey(locationId),
      queryFn: () => unwrap(client.GET("/api/console/locations/{locationId}/settings", { params: { path: { locationId } } })),
    })),
  });
}

/**
 * Stores the changed settings; nothing is stored when any field is refused. The answer is what the server kept
 * (numbers in E.164, the checklist as it now is); the name, time zone and bays are in the locations' list too.
 */
export function useSaveLocationSettings(locationId: string) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LocationSettingsChange) =>
      unwrap(client.PUT("/api/console/locations/{locationId}/settings", { params: { path: { locationId } }, body })),
    onSuccess: (stored) => {
      queryClient.setQueryData(locationSettingsKey(locationId), stored);
      void queryClient.invalidateQueries({ queryKey: locationsKey });
    },
  });
}

/** From now on the location's customers are texted and emailed; refused (409 `setup_incomplete`) while a required step is missing. */
export function useGoLive(locationId: string) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(client.POST("/api/console/locations/{locationId}/go-live", { params: { path: { locationId } } })),
    onSuccess: (stored) => queryClient.setQueryData(locationSettingsKey(locationId), stored),
  });
}

/** A made-up estimate for the colleague's own phone and email: the cadence's first text and email go at once, live or not. */
export function useSendTestLead(locationId: string) {
  const { client } = useApi();
  return useMutation({
    mutationFn: (body: TestLeadRequest) =>
      unwrap(client.POST("/api/console/locations/{locationId}/test-lead", { params: { path: { locationId } }, body })),
  });
}

/** The shop's ShopMonkey connection (owners); a 404 means it isn't connected yet. */
export function useShopMonkeyConnection() {
  const { client } = useApi();
  return useQuery({
    queryKey: shopMonkeyKey,
    queryFn: () => unwrap(client.GET("/api/console/integrations/shopmonkey")),
  });
}

/** The ShopMonkey account's locations, each enabled here or not (asked of ShopMonkey each time: a 409 when it no longer takes the key, 502 when unreachable). */
export function useShopMonkeyLocations(enabled: boolean) {
  const { client } = useApi();
  return useQuery({
    queryKey: shopMonkeyLocationsKey,
    queryFn: () => unwrap(client.GET("/api/console/integrations/shopmonkey/locations")),
    enabled,
    // A connect's answer (its locations) is as fresh: ShopMonkey isn't asked again for a minute, nor when the window
    // gets the focus back.
    staleTime: 60_000,
    refetchOnWindowFocus: false,
  });
}

/** A new API key, checked with ShopMonkey before it is kept; the answer has the account's locations, shown at once. */
export function useConnectShopMonkey() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ConnectShopMonkeyRequest) => unwrap(client.POST("/api/console/integrations/shopmonkey", { body })),
    onSuccess: ({ connection, locations }) => {
      queryClient.setQueryData(shopMonkeyKey, connection);
      queryClient.setQueryData<ShopMonkeyLocationChoices>(shopMonkeyLocationsKey, { locations });
    },
  });
}

/** Makes one of the account's ShopMonkey locations a location here (or answers the one it already is), setting up until it goes live. */
export function useEnableLocation() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: EnableLocationRequest) => unwrap(client.POST("/api/console/locations", { body })),
    onSuccess: (made: LocationSettings, { shopMonkeyLocationId }) => {
      queryClient.setQueryData(locationSettingsKey(made.id), made);
      queryClient.setQueryData<ShopMonkeyLocationChoices>(
        shopMonkeyLocationsKey,
        (choices) => choices && { locations: choices.locations.map((l) => (l.id === shopMonkeyLocationId ? { ...l, enabledAs: made.id } : l)) },
      );
      void queryClient.invalidateQueries({ queryKey: locationsKey });
    },
  });
}

/** Registers (or sets again, re-enabling) our webhook at ShopMonkey; the answer says whether it worked, and if not what to do by hand. */
export function useRegisterWebhook() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(client.POST("/api/console/integrations/shopmonkey/webhook")),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: shopMonkeyKey }),
  });
}

/** Imports ShopMonkey's canned services now (the poll also does it every few hours). */
export function useImportCatalog() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(client.POST("/api/console/integrations/shopmonkey/catalog")),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["location-settings"] }),
  });
}
