import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter, RouterProvider, useLocation } from "react-router";
import { vi } from "vitest";
import { createConsoleApi } from "../api/client";
import { ConsoleApp } from "../App";
import { createQueryClient } from "../queryClient";
import type { FakeConsole } from "./fakeConsole";

/**
 * Loads the route chunks the app imports lazily. Under fake timers Testing Library's waiting runs on fake
 * time, so a first (real-time) module load could outlast it; tests with fake timers call this first.
 */
export async function loadSections() {
  await Promise.all([
    import("../pages/inbox/InboxPage"),
    import("../pages/inbox/ThreadPane"),
    import("../pages/leads/LeadsPage"),
    import("../pages/leads/LeadPage"),
    import("../pages/appointments/AppointmentsPage"),
    import("../pages/saved-replies/SavedRepliesPage"),
    import("../pages/cadence/CadencePage"),
    import("../pages/users/UsersPage"),
    import("../pages/activity/ActivityPage"),
    import("../pages/settings/NotificationsPage"),
    import("../pages/settings/SecurityPage"),
    import("../pages/settings/LocationsPage"),
    import("../pages/settings/LocationSettingsPage"),
    import("../pages/settings/ShopMonkeyPage"),
    import("../pages/settings/CustomerDataPage"),
    import("../pages/account/ForgotPasswordPage"),
    import("../pages/account/ResetPasswordPage"),
    import("../pages/account/InvitePage"),
  ]);
}

/** The address bar, for the tests that check where a page sends the user (`?next=`). */
function AddressBar() {
  const location = useLocation();
  return <output data-testid="address">{location.pathname + location.search}</output>;
}

/** The whole console at `path` (under /console), talking to the fake; the app's own query settings. */
export function renderConsole(server: FakeConsole, path: string, options: { fakeTimers?: boolean } = {}) {
  const user = userEvent.setup(options.fakeTimers ? { advanceTimers: vi.advanceTimersByTime } : {});
  // A data router, as in main.tsx (useBlocker needs one).
  const router = createMemoryRouter(
    [
      {
        path: "*",
        element: (
          <>
            <ConsoleApp api={createConsoleApi(server.fetch)} queryClient={createQueryClient()} />
            <AddressBar />
          </>
        ),
      },
    ],
    { basename: "/console", initialEntries: [`/console${path}`] },
  );
  const view = render(<RouterProvider router={router} />);
  const address = () => view.getByTestId("address").textContent;
  return { user, address, ...view };
}
