import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { NotificationSettings, StaffProfile } from "../../api/types";
import { FakeConsole, json, problem } from "../../test/fakeConsole";
import { me } from "../../test/fixtures";
import { renderConsole } from "../../test/render";

const nothing: NotificationSettings = { handoffEmail: false, handoffSms: false, appointmentEmail: false, appointmentSms: false, phone: null };

/**
 * The console for `who` on the notifications page, with a server that keeps the settings as the real one
 * does: texts need a number, which it stores in E.164 (here: a US number of ten digits, or refused).
 */
function openPage(stored: NotificationSettings = nothing, who: StaffProfile = me, path = "/settings/notifications") {
  let current = stored;
  const server = new FakeConsole()
    .on("GET /me", () => json(who))
    .on("GET /conversations", () => json({ conversations: [], needsStaffCount: 0 }))
    .on("GET /me/notifications", () => json(current))
    .on("PUT /me/notifications", ({ body }) => {
      const digits = typeof body.phone === "string" ? body.phone.replace(/\D/g, "").replace(/^1(?=\d{10}$)/, "") : "";
      if (body.phone && digits.length !== 10) return problem(400, "invalid", "One or more validation errors occurred.", { errors: { phone: ["That isn't a phone number."] } });
      if ((body.handoffSms || body.appointmentSms) && !body.phone)
        return problem(400, "invalid", "One or more validation errors occurred.", { errors: { phone: ["Add a phone number to get texts."] } });
      current = { ...body, phone: body.phone ? `+1${digits}` : null };
      return json(current);
    });
  return { server, ...renderConsole(server, path) };
}

const group = (name: string) => within(screen.getByRole("group", { name }));
const handoffs = () => group("When a customer needs a person");
const appointments = () => group("When an appointment is booked, moved or cancelled");
const phoneBox = () => screen.queryByRole("textbox", { name: "Mobile number for texts" });
const loaded = () => screen.findByRole("group", { name: "When a customer needs a person" });

