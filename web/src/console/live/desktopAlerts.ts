import type { AppointmentChange } from "../api/types";
import type { AlertsState } from "./context";

/** Staff turn desktop alerts on once per browser: the choice outlives the session. */
const STORAGE_KEY = "lo.console.desktopAlerts";

const supported = () => typeof window !== "undefined" && "Notification" in window;

// Storage can refuse (a private window, a full disk): then the choice lasts as long as the page.
function stored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function store(choice: "on" | "off") {
  try {
    localStorage.setItem(STORAGE_KEY, choice);
  } catch {
    // See stored().
  }
}

/** Where the alerts stand now: the stored choice, as far as the browser's permission allows it. */
export function currentAlerts(): AlertsState {
  if (!supported()) return "unsupported";
  if (Notification.permission === "denied") return "blocked";
  return Notification.permission === "granted" && stored() === "on" ? "on" : "off";
}

/** Asks the browser (it shows its own prompt the first time), and remembers a yes. */
export async function requestAlerts(): Promise<AlertsState> {
  if (!supported()) return "unsupported";
  let permission: NotificationPermission;
  try {
    permission = await Notification.requestPermission();
  } catch {
    permission = Notification.permission;
  }
  if (permission === "granted") store("on");
  return permission === "granted" ? "on" : permission === "denied" ? "blocked" : "off";
}

export function stopAlerts(): AlertsState {
  store("off");
  return supported() ? currentAlerts() : "unsupported";
}

/**
 * A desktop alert that a customer asked for a person; one per conversation (the tag replaces an earlier one).
 * It names no customer and quotes nothing: it shows on a screen others may see.
 */
export function showNeedsStaffAlert(conversationId: string, onOpen: () => void) {
  show("A customer needs a person", "Open the inbox to answer them.", conversationId, onOpen);
}

const changed: Record<AppointmentChange, string> = { booked: "An appointment was booked", moved: "An appointment was moved", cancelled: "An appointment was cancelled" };

/** A desktop alert that an appointment was booked, moved or cancelled (by a customer, the assistant or a colleague); one per appointment. */
export function showAppointmentAlert(appointmentId: string, change: AppointmentChange, onOpen: () => void) {
  show(changed[change], "Open the agenda to see it.", `appointment-${appointmentId}`, onOpen);
}

function show(title: string, body: string, tag: string, onOpen: () => void) {
  try {
    const alert = new Notification(title, { body, tag });
    alert.onclick = () => {
      window.focus();
      onOpen();
      alert.close();
    };
  } catch {
    // Some mobile browsers only show alerts from a service worker; the badge and the announcement still tell.
  }
}
