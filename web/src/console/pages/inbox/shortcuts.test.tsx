import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ConversationSummary } from "../../api/types";
import { FakeConsole, json } from "../../test/fakeConsole";
import { colleagues, me, minutesAgo, summary, thread } from "../../test/fixtures";
import { loadSections, renderConsole } from "../../test/render";

const tim = summary({ customer: "Tim Candy", waiting: "needs_staff", waitingSince: minutesAgo(4) });
const ana = summary({ customer: "Ana Lopez", waiting: "unanswered", waitingSince: minutesAgo(12) });
const bo = summary({ customer: "Bo Park" });

/** A signed-in manager's shop with these conversations, each thread answering with itself. */
function shop(conversations: ConversationSummary[] = [tim, ana, bo]) {
  const server = new FakeConsole()
    .on("GET /me", () => json(me))
    .on("GET /conversations", () => json({ conversations, needsStaffCount: 0 }))
    .on("GET /staff", () => json({ staff: colleagues }));
  for (const c of conversations) server.on(`GET /conversations/${c.id}`, () => json(thread(c)));
  return server;
}

const rows = async () => within(await screen.findByRole("region", { name: "Inbox" })).findAllByRole("link");
const opened = (name: string) => screen.findByRole("heading", { name, level: 2 });
/** The inbox's own live region, where the moves are read out. */
const moves = () => screen.getAllByRole("status").find((s) => s.parentElement?.matches("main.inbox"))!;

beforeAll(loadSections);
afterEach(() => localStorage.clear());

