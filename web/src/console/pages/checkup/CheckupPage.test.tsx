import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { StaffProfile } from "../../api/types";
import { FakeConsole, json, problem, type Call } from "../../test/fakeConsole";
import { DOWNTOWN, me, NORTHSIDE } from "../../test/fixtures";
import { renderConsole } from "../../test/render";
import type { CheckupItem, CheckupResult } from "./api";

const locations = [NORTHSIDE, DOWNTOWN].map((l) => ({ ...l, timeZone: "America/Chicago", bays: 2 }));

const conversations: CheckupItem[] = [
  { id: "prices-ceramic", name: "a price for ceramic tint", category: "prices", language: "en", turns: 1, notApplicable: null },
  { id: "prices-ppf", name: "a price for paint protection", category: "prices", language: "en", turns: 1, notApplicable: 'No service here matches "ppf|paint protection".' },
  { id: "offtopic-super-bowl", name: "an off-topic question is steered back", category: "off-topic", language: "en", turns: 1, notApplicable: null },
  { id: "prices-es", name: "el precio del polarizado", category: "prices", language: "es", turns: 2, notApplicable: null },
  { id: "human-asks", name: "a customer asks for a person", category: "human", language: "en", turns: 1, notApplicable: null },
];
const applicable = conversations.filter((c) => !c.notApplicable).map((c) => c.id);

type Answer = (call: Call, item: CheckupItem) => Partial<CheckupResult> | Response | Promise<Partial<CheckupResult> | Response>;

/**
 * The check-up as the server gives it: the overview at the colleague's shop (the first without a locationId,
 * 404 for another's), and each conversation run by `answer` (its fields left out: a pass in 3 s for $0.002).
 */
function serveCheckup(server: FakeConsole, answer: Answer) {
  const shop = (call: Call) => {
    const id = call.query.get("locationId");
    return id ? locations.find((l) => l.id === id) : locations[0];
  };
  server.on("GET /assistant/checkup", (call) => {
    const at = shop(call);
    if (!at) return problem(404, "not_found", "That location isn't one of yours.");
    return json({
      locationId: at.id,
      location: at.name,
      providers: [
        { name: "anthropic", model: "claude-sonnet" },
        { name: "openai", model: "gpt-5-mini" },
      ],
      live: "anthropic",
      conversations,
    });
  });
  for (const item of conversations)
    server.on(`POST /assistant/checkup/${item.id}`, async (call) => {
      const given = await answer(call, item);
      if (given instanceof Response) return given;
      return json({
        ...item,
        passed: true,
        failures: [],
        groundingErrors: 0,
        provider: "anthropic",
        model: "claude-sonnet",
        costUsd: 0.002,
        latencyMs: 3000,
        turns: [{ customer: "How much is ceramic tint?", answer: "Ceramic tint is $399.", tools: ["get_prices"], needsStaff: false, appointment: null }],
        ...given,
      });
    });
}

/** The console for `who` at `path`, the check-up's conversations answered by `answer`. */
function openPage(answer: Answer = () => ({}), who: StaffProfile = me, path = "/checkup") {
  const server = new FakeConsole()
    .on("GET /me", () => json(who))
    .on("GET /conversations", () => json({ conversations: [], needsStaffCount: 0 }))
    .on("GET /locations", () => json({ locations }));
  serveCheckup(server, answer);
  return { server, ...renderConsole(server, path) };
}

const runs = (server: FakeConsole) => server.calls.filter((c) => c.method === "POST" && c.path.startsWith("/assistant/checkup/"));
const ran = (server: FakeConsole) => runs(server).map((c) => c.path.slice("/assistant/checkup/".length));
const runButton = () => screen.findByRole("button", { name: "Run the check-up" });
const status = () => document.querySelector<HTMLElement>(".checkup-status")!;
/** A list's own items, not those of the lists inside them (a closed details' content is still in the tree). */
const items = (list: HTMLElement) => [...list.children] as HTMLElement[];
const summaryOf = (li: HTMLElement) => li.querySelector("summary")?.textContent;
const table = () => screen.getByRole("table", { name: "Results by category" });
/** The table's rows as read: category, passed, left out. */
const rows = () => within(table()).getAllByRole("row").map((r) => [...(r as HTMLTableRowElement).cells].map((c) => c.textContent));
const figure = (term: string) => screen.getByText(term, { selector: "dt" }).nextElementSibling?.textContent;
const finished = () => waitFor(() => expect(status()).toHaveTextContent(/^Finished/));

/** A promise the test settles: a conversation the page waits for. */
function gate() {
  let open!: () => void;
  const shut = new Promise<void>((r) => (open = r));
  return { shut, open };
}

