import { NavLink } from "react-router";

/** Settings' own pages (everyone's own): how they are told of things, and how they sign in. */
export function SettingsNav() {
  return (
    <nav aria-label="Settings" className="settings-nav">
      <NavLink to="/settings/notifications">Notifications</NavLink>
      <NavLink to="/settings/security">Security</NavLink>
    </nav>
  );
}
