import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { FakeConsole, json, noContent, servePipeline } from "./test/fakeConsole";
import { DOWNTOWN, me, minutesAgo, NORTHSIDE, summary } from "./test/fixtures";
import { loadSections, renderConsole } from "./test/render";

const tim = summary({ customer: "Tim Candy", waiting: "needs_staff", waitingSince: minutesAgo(3), needsStaffReason: "Asked for a person" });

/** A signed-in manager's shop with one customer waiting for a person. */
function shop() {
  return servePipeline(
    new FakeConsole()
      .on("GET /me", () => json(me))
      .on("GET /conversations", () => json({ conversations: [tim], needsStaffCount: 1 }))
      .on("GET /locations", () => json({ locations: [NORTHSIDE, DOWNTOWN].map((l) => ({ ...l, timeZone: "America/Chicago", bays: 2 })) }))
      .on("POST /auth/logout", noContent),
    [],
  );
}

/** A screen this wide: a phone's is narrower than the tablet breakpoint (the one query Shell asks). */
function screenIs(width: "phone" | "tablet") {
  const query = vi.fn((media: string) => ({
    media,
    matches: width === "phone" && media === "not all and (min-width: 48rem)",
    addEventListener: vi.fn(),
    removeEventListener: vi.fn(),
  }));
  window.matchMedia = query as unknown as typeof window.matchMedia;
}

const sections = () => screen.getByRole("navigation", { name: "Sections" });
const menuButton = () => within(sections()).getByRole("button", { name: "Menu" });
/** The panel Menu opens: the element its aria-controls names. */
const panel = () => document.getElementById(menuButton().getAttribute("aria-controls")!)!;

beforeAll(loadSections);

afterEach(() => {
  Reflect.deleteProperty(window, "matchMedia");
});

describe("the top bar on a phone", () => {
  it("keeps the inbox and who is waiting in view, the other sections and signing out behind Menu", async () => {
    screenIs("phone");
    const { user } = renderConsole(shop(), "/inbox");

    // Who is waiting, without opening anything.
    const inbox = await screen.findByRole("link", { name: "Inbox, 1 needs a person" });
    expect(inbox).toBeVisible();
    expect(within(inbox).getByText("1")).toBeVisible();
    expect(within(sections()).getByRole("link", { name: /^Inbox/ })).toBe(inbox);

    // The rest is folded away: not shown, and not met by a screen reader or the Tab key.
    expect(menuButton()).toHaveAttribute("aria-expanded", "false");
    expect(panel()).not.toBeVisible();
    expect(screen.queryByRole("link", { name: "Leads" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Sign out" })).not.toBeInTheDocument();

    await user.click(menuButton());

    expect(menuButton()).toHaveAttribute("aria-expanded", "true");
    expect(panel()).toBeVisible();
    expect(within(panel()).getAllByRole("link").map((l) => l.textContent)).toEqual(["Leads", "Appointments", "Saved replies", "Cadence", "Assistant", "Colleagues", "Activity", "Settings"]);
    expect(within(panel()).getByRole("button", { name: "Sign out" })).toBeVisible();
    // Still one navigation landmark, and the inbox stays where it was.
    expect(screen.getAllByRole("navigation")).toHaveLength(1);
    expect(inbox).toBeVisible();

    await user.click(menuButton());

    expect(menuButton()).toHaveAttribute("aria-expanded", "false");
    expect(panel()).not.toBeVisible();
  });

  it("closes the menu when a link in it is chosen", async () => {
    screenIs("phone");
    const { user, address } = renderConsole(shop(), "/inbox");
    await user.click(await screen.findByRole("button", { name: "Menu" }));

    await user.click(within(panel()).getByRole("link", { name: "Leads" }));

    await waitFor(() => expect(address()).toBe("/leads"));
    expect(menuButton()).toHaveAttribute("aria-expanded", "false");
    expect(panel()).not.toBeVisible();
    expect(screen.getByRole("link", { name: "Inbox, 1 needs a person" })).toBeVisible();

    // The page's own link too, which goes nowhere new.
    await user.click(menuButton());
    await user.click(within(panel()).getByRole("link", { name: "Leads" }));
    expect(address()).toBe("/leads");
    expect(menuButton()).toHaveAttribute("aria-expanded", "false");
  });

  it("works from the keyboard: Escape closes the menu and puts the focus back on Menu", async () => {
    screenIs("phone");
    const { user, address } = renderConsole(shop(), "/inbox");
    const inbox = await screen.findByRole("link", { name: "Inbox, 1 needs a person" });

    inbox.focus();
    await user.tab();
    expect(menuButton()).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(menuButton()).toHaveAttribute("aria-expanded", "true");

    // Tab goes on into the panel.
    await user.tab();
    expect(within(panel()).getByRole("link", { name: "Leads" })).toHaveFocus();

    await user.keyboard("{Escape}");

    expect(menuButton()).toHaveAttribute("aria-expanded", "false");
    expect(panel()).not.toBeVisible();
    expect(menuButton()).toHaveFocus();

    // A link chosen with the keyboard leaves the focus on Menu, not lost with the hidden link.
    await user.keyboard("{Enter}");
    await user.tab();
    await user.keyboard("{Enter}");
    await waitFor(() => expect(address()).toBe("/leads"));
    expect(menuButton()).toHaveAttribute("aria-expanded", "false");
    expect(menuButton()).toHaveFocus();
  });

  it("closes the menu on a press elsewhere on the page", async () => {
    screenIs("phone");
    const { user } = renderConsole(shop(), "/inbox");
    await user.click(await screen.findByRole("button", { name: "Menu" }));
    expect(panel()).toBeVisible();

    await user.click(screen.getByRole("heading", { name: "Inbox" }));

    expect(menuButton()).toHaveAttribute("aria-expanded", "false");
    expect(panel()).not.toBeVisible();
  });

  it("signs out from the menu", async () => {
    screenIs("phone");
    const server = shop();
    const { user } = renderConsole(server, "/inbox");
    await user.click(await screen.findByRole("button", { name: "Menu" }));

    await user.click(within(panel()).getByRole("button", { name: "Sign out" }));

    expect(await screen.findByRole("heading", { name: "Sign in" })).toBeInTheDocument();
    expect(server.callsTo("POST /auth/logout")).toHaveLength(1);
  });
});

describe("the top bar from a tablet up", () => {
  it("has every section in the bar and no Menu", async () => {
    screenIs("tablet");
    renderConsole(shop(), "/inbox");

    await screen.findByRole("link", { name: "Inbox, 1 needs a person" });
    expect(within(sections()).getAllByRole("link").map((l) => l.textContent)).toEqual(["Inbox1, 1 needs a person", "Leads", "Appointments", "Saved replies", "Cadence", "Assistant", "Colleagues", "Activity", "Settings"]);
    expect(within(sections()).queryByRole("button")).not.toBeInTheDocument();
    expect(within(screen.getByRole("banner")).getByRole("button", { name: "Sign out" })).toBeVisible();
  });

  it("leaves the managers' sections out for the front desk", async () => {
    screenIs("tablet");
    renderConsole(shop().on("GET /me", () => json({ ...me, role: "front_desk" })), "/inbox");

    await screen.findByRole("link", { name: "Inbox, 1 needs a person" });
    expect(within(sections()).getAllByRole("link").map((l) => l.textContent)).toEqual(["Inbox1, 1 needs a person", "Leads", "Appointments", "Settings"]);
  });
});
