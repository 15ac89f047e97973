import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { unwrap } from "../../api/client";
import { shopTime } from "../../format";
import { useApi } from "../../session";
import { Notice } from "../../ui/Notice";
import { appointmentStatusName } from "./words";

/** The appointments from today on, soonest first, with their ShopMonkey write-back where it failed. */
export function AppointmentsPage() {
  const { client, clock } = useApi();
  // Midnight today (the server's today: the tablet's clock may be off), fixed for the page's life, so the
  // query key stays the same between renders.
  const [from] = useState(() => {
    const d = new Date(clock.now());
    d.setHours(0, 0, 0, 0);
    return d.toISOString();
  });
  const list = useQuery({
    queryKey: ["appointments", from],
    queryFn: () => unwrap(client.GET("/api/console/appointments", { params: { query: { from } } })),
  });
  return (
    <main className="appointments">
      <h1>Appointments</h1>
      {list.isPending ? (
        <p role="status">Loading appointments…</p>
      ) : list.error ? (
        <Notice kind="error" action={{ label: "Try again", onClick: () => void list.refetch() }}>
          {list.error.message}
        </Notice>
      ) : list.data.length === 0 ? (
        <p className="empty">No appointments from today on.</p>
      ) : (
        <ul className="appointment-list">
          {[...list.data]
            .sort((a, b) => a.start.localeCompare(b.start))
            .map((a) => (
              <li key={a.id} className="card">
                <p className="appt-when">{shopTime(a.local)}</p>
                <p>
                  <strong>{a.customer ?? "Unknown customer"}</strong> · {a.service}
                </p>
                <p className="muted">
                  {appointmentStatusName[a.status]}
                  {a.syncState === "failed" && <span className="tmsg-failed"> · Not in ShopMonkey: {a.syncError ?? "the write-back failed"}</span>}
                </p>
              </li>
            ))}
        </ul>
      )}
    </main>
  );
}
