import { NavLink } from "react-router";

/** The assistant's two pages under the heading's section: a conversation by hand, or the scripted check-up. */
export function AssistantNav() {
  return (
    <nav aria-label="Assistant" className="assistant-nav">
      <NavLink to="/try">Try it</NavLink>
      <NavLink to="/checkup">Check-up</NavLink>
    </nav>
  );
}
