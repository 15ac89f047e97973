import { NavLink } from "react-router";
import { isManager, useCurrentStaff } from "../../session";

/**
 * Settings' own pages: everyone's own (how they are told of things, how they sign in), the shop's locations
 * for managers and owners, and the ShopMonkey connection for owners.
 */
export function SettingsNav() {
  const me = useCurrentStaff();
  return (
    <nav aria-label="Settings" className="settings-nav">
      <NavLink to="/settings/notifications">Notifications</NavLink>
      <NavLink to="/settings/security">Security</NavLink>
      {isManager(me) && <NavLink to="/settings/locations">Locations</NavLink>}
      {me.role === "owner" && <NavLink to="/settings/shopmonkey">ShopMonkey</NavLink>}
    </nav>
  );
}