describe("notification settings", () => {
  it("is under Settings in the sections, for staff too", async () => {
    const { user, address } = openPage(nothing, { ...me, role: "front_desk" }, "/inbox");

    await user.click(await screen.findByRole("link", { name: "Settings" }));

    await waitFor(() => expect(address()).toBe("/settings/notifications"));
    expect(await screen.findByRole("heading", { name: "Notifications", level: 1 })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Settings" })).toHaveAttribute("aria-current", "page");
  });

  it("shows what the colleague chose, and who is told anyway", async () => {
    openPage({ handoffEmail: true, handoffSms: true, appointmentEmail: false, appointmentSms: false, phone: "+15125550199" });
    await loaded();

    expect(handoffs().getByRole("checkbox", { name: "Email me" })).toBeChecked();
    expect(handoffs().getByRole("checkbox", { name: "Text me" })).toBeChecked();
    expect(appointments().getByRole("checkbox", { name: "Email me" })).not.toBeChecked();
    expect(appointments().getByRole("checkbox", { name: "Text me" })).not.toBeChecked();
    const phone = phoneBox()!;
    expect(phone).toHaveValue("+15125550199");
    expect(phone).toHaveAttribute("type", "tel");
    expect(phone).toHaveAttribute("autocomplete", "tel");
    expect(phone).toBeRequired();
    expect(screen.getByText(me.email)).toBeInTheDocument();
    expect(screen.getByText(/Managers and owners are emailed about a handoff nobody picked up even if they chose nothing/)).toBeInTheDocument();
  });

  it("asks for the number only once a text is on", async () => {
    const { user } = openPage();
    await loaded();
    expect(phoneBox()).not.toBeInTheDocument();

    await user.click(appointments().getByRole("checkbox", { name: "Text me" }));
    expect(phoneBox()).toBeRequired();

    await user.click(appointments().getByRole("checkbox", { name: "Text me" }));
    expect(phoneBox()).not.toBeInTheDocument();
  });

  it("saves the choice, shows the number as stored, and says Saved.", async () => {
    const { user, server } = openPage();
    await loaded();

    await user.click(handoffs().getByRole("checkbox", { name: "Email me" }));
    await user.click(handoffs().getByRole("checkbox", { name: "Text me" }));
    await user.click(appointments().getByRole("checkbox", { name: "Email me" }));
    await user.type(phoneBox()!, "(512) 555-0199");
    await user.click(screen.getByRole("button", { name: "Save" }));

    expect(await screen.findByText("Saved.")).toBeInTheDocument();
    expect(screen.getByText("Saved.").closest('[role="status"]')).not.toBeNull();
    expect(server.callsTo("PUT /me/notifications").map((c) => c.body)).toEqual([
      { handoffEmail: true, handoffSms: true, appointmentEmail: true, appointmentSms: false, phone: "(512) 555-0199" },
    ]);
    expect(phoneBox()).toHaveValue("+15125550199");

    // A change after it is not saved yet.
    await user.click(appointments().getByRole("checkbox", { name: "Email me" }));
    expect(screen.queryByText("Saved.")).not.toBeInTheDocument();
  });

  it("turns everything off, keeping the number for later", async () => {
    const { user, server } = openPage({ handoffEmail: true, handoffSms: true, appointmentEmail: false, appointmentSms: false, phone: "+15125550199" });
    await loaded();

    await user.click(handoffs().getByRole("checkbox", { name: "Email me" }));
    await user.click(handoffs().getByRole("checkbox", { name: "Text me" }));
    await user.click(screen.getByRole("button", { name: "Save" }));

    await screen.findByText("Saved.");
    expect(server.callsTo("PUT /me/notifications")[0]!.body).toEqual({ ...nothing, phone: "+15125550199" });
  });

  it("shows the server's reason next to the number and keeps the form as it was", async () => {
    const { user, server } = openPage();
    await loaded();

    await user.click(handoffs().getByRole("checkbox", { name: "Text me" }));
    await user.type(phoneBox()!, "555-01");
    await user.click(screen.getByRole("button", { name: "Save" }));

    const phone = phoneBox()!;
    await waitFor(() => expect(phone).toHaveAttribute("aria-invalid", "true"));
    expect(phone).toHaveAccessibleDescription(/^That isn't a phone number\./);
    await waitFor(() => expect(phone).toHaveFocus());
    expect(phone).toHaveValue("555-01");
    expect(handoffs().getByRole("checkbox", { name: "Text me" })).toBeChecked();
    expect(screen.queryByText("Saved.")).not.toBeInTheDocument();
    expect(server.callsTo("PUT /me/notifications")).toHaveLength(1);

    await user.clear(phone);
    await user.type(phone, "512 555 0199");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Saved.")).toBeInTheDocument();
    expect(phone).not.toHaveAttribute("aria-invalid");
  });

  it("asks for the number before sending a text choice without one", async () => {
    const { user, server } = openPage();
    await loaded();

    await user.click(appointments().getByRole("checkbox", { name: "Text me" }));
    await user.click(screen.getByRole("button", { name: "Save" }));

    expect(phoneBox()).toHaveAttribute("aria-invalid", "true");
    expect(phoneBox()).toHaveAccessibleDescription(/^Enter the mobile number to text you at\./);
    expect(phoneBox()).toHaveFocus();
    expect(server.callsTo("PUT /me/notifications")).toHaveLength(0);
  });

  it("shows any other refusal as a notice", async () => {
    const { user, server } = openPage();
    server.once("PUT /me/notifications", () => problem(503, "unavailable", "The settings can't be saved just now."));
    await loaded();

    await user.click(handoffs().getByRole("checkbox", { name: "Email me" }));
    await user.click(screen.getByRole("button", { name: "Save" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("The settings can't be saved just now.");
    expect(handoffs().getByRole("checkbox", { name: "Email me" })).toBeChecked();
  });

  it("says so when the settings can't be loaded, and tries again", async () => {
    const { user, server } = openPage();
    server.once("GET /me/notifications", () => problem(404, "not_found", "No such colleague."));

    expect(await screen.findByRole("alert")).toHaveTextContent("No such colleague.");
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("group", { name: "When a customer needs a person" })).toBeInTheDocument();
  });
});
