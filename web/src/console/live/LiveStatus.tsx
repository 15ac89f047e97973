import { useLive } from "./context";

/**
 * The top bar's word on the live stream: a quiet dot while changes arrive by themselves, "Reconnecting…"
 * while they do not (the pages then poll, so nothing is lost). Nothing without a stream.
 */
export function LiveIndicator() {
  const { status } = useLive();
  if (status === "off") return null;
  return (
    <span className="live" role="status">
      {status === "reconnecting" ? (
        <span className="live-down">Reconnecting…</span>
      ) : (
        <>
          <span className={`live-dot${status === "live" ? " live-dot-on" : ""}`} aria-hidden="true" title={status === "live" ? "Live updates on" : undefined} />
          <span className="sr-only">{status === "live" ? "Live updates on" : ""}</span>
        </>
      )}
    </span>
  );
}

/** Desktop alerts when a customer asks for a person: offered where the browser has them, asked for on a click. */
export function DesktopAlertsToggle() {
  const { alerts, turnOnAlerts, turnOffAlerts } = useLive();
  switch (alerts) {
    case "unsupported":
      return null;
    case "blocked":
      return <span className="muted alerts-toggle">Desktop alerts blocked by the browser</span>;
    case "on":
      return (
        <button type="button" className="quiet alerts-toggle" onClick={turnOffAlerts}>
          Turn off desktop alerts
        </button>
      );
    case "off":
      return (
        <button type="button" className="quiet alerts-toggle" onClick={() => void turnOnAlerts()}>
          Turn on desktop alerts
        </button>
      );
  }
}
