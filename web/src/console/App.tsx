import { lazy, Suspense } from "react";
import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { Navigate, Route, Routes } from "react-router";
import type { ConsoleApi } from "./api/client";
import { LiveProvider } from "./live/LiveProvider";
import { SignInPage } from "./pages/sign-in/SignInPage";
import { ApiProvider, RequireSession, SessionWatch } from "./session";
import { Shell } from "./Shell";

// Each section is its own chunk: the sign-in page loads without them.
const InboxPage = lazy(() => import("./pages/inbox/InboxPage").then((m) => ({ default: m.InboxPage })));
const NoThread = lazy(() => import("./pages/inbox/InboxPage").then((m) => ({ default: m.NoThread })));
const ThreadRoute = lazy(() => import("./pages/inbox/ThreadPane").then((m) => ({ default: m.ThreadRoute })));
const LeadsPage = lazy(() => import("./pages/leads/LeadsPage").then((m) => ({ default: m.LeadsPage })));
const LeadRoute = lazy(() => import("./pages/leads/LeadPage").then((m) => ({ default: m.LeadRoute })));
const AppointmentsPage = lazy(() => import("./pages/appointments/AppointmentsPage").then((m) => ({ default: m.AppointmentsPage })));
const CadencePage = lazy(() => import("./pages/cadence/CadencePage").then((m) => ({ default: m.CadencePage })));
const SavedRepliesPage = lazy(() => import("./pages/saved-replies/SavedRepliesPage").then((m) => ({ default: m.SavedRepliesPage })));
const TryAssistantPage = lazy(() => import("./pages/try/TryAssistantPage").then((m) => ({ default: m.TryAssistantPage })));
const CheckupPage = lazy(() => import("./pages/checkup/CheckupPage").then((m) => ({ default: m.CheckupPage })));
const UsersPage = lazy(() => import("./pages/users/UsersPage").then((m) => ({ default: m.UsersPage })));
const ActivityPage = lazy(() => import("./pages/activity/ActivityPage").then((m) => ({ default: m.ActivityPage })));
const NotificationsPage = lazy(() => import("./pages/settings/NotificationsPage").then((m) => ({ default: m.NotificationsPage })));
const SecurityPage = lazy(() => import("./pages/settings/SecurityPage").then((m) => ({ default: m.SecurityPage })));
const LocationsPage = lazy(() => import("./pages/settings/LocationsPage").then((m) => ({ default: m.LocationsPage })));
const LocationSettingsPage = lazy(() => import("./pages/settings/LocationSettingsPage").then((m) => ({ default: m.LocationSettingsPage })));
const ShopMonkeyPage = lazy(() => import("./pages/settings/ShopMonkeyPage").then((m) => ({ default: m.ShopMonkeyPage })));
const CustomerDataPage = lazy(() => import("./pages/settings/CustomerDataPage").then((m) => ({ default: m.CustomerDataPage })));
// The pages a link in an email opens, without signing in: their own chunks too.
const ForgotPasswordPage = lazy(() => import("./pages/account/ForgotPasswordPage").then((m) => ({ default: m.ForgotPasswordPage })));
const ResetPasswordPage = lazy(() => import("./pages/account/ResetPasswordPage").then((m) => ({ default: m.ResetPasswordPage })));
const InvitePage = lazy(() => import("./pages/account/InvitePage").then((m) => ({ default: m.InvitePage })));

const loading = (
  <p className="loading" role="status">
    Loading…
  </p>
);

/**
 * The staff console, inside a data router whose basename is /console (createBrowserRouter in main,
 * createMemoryRouter in tests) as the one route `*`: a data router, so pages can use useBlocker.
 */
export function ConsoleApp({ api, queryClient }: { api: ConsoleApi; queryClient: QueryClient }) {
  return (
    <QueryClientProvider client={queryClient}>
      <ApiProvider api={api}>
        <SessionWatch />
        <Suspense fallback={loading}>
          <Routes>
            <Route path="sign-in" element={<SignInPage />} />
            <Route path="forgot-password" element={<ForgotPasswordPage />} />
            <Route path="reset-password/:token" element={<ResetPasswordPage />} />
            <Route path="invite/:token" element={<InvitePage />} />
            <Route
              element={
                <RequireSession>
                  <LiveProvider>
                    <Shell />
                  </LiveProvider>
                </RequireSession>
              }
            >
              <Route index element={<Navigate to="/inbox" replace />} />
              <Route path="inbox" element={<InboxPage />}>
                <Route index element={<NoThread />} />
                <Route path=":conversationId" element={<ThreadRoute />} />
              </Route>
              <Route path="leads" element={<LeadsPage />} />
              <Route path="leads/:leadId" element={<LeadRoute />} />
              <Route path="appointments" element={<AppointmentsPage />} />
              <Route path="saved-replies" element={<SavedRepliesPage />} />
              <Route path="cadence" element={<CadencePage />} />
              <Route path="try" element={<TryAssistantPage />} />
              <Route path="checkup" element={<CheckupPage />} />
              <Route path="users" element={<UsersPage />} />
              <Route path="activity" element={<ActivityPage />} />
              {/* Settings opens at Notifications; Security is beside it, then Locations (managers, owners), ShopMonkey and Customer data (owners): SettingsNav. */}
              <Route path="settings" element={<Navigate to="/settings/notifications" replace />} />
              <Route path="settings/notifications" element={<NotificationsPage />} />
              <Route path="settings/security" element={<SecurityPage />} />
              <Route path="settings/locations" element={<LocationsPage />} />
              <Route path="settings/locations/:locationId" element={<LocationSettingsPage />} />
              <Route path="settings/shopmonkey" element={<ShopMonkeyPage />} />
              <Route path="settings/customer-data" element={<CustomerDataPage />} />
              <Route path="*" element={<Navigate to="/inbox" replace />} />
            </Route>
          </Routes>
        </Suspense>
      </ApiProvider>
    </QueryClientProvider>
  );
}