describe("the assistant's check-up", () => {
  it("says how many conversations it runs, and at which shop", async () => {
    const { server, user } = openPage();

    expect(await screen.findByRole("heading", { name: "Assistant check-up", level: 1 })).toBeInTheDocument();
    expect(
      await screen.findByText(/^5 conversations customers have, run against Northside's own prices, hours and free times\. Nothing is booked, sent or counted\./),
    ).toHaveTextContent("1 of them does not apply to this shop and is left out.");
    const provider = screen.getByRole("combobox", { name: "Provider" });
    expect(within(provider).getAllByRole("option").map((o) => o.textContent)).toEqual(["Your assistant (anthropic)", "anthropic (claude-sonnet)", "openai (gpt-5-mini)"]);
    expect(provider).toHaveValue("");

    await user.selectOptions(await screen.findByRole("combobox", { name: "Shop" }), "Downtown");

    expect(await screen.findByText(/run against Downtown's own prices/)).toBeInTheDocument();
    expect(server.callsTo("GET /assistant/checkup").at(-1)!.query.get("locationId")).toBe(DOWNTOWN.id);
    expect(runs(server)).toHaveLength(0);
  });

  it("runs each conversation that applies in order, with the shop and provider chosen, and adds them up as they come", async () => {
    const first = gate();
    const { server, user } = openPage(async (_, item) => {
      if (item.id === "prices-ceramic") await first.shut;
      if (item.id === "offtopic-super-bowl")
        return { passed: false, failures: ["Turn 1: used book_appointment."], costUsd: 0.003, latencyMs: 5000, groundingErrors: 1 };
      if (item.id === "prices-es") return { passed: false, failures: ["Turn 2: did not answer in Spanish."], latencyMs: 2000 };
      return {};
    });

    await user.selectOptions(await screen.findByRole("combobox", { name: "Shop" }), "Downtown");
    await screen.findByText(/run against Downtown's own prices/);
    await user.selectOptions(screen.getByRole("combobox", { name: "Provider" }), "openai (gpt-5-mini)");
    await user.click(await runButton());

    // While the first is on its way: the count, the bar, and Stop in Run's place (with the focus).
    await waitFor(() => expect(status()).toHaveTextContent("0 of 4 done"));
    expect(status()).toHaveAttribute("aria-live", "polite");
    const progress = screen.getByRole("progressbar", { name: "Check-up progress" });
    expect(progress).toHaveAttribute("max", "4");
    expect(progress).toHaveAttribute("value", "0");
    expect(screen.getByRole("button", { name: "Stop" })).toHaveFocus();
    expect(screen.queryByRole("button", { name: "Run the check-up" })).not.toBeInTheDocument();
    expect(screen.getByRole("combobox", { name: "Provider" })).toBeDisabled();
    expect(screen.getByRole("combobox", { name: "Shop" })).toBeDisabled();
    expect(ran(server)).toEqual(["prices-ceramic"]);
    first.open();

    await finished();
    expect(status()).toHaveTextContent("Finished: 2 of 4 passed.");
    expect(progress).toHaveAttribute("value", "4");
    // One by one, the left-out one not asked for, each at the shop and by the provider chosen.
    expect(ran(server)).toEqual(applicable);
    for (const call of runs(server)) {
      expect(call.query.get("locationId")).toBe(DOWNTOWN.id);
      expect(call.query.get("provider")).toBe("openai");
    }
    expect(await runButton()).toHaveFocus();

    expect(screen.getByText(/^Downtown, openai \(gpt-5-mini\):/)).toHaveTextContent("2 of 4 passed");
    expect(rows()).toEqual([
      ["Category", "Passed", "Left out"],
      ["Prices", "1 of 2", "1"],
      ["Off-topic", "0 of 1", "0"],
      ["Human", "1 of 1", "0"],
      ["Total", "2 of 4", "1"],
    ]);
    expect(figure("English")).toBe("2 of 3");
    expect(figure("Spanish")).toBe("0 of 1");
    expect(figure("Cost")).toBe("$0.0090");
    expect(figure("Average time per conversation")).toBe("3.3 s");
    expect(figure("Prices not in the catalog")).toBe("1");

    expect(screen.getByRole("heading", { name: "Failed (2)", level: 2 })).toBeInTheDocument();
    expect(items(screen.getByRole("list", { name: "Failed" })).map(summaryOf)).toEqual(["an off-topic question is steered back · Off-topic", "el precio del polarizado · Prices"]);
    expect(screen.getByText("Passed (2)", { selector: "summary" })).toBeInTheDocument();
    expect(screen.getByText("Left out here (1)", { selector: "summary" })).toBeInTheDocument();
  });

  it("runs the shop's own assistant when no provider is chosen", async () => {
    const { server, user } = openPage();

    await user.click(await runButton());

    await finished();
    expect(runs(server).map((c) => [c.query.get("locationId"), c.query.has("provider")])).toEqual(applicable.map(() => [NORTHSIDE.id, false]));
    expect(screen.getByText(/^Northside, Your assistant \(anthropic\):/)).toHaveTextContent("4 of 4 passed");
    expect(screen.getByRole("heading", { name: "Failed (0)" })).toBeInTheDocument();
  });

  it("shows what failed in a conversation, and what was said turn by turn", async () => {
    const { user } = openPage((_, item) =>
      item.id === "prices-es"
        ? {
            passed: false,
            failures: ["Turn 1: did not ask a person to take over.", "Turn 2: quoted $450, not a price of the catalog."],
            latencyMs: 4200,
            costUsd: 0.0031,
            turns: [
              { customer: "¿Cuánto cuesta el polarizado?", answer: "Cuesta $399.", tools: ["get_prices"], needsStaff: false, appointment: null },
              {
                customer: "¿Me apartan el sábado a las 9?",
                answer: "Listo, quedó el sábado a las 9.",
                tools: ["find_available_slots", "book_appointment"],
                needsStaff: true,
                appointment: "Ceramic Window Tint - Full Sedan, Sat Dec 5, 9:00 am",
              },
            ],
          }
        : {},
    );

    await user.click(await runButton());
    await finished();

    const failed = items(screen.getByRole("list", { name: "Failed" }));
    expect(failed).toHaveLength(1);
    const summary = failed[0]!.querySelector("summary")!;
    expect(summary).toHaveTextContent("el precio del polarizado · Prices");
    const reasons = within(failed[0]!).getByRole("list", { name: "What failed" });
    expect(reasons).not.toBeVisible();
    await user.click(summary);
    expect(reasons).toBeVisible();
    expect(within(reasons).getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      "Turn 1: did not ask a person to take over.",
      "Turn 2: quoted $450, not a price of the catalog.",
    ]);
    const transcript = within(failed[0]!).getByRole("list", { name: "Transcript" });
    const messages = within(transcript).getAllByRole("listitem");
    expect(messages.map((m) => m.textContent)).toEqual([
      "Customer¿Cuánto cuesta el polarizado?",
      "AssistantCuesta $399.Tools used: get_prices",
      "Customer¿Me apartan el sábado a las 9?",
      "AssistantListo, quedó el sábado a las 9.Would ask a personTest appointment: Ceramic Window Tint - Full Sedan, Sat Dec 5, 9:00 amTools used: find_available_slots, book_appointment",
    ]);
    expect(within(messages[0]!).getByText("¿Cuánto cuesta el polarizado?")).toHaveAttribute("lang", "es");
    expect(within(failed[0]!).getByText("anthropic · claude-sonnet · $0.0031 · 4.2 s")).toBeInTheDocument();

    // The passed ones and the left-out one are folded away, each the same way.
    const passedGroup = screen.getByText("Passed (3)", { selector: "summary" });
    const passedList = screen.getByRole("list", { name: "Passed" });
    expect(passedList).not.toBeVisible();
    await user.click(passedGroup);
    expect(items(passedList).map(summaryOf)).toEqual([
      "a price for ceramic tint · Prices",
      "an off-topic question is steered back · Off-topic",
      "a customer asks for a person · Human",
    ]);
    await user.click(screen.getByText("Left out here (1)", { selector: "summary" }));
    expect(within(screen.getByRole("list", { name: "Left out here" })).getByRole("listitem")).toHaveTextContent(
      'a price for paint protection · PricesNo service here matches "ppf|paint protection".',
    );
  });

  it("counts a conversation whose request failed as failed, in words, and goes on", async () => {
    const { server, user } = openPage((_, item) => (item.id === "offtopic-super-bowl" ? problem(500, "server_error", "Something went wrong on our side.") : {}));

    await user.click(await runButton());
    await finished();

    expect(ran(server)).toEqual(applicable);
    expect(status()).toHaveTextContent("Finished: 3 of 4 passed.");
    expect(rows()[2]).toEqual(["Off-topic", "0 of 1", "0"]);
    const [failed] = items(screen.getByRole("list", { name: "Failed" })) as [HTMLElement];
    await user.click(within(failed).getByText("an off-topic question is steered back"));
    expect(within(failed).getByText("Not run: Something went wrong on our side.")).toBeVisible();
    // Its cost and time are not known: the average is of those answered.
    expect(figure("Average time per conversation")).toBe("3.0 s");
  });

  it("counts an unknown provider's refusal in its own words", async () => {
    const { user } = openPage(() =>
      problem(400, "invalid", "One or more validation errors occurred.", { errors: { provider: ["One of: anthropic, openai, or leave it out for the shop's own."] } }),
    );

    await user.click(await runButton());
    await finished();

    expect(status()).toHaveTextContent("Finished: 0 of 4 passed.");
    expect(within(screen.getByRole("list", { name: "Failed" })).getAllByText("Not run: One of: anthropic, openai, or leave it out for the shop's own.")).toHaveLength(4);
  });

  it("stops: the conversation on its way is given up, and what came back stays", async () => {
    const { server, user } = openPage((_, item) => (item.id === "offtopic-super-bowl" ? new Promise<never>(() => {}) : { passed: item.id !== "prices-ceramic" }));

    await user.click(await runButton());
    await waitFor(() => expect(status()).toHaveTextContent("1 of 4 done"));
    expect(ran(server)).toEqual(["prices-ceramic", "offtopic-super-bowl"]);

    await user.click(screen.getByRole("button", { name: "Stop" }));

    expect(status()).toHaveTextContent("Stopped after 1 of 4: 0 of 1 passed.");
    expect(runs(server)[1]!.signal.aborted).toBe(true);
    expect(await runButton()).toHaveFocus();
    expect(rows()).toEqual([
      ["Category", "Passed", "Left out"],
      ["Prices", "0 of 1", "1"],
      ["Off-topic", "Not run", "0"],
      ["Human", "Not run", "0"],
      ["Total", "0 of 1", "1"],
    ]);
    expect(screen.getByRole("progressbar", { name: "Check-up progress" })).toHaveAttribute("value", "1");
    expect(screen.getByRole("combobox", { name: "Provider" })).toBeEnabled();
    // Nothing more is asked.
    await new Promise((r) => setTimeout(r, 20));
    expect(runs(server)).toHaveLength(2);
  });

  it("says when the check-up does not load, and loads it again", async () => {
    // A refusal, not tried again by itself (a server error is, twice, before it says so).
    const server = new FakeConsole()
      .on("GET /me", () => json(me))
      .on("GET /conversations", () => json({ conversations: [], needsStaffCount: 0 }))
      .on("GET /locations", () => json({ locations }));
    serveCheckup(server, () => ({}));
    server.once("GET /assistant/checkup", () => new Response(null, { status: 404 }));
    const { user } = renderConsole(server, "/checkup");

    expect(await screen.findByRole("alert")).toHaveTextContent("That shop is not one of yours, or it no longer exists.");
    expect(screen.queryByRole("button", { name: "Run the check-up" })).not.toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Try again" }));

    expect(await runButton()).toBeEnabled();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("turns the front desk away, without its controls", async () => {
    const { server } = openPage(() => ({}), { ...me, role: "front_desk" });

    expect(await screen.findByText("Only managers and owners run the assistant's check-up.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Run the check-up" })).not.toBeInTheDocument();
    expect(screen.queryByRole("combobox")).not.toBeInTheDocument();
    expect(screen.queryByRole("navigation", { name: "Assistant" })).not.toBeInTheDocument();
    expect(server.callsTo("GET /assistant/checkup")).toHaveLength(0);
  });

  it("is the assistant section's second page: Try it and Check-up switch between them", async () => {
    const { user, address } = openPage(() => ({}), me, "/inbox");
    const sections = await screen.findByRole("navigation", { name: "Sections" });

    await user.click(within(sections).getByRole("link", { name: "Assistant" }));

    await waitFor(() => expect(address()).toBe("/try"));
    const sub = await screen.findByRole("navigation", { name: "Assistant" });
    expect(within(sub).getAllByRole("link").map((l) => l.textContent)).toEqual(["Try it", "Check-up"]);
    expect(within(sub).getByRole("link", { name: "Try it" })).toHaveAttribute("aria-current", "page");
    expect(within(sections).getByRole("link", { name: "Assistant" })).toHaveAttribute("aria-current", "page");

    await user.click(within(sub).getByRole("link", { name: "Check-up" }));

    await waitFor(() => expect(address()).toBe("/checkup"));
    expect(await screen.findByRole("heading", { name: "Assistant check-up", level: 1 })).toBeInTheDocument();
    const subHere = screen.getByRole("navigation", { name: "Assistant" });
    expect(within(subHere).getByRole("link", { name: "Check-up" })).toHaveAttribute("aria-current", "page");
    expect(within(subHere).getByRole("link", { name: "Try it" })).not.toHaveAttribute("aria-current");
    // Still the assistant's section in the top bar.
    expect(within(screen.getByRole("navigation", { name: "Sections" })).getByRole("link", { name: "Assistant" })).toHaveAttribute("aria-current", "true");

    await user.click(within(subHere).getByRole("link", { name: "Try it" }));

    await waitFor(() => expect(address()).toBe("/try"));
    expect(await screen.findByRole("heading", { name: "Try the assistant", level: 1 })).toBeInTheDocument();
  });
});
