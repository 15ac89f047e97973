import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { StaffProfile } from "../../api/types";
import { FakeConsole, json, problem, serveTryAssistant, type Call } from "../../test/fakeConsole";
import { DOWNTOWN, me, NORTHSIDE } from "../../test/fixtures";
import { renderConsole } from "../../test/render";

const locations = [NORTHSIDE, DOWNTOWN].map((l) => ({ ...l, timeZone: "America/Chicago", bays: 2 }));

const booking = {
  serviceId: "5e000000-0000-4000-8000-000000000001",
  service: "Ceramic Window Tint - Full Sedan",
  start: "2026-11-28T15:00:00Z",
  label: "Sat Nov 28, 9:00 am",
};

type Answer = Parameters<typeof serveTryAssistant>[1];

/** The console for `who` at `path`, its assistant answering with `answer`. */
function openPage(answer: Answer = () => ({}), who: StaffProfile = me, path = "/try") {
  const server = new FakeConsole()
    .on("GET /me", () => json(who))
    .on("GET /conversations", () => json({ conversations: [], needsStaffCount: 0 }))
    .on("GET /locations", () => json({ locations }));
  serveTryAssistant(server, answer, locations.map((l) => l.id));
  return { server, ...renderConsole(server, path) };
}

const box = () => screen.findByRole("textbox", { name: "Message as the customer" });
const transcript = () => screen.getByRole("list", { name: "Test conversation" });
const messages = () => within(transcript()).getAllByRole("listitem").filter((li) => li.classList.contains("try-msg"));
/** An answer (or message) in the transcript: the live region reads it out too. */
const said = async (text: string) => within(await screen.findByRole("list", { name: "Test conversation" })).findByText(text);
const sent = (server: FakeConsole) => server.callsTo("POST /assistant/try").map((c: Call) => c.body);

