import { NavLink } from "react-router";
import { isManager, useCurrentStaff } from "../../session";

/**
 * Settings' own pages: everyone's own (how they are told of things, how they sign in), the shop's locations
 * for managers and owners, and for owners the ShopMonkey connection and customers' data requests (export,
 * erasure, how long messages are kept).
 */
export function SettingsNav() {
  const me = useCurrentStaff();
  return (
    <nav aria-label="Settings" className="settings-nav">
      <NavLink to="/settings/notifications">Notifications</NavLink>
      <NavLink to="/settings/security">Security</NavLink>
      {isManager(me) && <NavLink to="/settings/locations">Locations</NavLink>}
      {me.role === "owner" && <NavLink to="/settings/shopmonkey">ShopMonkey</NavLink>}
      {me.role === "owner" && <NavLink to="/settings/customer-data">Customer data</NavLink>}
    </nav>
  );
}
