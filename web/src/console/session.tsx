import { createContext, use, useEffect, useRef, type ReactNode } from "react";
import { useQuery } from "@tanstack/react-query";
import { Navigate, useLocation, useNavigate } from "react-router";
import { ApiError, unwrap, type ConsoleApi } from "./api/client";
import type { StaffProfile } from "./api/types";
import { Notice } from "./ui/Notice";

const ApiContext = createContext<ConsoleApi | null>(null);

export function ApiProvider({ api, children }: { api: ConsoleApi; children: ReactNode }) {
  return <ApiContext value={api}>{children}</ApiContext>;
}

export function useApi(): ConsoleApi {
  const api = use(ApiContext);
  if (!api) throw new Error("useApi outside ApiProvider");
  return api;
}

export const meKey = ["me"] as const;

export function useMe() {
  const { client } = useApi();
  return useQuery({ queryKey: meKey, queryFn: () => unwrap(client.GET("/api/console/me")), staleTime: 5 * 60_000 });
}

const MeContext = createContext<StaffProfile | null>(null);

/** The signed-in staff member; only inside RequireSession. */
export function useCurrentStaff(): StaffProfile {
  const me = use(MeContext);
  if (!me) throw new Error("useCurrentStaff outside RequireSession");
  return me;
}

/** Managers and owners run the shop's set-up (saved replies, colleagues, …); the front desk answers customers. */
export function isManager(staff: StaffProfile): boolean {
  return staff.role === "manager" || staff.role === "owner";
}

/** Where the sign-in page sends the user back to: a path inside the console, never another site. */
export function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/sign-in") ? next : "/inbox";
}

export function signInPath(location: { pathname: string; search: string }) {
  return `/sign-in?${new URLSearchParams({ next: location.pathname + location.search })}`;
}

/** Renders its children for a signed-in user; anyone else goes to the sign-in page, to come back here. */
export function RequireSession({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) {
    return (
      <p className="loading" role="status">
        Loading…
      </p>
    );
  }
  if (me.error instanceof ApiError && me.error.status === 401) return <Navigate to={signInPath(location)} replace />;
  if (me.error) {
    return (
      <main className="signed-out">
        <Notice kind="error" action={{ label: "Try again", onClick: () => void me.refetch() }}>
          {me.error.message}
        </Notice>
      </main>
    );
  }
  return <MeContext value={me.data}>{children}</MeContext>;
}

/**
 * A 401 from any request while the console is open means the session ended: show the sign-in page, which
 * brings the user back to where they were (`?next=`).
 */
export function SessionWatch() {
  const api = useApi();
  const navigate = useNavigate();
  const location = useLocation();
  const here = useRef(location);
  here.current = location;
  useEffect(
    () =>
      api.onSessionEnded(() => {
        if (here.current.pathname.startsWith("/sign-in")) return;
        navigate(signInPath(here.current), { replace: true });
      }),
    [api, navigate],
  );
  return null;
}
