import { Suspense, useState } from "react";
import { NavLink, Outlet, useNavigate } from "react-router";
import { unwrap } from "./api/client";
import { useLive } from "./live/context";
import { DesktopAlertsToggle, LiveIndicator } from "./live/LiveStatus";
import { useConversations } from "./pages/inbox/queries";
import { isManager, useApi, useCurrentStaff } from "./session";
import { Notice } from "./ui/Notice";

const roleName = { staff: "Staff", manager: "Manager", owner: "Owner" } as Record<string, string>;

/** The frame around every signed-in page: who is signed in, sign-out, and the sections. */
export function Shell() {
  const me = useCurrentStaff();
  const api = useApi();
  const navigate = useNavigate();
  const [signOutError, setSignOutError] = useState<string | null>(null);
  // The same query as the inbox's default view, so the two share one request.
  const open = useConversations({ status: "open" });
  const needsStaff = open.data?.needsStaffCount ?? 0;
  const live = useLive();

  async function signOut() {
    setSignOutError(null);
    try {
      await unwrap(api.client.POST("/api/console/auth/logout"));
      navigate("/sign-in", { replace: true });
    } catch (e) {
      setSignOutError(e instanceof Error ? e.message : "Signing out didn't work.");
    }
  }

  return (
    <div className="shell">
      <header className="topbar">
        <p className="brand">Lead Orchestrator</p>
        <nav aria-label="Sections" className="sections">
          <NavLink to="/inbox">
            Inbox
            {needsStaff > 0 && (
              <span className="badge" aria-hidden="true">
                {needsStaff}
              </span>
            )}
            <span className="sr-only">{needsStaff > 0 ? `, ${needsStaff} ${needsStaff === 1 ? "needs" : "need"} a person` : ""}</span>
          </NavLink>
          <NavLink to="/leads">Leads</NavLink>
          <NavLink to="/appointments">Appointments</NavLink>
          {isManager(me) && <NavLink to="/saved-replies">Saved replies</NavLink>}
          {isManager(me) && <NavLink to="/cadence">Cadence</NavLink>}
          {/* Everyone's own: how they are told of handoffs and bookings. */}
          <NavLink to="/settings/notifications">Settings</NavLink>
        </nav>
        <div className="user">
          <LiveIndicator />
          <DesktopAlertsToggle />
          <span>
            {me.displayName} <span className="muted">{roleName[me.role] ?? me.role}</span>
          </span>
          <button type="button" className="quiet" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      {/* Read out when the count changes while staff are elsewhere on the page. */}
      <p className="sr-only" role="status">
        {open.data ? `${needsStaff} ${needsStaff === 1 ? "conversation needs" : "conversations need"} a person.` : ""}
      </p>
      {/* A customer asked for a person (the live stream says so as it happens). */}
      <p className="sr-only" role="status">
        {live.announcement}
      </p>
      {signOutError && <Notice kind="error">{signOutError}</Notice>}
      <Suspense
        fallback={
          <p className="loading" role="status">
            Loading…
          </p>
        }
      >
        <Outlet />
      </Suspense>
    </div>
  );
}
