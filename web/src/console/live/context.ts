import { createContext, use } from "react";
import type { ConsoleEvent, PresenceState } from "../api/types";

/**
 * The live stream's state. "off": no stream (the browser has no EventSource, or outside the signed-in
 * console), so the pages poll as they always did. "connecting": before the first connection. "live": changes
 * arrive as they happen. "reconnecting": the connection broke; the browser (or the provider) is trying again.
 */
export type LiveStatus = "off" | "connecting" | "live" | "reconnecting";

/** Desktop alerts: the browser has none, they are off or on, or the browser refused them (its settings). */
export type AlertsState = "unsupported" | "off" | "on" | "blocked";

/** A colleague opened, typed in or left a conversation (a `presence` event of the stream; mine too). */
export interface PresenceEvent extends ConsoleEvent {
  type: "presence";
  conversationId: string;
  userId: string;
  presence: PresenceState;
}

export type PresenceListener = (event: PresenceEvent) => void;

export interface Live {
  status: LiveStatus;
  alerts: AlertsState;
  turnOnAlerts(): Promise<void>;
  turnOffAlerts(): void;
  /** Read out politely: a customer asked for a person. */
  announcement: string;
  /**
   * Calls `listener` with each presence event as it arrives; returns the unsubscribe. A subscription, not
   * state: only the thread that listens renders again, not the whole console, for every keystroke of a colleague.
   */
  onPresence(listener: PresenceListener): () => void;
  /** Appointments booked, moved or cancelled by someone else since the agenda was last on screen (the tab's badge). */
  appointmentNews: number;
  /** The agenda is on screen: what it shows is seen. */
  seenAppointments(): void;
}

const nothing = async () => {};

export const LiveContext = createContext<Live>({
  status: "off",
  alerts: "unsupported",
  turnOnAlerts: nothing,
  turnOffAlerts: () => {},
  announcement: "",
  onPresence: () => () => {},
  appointmentNews: 0,
  seenAppointments: () => {},
});

export function useLive(): Live {
  return use(LiveContext);
}

/** Whether changes arrive by themselves: the pages can then poll far less often. */
export function useIsLive(): boolean {
  return use(LiveContext).status === "live";
}