describe("the inbox's keyboard shortcuts", () => {
  it("opens the next and the previous conversation with j and k, keeping the filters, and says where it is", async () => {
    const { user, address } = renderConsole(shop(), "/inbox?assigned=unassigned");
    const [timRow, anaRow] = await rows();

    await user.keyboard("j");
    expect(await opened("Tim Candy")).toHaveFocus();
    expect(address()).toBe(`/inbox/${tim.id}?assigned=unassigned`);
    expect(timRow).toHaveAttribute("aria-current", "page");
    expect(moves()).toHaveTextContent("Conversation 1 of 3: Tim Candy.");

    await user.keyboard("j");
    expect(await opened("Ana Lopez")).toHaveFocus();
    expect(address()).toBe(`/inbox/${ana.id}?assigned=unassigned`);
    expect(anaRow).toHaveAttribute("aria-current", "page");
    expect(moves()).toHaveTextContent("Conversation 2 of 3: Ana Lopez.");

    await user.keyboard("k");
    expect(await opened("Tim Candy")).toHaveFocus();
    expect(address()).toBe(`/inbox/${tim.id}?assigned=unassigned`);

    // Past either end nothing moves, and it says so.
    await user.keyboard("k");
    expect(moves()).toHaveTextContent("That was the first conversation in the list.");
    expect(address()).toBe(`/inbox/${tim.id}?assigned=unassigned`);
  });

  it("says so at the end of the list, each time", async () => {
    const { user, address } = renderConsole(shop(), `/inbox/${bo.id}`);
    await opened("Bo Park");

    await user.keyboard("j");
    expect(moves()).toHaveTextContent("That was the last conversation in the list.");
    const first = moves().textContent;
    await user.keyboard("j");
    // The same words, changed all the same, so a screen reader says them again.
    expect(moves()).toHaveTextContent("That was the last conversation in the list.");
    expect(moves().textContent).not.toBe(first);
    expect(address()).toBe(`/inbox/${bo.id}`);
  });

  it("does nothing while staff type, or with Ctrl, Alt or ⌘ held", async () => {
    const { user, address } = renderConsole(shop(), `/inbox/${tim.id}`);
    await opened("Tim Candy");
    const box = await screen.findByLabelText("Reply to Tim Candy");

    await user.click(box);
    await user.keyboard("jker?");
    expect(box).toHaveValue("jker?");
    expect(address()).toBe(`/inbox/${tim.id}`);
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText("Status"), "Open");
    await user.keyboard("j");
    expect(address()).toBe(`/inbox/${tim.id}`);

    await user.click(screen.getByRole("heading", { name: "Tim Candy", level: 2 }));
    await user.keyboard("{Control>}j{/Control}{Alt>}j{/Alt}{Meta>}j{/Meta}");
    expect(address()).toBe(`/inbox/${tim.id}`);
  });

  it("goes to the reply box with r, without typing the r", async () => {
    const { user } = renderConsole(shop(), `/inbox/${ana.id}`);
    await opened("Ana Lopez");
    const box = await screen.findByLabelText("Reply to Ana Lopez");

    await user.keyboard("r");

    expect(box).toHaveFocus();
    expect(box).toHaveValue("");
    expect(box).toHaveAttribute("aria-keyshortcuts", "r");
  });

  it("marks the open conversation done with e, as the Done button does, and j goes on from where it was", async () => {
    const server = shop();
    let open = [tim, ana, bo];
    server.on("GET /conversations", () => json({ conversations: open, needsStaffCount: 0 }));
    server.on(`POST /conversations/${ana.id}/done`, () => {
      open = [tim, bo];
      return json({ ...ana, done: true, waiting: "none" });
    });
    const { user, address } = renderConsole(server, `/inbox/${ana.id}`);
    await opened("Ana Lopez");
    expect(screen.getByRole("button", { name: "Done" })).toHaveAttribute("aria-keyshortcuts", "e");

    await user.keyboard("e");

    expect(await screen.findByRole("button", { name: "Reopen" })).toBeInTheDocument();
    expect(screen.getByText("Marked done.")).toHaveAttribute("role", "status");
    expect(server.callsTo(`POST /conversations/${ana.id}/done`)).toHaveLength(1);
    // The list is asked again and Ana leaves it; the next is still the one that was after her.
    await waitFor(async () => expect(await rows()).toHaveLength(2));

    await user.keyboard("e");
    expect(await screen.findByText("This conversation is already done.")).toBeInTheDocument();
    expect(server.callsTo(`POST /conversations/${ana.id}/done`)).toHaveLength(1);

    await user.keyboard("j");
    expect(await opened("Bo Park")).toHaveFocus();
    expect(address()).toBe(`/inbox/${bo.id}`);
  });

  it("lists the shortcuts with ?, closes with Escape and puts the focus back", async () => {
    const { user, address } = renderConsole(shop(), `/inbox/${tim.id}`);
    const heading = await opened("Tim Candy");
    expect(heading).toHaveFocus();

    await user.keyboard("?");

    const dialog = screen.getByRole("dialog", { name: "Keyboard shortcuts" });
    expect(dialog).toHaveAttribute("aria-modal", "true");
    expect(dialog).toHaveFocus();
    expect(dialog).toHaveTextContent("jNext conversation");
    expect(dialog).toHaveTextContent("kPrevious conversation");
    expect(dialog).toHaveTextContent("rWrite in the reply box");
    expect(dialog).toHaveTextContent("eMark the conversation done");
    // The page's shortcuts wait while it is open.
    await user.keyboard("j");
    expect(address()).toBe(`/inbox/${tim.id}`);
    // The focus goes round inside it.
    await user.tab();
    expect(within(dialog).getByRole("checkbox")).toHaveFocus();
    await user.tab();
    expect(within(dialog).getByRole("button", { name: "Close" })).toHaveFocus();
    await user.tab();
    expect(within(dialog).getByRole("checkbox")).toHaveFocus();
    await user.tab({ shift: true });
    expect(within(dialog).getByRole("button", { name: "Close" })).toHaveFocus();

    await user.keyboard("{Escape}");

    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(heading).toHaveFocus();
  });

  it("can be turned off on this device, and on again from the Keyboard shortcuts button", async () => {
    const { user, address } = renderConsole(shop(), "/inbox");
    await rows();
    const button = screen.getByRole("button", { name: "Keyboard shortcuts" });
    expect(button).toHaveAttribute("aria-keyshortcuts", "?");

    await user.click(button);
    await user.click(screen.getByRole("checkbox", { name: "Use keyboard shortcuts on this device" }));
    await user.click(screen.getByRole("button", { name: "Close" }));
    expect(button).toHaveFocus();
    expect(localStorage.getItem("console.shortcuts")).toBe("off");

    await user.keyboard("j?");
    expect(address()).toBe("/inbox");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(button).not.toHaveAttribute("aria-keyshortcuts");

    await user.click(button);
    await user.click(screen.getByRole("checkbox", { name: "Use keyboard shortcuts on this device" }));
    await user.keyboard("{Escape}");
    await user.keyboard("j");
    expect(await opened("Tim Candy")).toBeInTheDocument();
  });
});
