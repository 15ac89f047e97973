import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { components } from "../../../shared/api/console";
import { ApiError, unwrap } from "../../api/client";
import { useIsLive } from "../../live/context";
import { useApi } from "../../session";
import { leadKey } from "../leads/queries";

type Schemas = components["schemas"];

/** A location's day or week: its days (opening hours, notes) and each appointment in its bay lane. */
export type Agenda = Schemas["Agenda"];
export type AgendaDay = Schemas["AgendaDay"];
/** An appointment of the agenda: the appointment, its lane (null when cancelled) and its local end. */
export type AgendaItem = Schemas["AgendaItem"];
export type LocationSummary = Schemas["LocationSummary"];
export type BookableService = Schemas["BookableService"];
/** A free time to book or move to: `local` is the shop's wall-clock start, `label` it in words. */
export type Slot = Schemas["SlotView"];
/** What booking, moving or cancelling answers. */
export type BookedAppointment = Schemas["AppointmentView"];

// The live stream marks ["appointments"] stale on every appointment.changed (LiveProvider), so the agenda
// and the free times start with it: both are asked for again by themselves when a booking changes.

/** Without the live stream, the agenda asks again this often; with it, only on news. */
export const AGENDA_POLL_MS = 60_000;

export const agendaKey = (locationId: string, first: string, days: number) => ["appointments", "agenda", locationId, first, days] as const;
export const slotsKey = (leadId: string, serviceId: string, from: string, to: string) => ["appointments", "slots", leadId, serviceId, from, to] as const;
export const locationsKey = ["locations"] as const;
export const servicesKey = (locationId: string | null) => ["services", locationId] as const;

/** The shop's locations, by name (the agenda's default is the first). They change rarely. */
export function useLocations() {
  const { client } = useApi();
  return useQuery({
    queryKey: locationsKey,
    queryFn: () => unwrap(client.GET("/api/console/locations")),
    staleTime: 5 * 60_000,
  });
}

export function useAgenda(locationId: string | undefined, first: string, days: number) {
  const { client } = useApi();
  const live = useIsLive();
  return useQuery({
    queryKey: agendaKey(locationId ?? "", first, days),
    queryFn: () => unwrap(client.GET("/api/console/agenda", { params: { query: { locationId: locationId!, date: first, days } } })),
    enabled: !!locationId,
    refetchInterval: live ? false : AGENDA_POLL_MS,
    // Another day shows the one before (dimmed) until its own arrives, rather than a blank page.
    placeholderData: keepPreviousData,
  });
}

/** The services staff can book at a location. */
export function useServices(locationId: string | null, enabled = true) {
  const { client } = useApi();
  return useQuery({
    queryKey: servicesKey(locationId),
    queryFn: () => unwrap(client.GET("/api/console/services", { params: { query: locationId ? { locationId } : {} } })),
    enabled,
    staleTime: 5 * 60_000,
  });
}

/** The free times for a lead and a service, from one day to another (both included). */
export function useSlots(leadId: string, serviceId: string | null, from: string, to: string) {
  const { client } = useApi();
  return useQuery({
    queryKey: slotsKey(leadId, serviceId ?? "", from, to),
    queryFn: () =>
      unwrap(client.GET("/api/console/leads/{leadId}/slots", { params: { path: { leadId }, query: { serviceId: serviceId!, from, to } } })),
    enabled: !!serviceId,
  });
}

/**
 * After any change to a booking (or a refusal: it changed under staff): the agenda, the free times, the
 * lead's page and the pipeline (its stage). Not waited for: the change's own answer is shown first.
 */
function useRefresh() {
  const queryClient = useQueryClient();
  return (leadId: string) => {
    void queryClient.invalidateQueries({ queryKey: ["appointments"] });
    void queryClient.invalidateQueries({ queryKey: leadKey(leadId) });
    void queryClient.invalidateQueries({ queryKey: ["leads"] });
  };
}

export type AppointmentChange =
  | { kind: "outcome"; status: "completed" | "no_show" }
  | { kind: "sync" }
  | { kind: "cancel" }
  | { kind: "reschedule"; start: string };

/** What changing an appointment answers: the staff view (outcome, sync) or the booking's (cancel, move). */
export type ChangeResult = Schemas["StaffAppointmentView"] | BookedAppointment;

/** Marks the outcome, retries the write-back, cancels or moves one appointment. */
export function useAppointmentChange(appointmentId: string, leadId: string) {
  const { client } = useApi();
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (change: AppointmentChange): Promise<ChangeResult> => {
      const path = { params: { path: { appointmentId } } };
      switch (change.kind) {
        case "outcome":
          return unwrap(client.POST("/api/console/appointments/{appointmentId}/outcome", { ...path, body: { status: change.status } }));
        case "sync":
          return unwrap(client.POST("/api/console/appointments/{appointmentId}/sync", path));
        case "cancel":
          return unwrap(client.POST("/api/console/appointments/{appointmentId}/cancel", path));
        case "reschedule":
          return unwrap(client.POST("/api/console/appointments/{appointmentId}/reschedule", { ...path, body: { start: change.start } }));
      }
    },
    onSettled: () => refresh(leadId),
  });
}

/** Books a lead into a free time; the customer gets the same confirmation as when they book themselves. */
export function useBook(leadId: string) {
  const { client } = useApi();
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (request: { serviceId: string; start: string }) =>
      unwrap(client.POST("/api/console/leads/{leadId}/appointments", { params: { path: { leadId } }, body: request })),
    onSettled: () => refresh(leadId),
  });
}

const isSlot = (value: unknown): value is Slot =>
  !!value &&
  typeof value === "object" &&
  ["start", "end", "local", "label"].every((key) => typeof (value as Record<string, unknown>)[key] === "string");

/** The free times a refusal offers instead (slot_taken, already_booked): the `alternatives` of its body. */
export function alternativesOf(error: unknown): Slot[] {
  if (!(error instanceof ApiError)) return [];
  const alternatives = error.body.alternatives;
  return Array.isArray(alternatives) ? alternatives.filter(isSlot) : [];
}

/** A refusal in words: the server's detail, or what failed. */
export function refusalWords(error: unknown): string {
  return error instanceof Error ? error.message : "That didn't work.";
}