describe("try the assistant", () => {
  it("sends the whole conversation with the language and vehicle, and shows each answer with what it used", async () => {
    let release!: () => void;
    const { server, user } = openPage(async ({ body }) => {
      if (body.messages.length === 1) {
        await new Promise<void>((r) => (release = r));
        return {
          answer: "Claro, el polarizado cerámico cuesta $399.",
          provider: "anthropic",
          model: "claude-sonnet",
          costUsd: 0.0042,
          latencyMs: 1840,
          tools: [
            { name: "get_prices", result: "Ceramic Window Tint - Full Sedan: $399" },
            { name: "find_available_slots", result: "Sat Nov 28: 9:00 am, 11:00 am" },
          ],
        };
      }
      return { answer: "Sí, el sábado a las 9.", latencyMs: 640 };
    });

    await user.selectOptions(await screen.findByRole("combobox", { name: "Shop" }), "Downtown");
    await user.selectOptions(screen.getByRole("combobox", { name: "Customer's language" }), "Español");
    await user.type(screen.getByRole("textbox", { name: "Vehicle (optional)" }), "2022 Tesla Model 3");
    await user.type(await box(), "¿Cuánto cuesta el polarizado?{Enter}");

    // While it answers: the message shows, the composer waits, and that is said.
    expect(await screen.findByText("The assistant is answering…")).toBeInTheDocument();
    expect(screen.getByText("The assistant is answering…")).toHaveAttribute("role", "status");
    expect(await box()).toBeDisabled();
    expect(screen.getByRole("button", { name: "Send" })).toBeDisabled();
    expect(within(transcript()).getByText("¿Cuánto cuesta el polarizado?")).toHaveAttribute("lang", "es");
    release();

    const answer = await said("Claro, el polarizado cerámico cuesta $399.");
    expect(answer).toHaveAttribute("lang", "es");
    // Back in the box, empty, to write the next message; the shop is this conversation's now.
    await waitFor(async () => expect(await box()).toHaveFocus());
    expect(await box()).toHaveValue("");
    expect(screen.getByRole("combobox", { name: "Shop" })).toBeDisabled();
    expect(sent(server)).toEqual([
      {
        locationId: DOWNTOWN.id,
        language: "es",
        vehicle: "2022 Tesla Model 3",
        messages: [{ role: "customer", text: "¿Cuánto cuesta el polarizado?" }],
        appointment: null,
      },
    ]);
    const reply = messages()[1]!;
    expect(reply).toHaveTextContent("anthropic · claude-sonnet · $0.0042 · 1.8 s");
    const tools = within(reply).getByRole("list", { name: "Tools used" });
    expect(within(tools).getAllByRole("listitem").map((t) => within(t).getByText(/^(get_prices|find_available_slots)$/).textContent)).toEqual([
      "get_prices",
      "find_available_slots",
    ]);
    // A tool's result shows when its name is opened.
    const slots = within(tools).getByText("Sat Nov 28: 9:00 am, 11:00 am");
    expect(slots).not.toBeVisible();
    await user.click(within(tools).getByText("find_available_slots"));
    expect(slots).toBeVisible();
    expect(screen.queryByText("The assistant is answering…")).not.toBeInTheDocument();
    // Read out as it came, in Spanish.
    const readOut = screen.getByText(/^The assistant answered:/);
    expect(readOut).toHaveAttribute("role", "status");
    expect(within(readOut).getByText("Claro, el polarizado cerámico cuesta $399.")).toHaveAttribute("lang", "es");

    await user.type(await box(), "¿Tienen el sábado?{Enter}");

    expect(await said("Sí, el sábado a las 9.")).toBeInTheDocument();
    expect(sent(server)[1].messages).toEqual([
      { role: "customer", text: "¿Cuánto cuesta el polarizado?" },
      { role: "assistant", text: "Claro, el polarizado cerámico cuesta $399." },
      { role: "customer", text: "¿Tienen el sábado?" },
    ]);
    expect(messages()).toHaveLength(4);
    // Only its latency: the offline answer has no model and no cost.
    expect(messages()[3]).toHaveTextContent("offline · 640 ms");
  });

  it("sends the test appointment back with the next message and shows it as a test booking", async () => {
    const { server, user } = openPage(({ body }) => (body.messages.length === 1 ? { answer: "You're set for Saturday at 9.", appointment: booking } : { answer: "See you then.", appointment: booking }));

    await user.type(await box(), "Book me Saturday at 9{Enter}");

    const reply = await said("You're set for Saturday at 9.");
    expect(reply.closest("li")).toHaveTextContent("Test booking: Ceramic Window Tint - Full Sedan, Sat Nov 28, 9:00 am (nothing was booked)");

    await user.type(await box(), "Thanks");
    await user.click(screen.getByRole("button", { name: "Send" }));

    await said("See you then.");
    const [first, second] = sent(server);
    expect(first.appointment).toBeNull();
    // As the answer returned it: the service and the start.
    expect(second.appointment).toEqual({ serviceId: booking.serviceId, start: booking.start });
    expect(first.language).toBeNull();
    expect(first.vehicle).toBeNull();
    // The first shop shown is the one asked for.
    expect(first.locationId).toBe(NORTHSIDE.id);
  });

  it("says when the assistant would ask a person", async () => {
    const { user } = openPage(() => ({ answer: "Let me get someone from the shop.", needsStaff: true, needsStaffReason: "The customer asked for a person" }));

    await user.type(await box(), "Can I talk to a human?{Enter}");

    const reply = (await said("Let me get someone from the shop.")).closest("li")!;
    expect(within(reply).getByText(/^Would ask a person: The customer asked for a person/)).toHaveTextContent("(nobody is told in a test)");
  });

  it("shows a refusal's reasons and keeps what was typed", async () => {
    const { server, user } = openPage(() =>
      problem(400, "invalid", "One or more validation errors occurred.", { errors: { Messages: ["The conversation must end with the customer's message."] } }),
    );

    await user.type(await box(), "Hello there{Enter}");

    expect(await screen.findByRole("alert")).toHaveTextContent("The conversation must end with the customer's message.");
    expect(await box()).toHaveValue("Hello there");
    expect(await box()).toBeEnabled();
    expect(screen.queryByRole("list", { name: "Test conversation" })).not.toBeInTheDocument();
    expect(server.callsTo("POST /assistant/try")).toHaveLength(1);
  });

  it("shows the server's words when no assistant answered", async () => {
    const { user } = openPage(() => problem(503, "no_assistant", "No AI provider answered. Try again in a minute."));

    await user.type(await box(), "Hi{Enter}");

    expect(await screen.findByRole("alert")).toHaveTextContent("No AI provider answered. Try again in a minute.");
    expect(await box()).toHaveValue("Hi");
  });

  it("writes a new line with Shift+Enter", async () => {
    const { server, user } = openPage();

    await user.type(await box(), "Line one{Shift>}{Enter}{/Shift}Line two");

    expect(await box()).toHaveValue("Line one\nLine two");
    expect(server.callsTo("POST /assistant/try")).toHaveLength(0);
  });

  it("starts over: no messages and no test booking", async () => {
    const { server, user } = openPage(() => ({ answer: "Booked you in (as a test).", appointment: booking }));
    await user.type(await box(), "Book Saturday at 9{Enter}");
    await said("Booked you in (as a test).");

    await user.click(screen.getByRole("button", { name: "Start over" }));

    expect(screen.queryByRole("list", { name: "Test conversation" })).not.toBeInTheDocument();
    expect(screen.queryByText(/Test booking/)).not.toBeInTheDocument();
    expect(screen.getByRole("combobox", { name: "Shop" })).toBeEnabled();
    expect(await box()).toHaveFocus();

    await user.type(await box(), "Hi again{Enter}");

    await waitFor(() => expect(server.callsTo("POST /assistant/try")).toHaveLength(2));
    expect(sent(server)[1]).toMatchObject({ messages: [{ role: "customer", text: "Hi again" }], appointment: null });
  });

  it("is in the sections for managers and owners, not the front desk", async () => {
    const manager = openPage(() => ({}), me, "/inbox");
    const sections = () => screen.findByRole("navigation", { name: "Sections" });
    await manager.user.click(within(await sections()).getByRole("link", { name: "Assistant" }));
    await waitFor(() => expect(manager.address()).toBe("/try"));
    expect(await screen.findByRole("heading", { name: "Try the assistant", level: 1 })).toBeInTheDocument();
    manager.unmount();

    openPage(() => ({}), { ...me, role: "owner" }, "/inbox");
    expect(within(await sections()).getByRole("link", { name: "Assistant" })).toBeInTheDocument();
  });

  it("is not in the sections for the front desk, whom the page turns away", async () => {
    openPage(() => ({}), { ...me, role: "front_desk" }, "/inbox");
    await screen.findByRole("link", { name: "Appointments" });
    expect(screen.queryByRole("link", { name: "Assistant" })).not.toBeInTheDocument();
  });

  it("turns the front desk away at its address", async () => {
    openPage(() => ({}), { ...me, role: "front_desk" });
    expect(await screen.findByText("Only managers and owners try the assistant here.")).toBeInTheDocument();
    expect(screen.queryByRole("textbox", { name: "Message as the customer" })).not.toBeInTheDocument();
  });
});
