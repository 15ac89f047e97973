import { Suspense, useEffect, useId, useRef, useState, useSyncExternalStore, type ReactNode } from "react";
import { Link, NavLink, Outlet, useLocation, useMatch, useNavigate } from "react-router";
import { unwrap } from "./api/client";
import { useLive } from "./live/context";
import { DesktopAlertsToggle, LiveIndicator } from "./live/LiveStatus";
import { useConversations } from "./pages/inbox/queries";
import type { StaffRole } from "./api/types";
import { isManager, useApi, useCurrentStaff } from "./session";
import { Notice } from "./ui/Notice";

const roleName: Record<StaffRole, string> = { front_desk: "Front desk", manager: "Manager", owner: "Owner" };

/** Narrower than styles.css's tablet breakpoint (min-width: 48rem): a phone, whose top bar is one line. */
const phoneScreen = "not all and (min-width: 48rem)";

function subscribeToScreen(onChange: () => void) {
  if (typeof window.matchMedia !== "function") return () => {};
  const query = window.matchMedia(phoneScreen);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
}

/** Whether the screen is a phone's; not where the browser cannot tell (jsdom has no matchMedia). */
function usePhoneScreen() {
  return useSyncExternalStore(subscribeToScreen, () => typeof window.matchMedia === "function" && window.matchMedia(phoneScreen).matches);
}

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
  const news = live.appointmentNews;
  const phone = usePhoneScreen();

  async function signOut() {
    setSignOutError(null);
    try {
      await unwrap(api.client.POST("/api/console/auth/logout"));
      navigate("/sign-in", { replace: true });
    } catch (e) {
      setSignOutError(e instanceof Error ? e.message : "Signing out didn't work.");
    }
  }

  const inbox = (
    <NavLink to="/inbox">
      Inbox
      {needsStaff > 0 && (
        <span className="badge" aria-hidden="true">
          {needsStaff}
        </span>
      )}
      <span className="sr-only">{needsStaff > 0 ? `, ${needsStaff} ${needsStaff === 1 ? "needs" : "need"} a person` : ""}</span>
    </NavLink>
  );
  const otherSections = (
    <>
      <NavLink to="/leads">Leads</NavLink>
      <NavLink to="/appointments">
        Appointments
        {news > 0 && (
          <span className="badge badge-news" aria-hidden="true">
            {news}
          </span>
        )}
        <span className="sr-only">{news > 0 ? `, ${changesWords(news)}` : ""}</span>
      </NavLink>
      {isManager(me) && <NavLink to="/saved-replies">Saved replies</NavLink>}
      {isManager(me) && <NavLink to="/cadence">Cadence</NavLink>}
      {/* A test conversation with the shop's assistant, or its check-up, before customers meet it: set-up, like the cadence. */}
      {isManager(me) && <AssistantLink />}
      {isManager(me) && <NavLink to="/users">Colleagues</NavLink>}
      {isManager(me) && <NavLink to="/activity">Activity</NavLink>}
      {/* Everyone's own: how they are told of handoffs and bookings, and how they sign in (the current page on any of them). */}
      <NavLink to="/settings">Settings</NavLink>
    </>
  );
  const account = (
    <>
      <DesktopAlertsToggle />
      <span>
        {me.displayName} <span className="muted">{roleName[me.role]}</span>
      </span>
      <button type="button" className="quiet" onClick={() => void signOut()}>
        Sign out
      </button>
    </>
  );

  return (
    <div className="shell">
      <header className={phone ? "topbar topbar-phone" : "topbar"}>
        <p className="brand">Lead Orchestrator</p>
        {phone ? (
          <>
            <LiveIndicator />
            <SectionsMenu inbox={inbox} news={news}>
              {otherSections}
              <div className="user">{account}</div>
            </SectionsMenu>
          </>
        ) : (
          <>
            <nav aria-label="Sections" className="sections">
              {inbox}
              {otherSections}
            </nav>
            <div className="user">
              <LiveIndicator />
              {account}
            </div>
          </>
        )}
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

/**
 * A phone's sections: the Inbox (with who is waiting) always in the bar, the rest and the account behind
 * "Menu", a disclosure whose panel opens under the bar. Choosing a link closes it (so does any other way
 * of going to another page, as Back), and so do Escape (the focus back on Menu) and a press or the focus
 * elsewhere. From a tablet up the Shell does without it: every section is in the bar.
 */
function SectionsMenu({ inbox, news, children }: { inbox: ReactNode; news: number; children: ReactNode }) {
  const { key } = useLocation();
  // Open at one history entry: going to another page any way (Back, a shortcut) closes it, no effect needed.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === key;
  const nav = useRef<HTMLElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const panelId = `${useId()}-menu`;

  // As the thread's More: on a press or the focus elsewhere, not on blur (Safari does not focus a clicked
  // button). Escape is listened for on the page, as the focus may not be in the menu (that same Safari).
  useEffect(() => {
    if (!open) return;
    const outside = (e: Event) => {
      if (!nav.current?.contains(e.target as Node)) setOpenOn(null);
    };
    const escape = (e: KeyboardEvent) => {
      if (e.key !== "Escape" || e.defaultPrevented) return;
      e.preventDefault();
      setOpenOn(null);
      toggle.current?.focus();
    };
    document.addEventListener("pointerdown", outside);
    document.addEventListener("focusin", outside);
    document.addEventListener("keydown", escape);
    return () => {
      document.removeEventListener("pointerdown", outside);
      document.removeEventListener("focusin", outside);
      document.removeEventListener("keydown", escape);
    };
  }, [open]);

  return (
    <nav ref={nav} aria-label="Sections" className="sections">
      {inbox}
      <button type="button" ref={toggle} className="menu-toggle" aria-expanded={open} aria-controls={panelId} onClick={() => setOpenOn(open ? null : key)}>
        Menu
        {/* What waits behind it: appointments changed since the agenda was last open. */}
        {news > 0 && (
          <span className="badge badge-news" aria-hidden="true">
            {news}
          </span>
        )}
        <span className="sr-only">{news > 0 ? `, ${changesWords(news)}` : ""}</span>
      </button>
      <div
        id={panelId}
        className="menu-panel"
        hidden={!open}
        // A link chosen (the page's own too) closes it; the keyboard's focus goes back to Menu, not lost
        // with the hidden link.
        onClick={(e) => {
          if (!(e.target instanceof Element) || !e.target.closest("a")) return;
          if (e.currentTarget.contains(document.activeElement)) toggle.current?.focus();
          setOpenOn(null);
        }}
      >
        {children}
      </div>
    </nav>
  );
}

/**
 * The assistant's section opens at Try it; it is the current section on the check-up too (its sub-navigation
 * switches between them). NavLink matches its own path only, so the check-up says it here: the section, not the page.
 */
function AssistantLink() {
  const onCheckup = useMatch("/checkup") !== null;
  return onCheckup ? (
    <Link to="/try" aria-current="true">
      Assistant
    </Link>
  ) : (
    <NavLink to="/try">Assistant</NavLink>
  );
}

/** The Appointments tab's badge in words: changes someone else made since the agenda was last open. */
function changesWords(n: number) {
  return n === 1 ? "1 appointment changed" : `${n} appointments changed`;
}
