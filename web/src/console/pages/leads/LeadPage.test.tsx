import { screen, within } from "@testing-library/react";
import { beforeAll, describe, expect, it } from "vitest";
import type { LeadDetail } from "../../api/types";
import { shopTime, shortDay } from "../../format";
import { FakeConsole, json, problem, serveLead, servePipeline } from "../../test/fakeConsole";
import { lead, leadDetail, me, minutesAgo, staffAppointment, summary } from "../../test/fixtures";
import { loadSections, renderConsole } from "../../test/render";

const tim = lead({ firstName: "Tim", lastName: "Candy", stage: "booked", conversationId: "c0000000-0000-4000-8000-00000000abcd" });
const optedOutAt = "2026-11-24T16:01:00Z";

/** Tim's page: booked for tint, emails stopped by an unsubscribe, with `overrides`. */
function timsPage(overrides: Partial<LeadDetail> = {}) {
  const base = leadDetail(tim);
  return leadDetail(tim, {
    consent: { sms: { allowed: true, reason: null, since: null }, email: { allowed: false, reason: "opted_out", since: optedOutAt } },
    conversation: summary({ id: tim.conversationId!, leadId: tim.id }),
    appointments: [staffAppointment({ leadId: tim.id, syncState: "failed", syncError: "ShopMonkey said 401" })],
    timeline: [
      ...base.timeline,
      { at: minutesAgo(60), kind: "customer_message", summary: "Customer by text: Can I come Saturday?", channel: "sms", actor: null, status: null },
      { at: minutesAgo(59), kind: "assistant_message", summary: "Assistant (openai) by text: Saturday 9 AM works.", channel: "sms", actor: null, status: null },
      { at: minutesAgo(58), kind: "appointment", summary: "Booked Ceramic Window Tint for Sat Nov 28, 9:00 AM", channel: null, actor: null, status: "booked" },
    ],
    ...overrides,
  });
}

/** A signed-in manager opening the lead's page. */
function open(detail: LeadDetail = timsPage()) {
  const server = new FakeConsole().on("GET /me", () => json(me)).on("GET /conversations", () => json({ conversations: [], needsStaffCount: 0 }));
  serveLead(server, detail);
  servePipeline(server, [detail.lead]);
  return { server, ...renderConsole(server, `/leads/${detail.lead.id}`) };
}

const section = (name: string) => screen.getByRole("region", { name });

beforeAll(loadSections);

describe("a lead's page", () => {
  it("tells who the lead is, their car and estimate, consent, follow-ups and appointments", async () => {
    open();

    const heading = await screen.findByRole("heading", { name: "Tim Candy", level: 1 });
    expect(heading.closest("header")).toHaveTextContent("Stage: Booked");
    expect(screen.getAllByRole("heading", { level: 2 }).map((h) => h.textContent)).toEqual([
      "Customer",
      "Vehicle",
      "Estimate",
      "Consent",
      "Follow-ups",
      "Appointments",
      "Timeline",
    ]);
    expect(screen.getByRole("link", { name: "Open conversation" })).toHaveAttribute("href", `/console/inbox/${tim.conversationId}`);
    const shopMonkey = screen.getByRole("link", { name: /^Open in ShopMonkey/ });
    expect(shopMonkey).toHaveAttribute("href", "https://app.shopmonkey.cloud/order/ord_8f2k");
    expect(shopMonkey).toHaveAttribute("target", "_blank");
    expect(shopMonkey).toHaveAttribute("rel", "noopener noreferrer");

    const customer = section("Customer");
    expect(within(customer).getByRole("link", { name: "(512) 555-0199" })).toHaveAttribute("href", "tel:+15125550199");
    expect(within(customer).getByRole("link", { name: "tim@example.com" })).toHaveAttribute("href", "mailto:tim@example.com");
    expect(section("Vehicle")).toHaveTextContent("2019 Honda Civic");
    expect(section("Vehicle")).toHaveTextContent("TrimEX");
    const estimate = section("Estimate");
    expect(estimate).toHaveTextContent("Order#1042");
    expect(estimate).toHaveTextContent("ServiceCeramic Window Tint");
    expect(estimate).toHaveTextContent("Total$399.00");
    expect(estimate).toHaveTextContent("Not authorized, invoiced or paid yet.");
    expect(section("Consent")).toHaveTextContent("SMSAllowed");
    expect(section("Consent")).toHaveTextContent(`EmailOpted out since ${shortDay(optedOutAt)}`);

    const followUps = section("Follow-ups");
    expect(followUps).toHaveTextContent("Follow-ups are running.");
    const [sent, next] = within(within(followUps).getByRole("list", { name: "Follow-up steps" })).getAllByRole("listitem");
    expect(sent).toHaveTextContent("Step 1 · Text · Sent");
    expect(next).toHaveTextContent("Step 2 · Email · Scheduled");

    const [appointment] = within(section("Appointments")).getAllByRole("listitem");
    expect(appointment).toHaveTextContent(shopTime("2026-11-28T09:00:00"));
    expect(appointment).toHaveTextContent("Ceramic Window Tint");
    expect(appointment).toHaveTextContent("Booked · Not in ShopMonkey: ShopMonkey said 401");
  });

  it("shows the timeline oldest first, each entry with its time, what it was and what happened", async () => {
    const page = timsPage();
    open(page);

    const timeline = await screen.findByRole("list", { name: "Timeline, oldest first" });
    const entries = within(timeline).getAllByRole("listitem");
    expect(entries.map((e) => e.querySelector(".timeline-summary")!.textContent)).toEqual(page.timeline.map((e) => e.summary));
    expect(entries[0]).toHaveTextContent(`${shopTime(page.timeline[0]!.at)} · From ShopMonkey`);
    expect(entries[1]).toHaveTextContent("Lead created");
    expect(entries[3]).toHaveTextContent("Customer wrote");
    expect(within(entries[3]!).getByText("Customer by text: Can I come Saturday?")).toBeInTheDocument();
    expect(entries[0]!.querySelector("time")).toHaveAttribute("datetime", page.timeline[0]!.at);
  });

  it("pauses the follow-ups and resumes them", async () => {
    const { user, server } = open();
    const followUps = () => section("Follow-ups");

    await user.click(await screen.findByRole("button", { name: "Pause" }));

    expect(await within(followUps()).findByText("Follow-ups are paused.")).toBeInTheDocument();
    expect(screen.getByText("Follow-ups paused.")).toHaveAttribute("role", "status");
    expect(within(followUps()).getAllByRole("listitem")[1]).toHaveTextContent("Step 2 · Email · Paused");
    expect(server.callsTo(`POST /leads/${tim.id}/cadence/pause`)).toHaveLength(1);
    // The lead is asked for again: its timeline and stage move with the cadence.
    expect(server.callsTo(`GET /leads/${tim.id}`).length).toBeGreaterThan(1);

    await user.click(within(followUps()).getByRole("button", { name: "Resume" }));

    expect(await within(followUps()).findByText("Follow-ups are running.")).toBeInTheDocument();
    expect(server.callsTo(`POST /leads/${tim.id}/cadence/resume`)).toHaveLength(1);
  });

  it("asks before stopping the follow-ups, for good", async () => {
    const { user, server } = open();
    const followUps = () => section("Follow-ups");

    await user.click(await screen.findByRole("button", { name: "Stop" }));
    const question = within(followUps()).getByRole("alertdialog");
    expect(question).toHaveTextContent("Stop every follow-up to Tim Candy?");
    expect(within(question).getByRole("button", { name: "Keep them" })).toHaveFocus();

    await user.click(within(question).getByRole("button", { name: "Keep them" }));
    expect(within(followUps()).queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(within(followUps()).getByRole("button", { name: "Stop" })).toHaveFocus();
    expect(server.callsTo(`POST /leads/${tim.id}/cadence/stop`)).toHaveLength(0);

    await user.click(within(followUps()).getByRole("button", { name: "Stop" }));
    await user.click(within(followUps()).getByRole("button", { name: "Stop follow-ups" }));

    expect(await within(followUps()).findByText("Follow-ups were stopped by staff.")).toBeInTheDocument();
    expect(server.callsTo(`POST /leads/${tim.id}/cadence/stop`)).toHaveLength(1);
    expect(within(followUps()).queryByRole("button", { name: "Pause" })).not.toBeInTheDocument();
    expect(within(followUps()).queryByRole("button", { name: "Stop" })).not.toBeInTheDocument();
    expect(within(followUps()).getAllByRole("listitem")[1]).toHaveTextContent("Step 2 · Email · Cancelled: Stopped by staff");
    expect(within(followUps()).getByRole("heading", { name: "Follow-ups" })).toHaveFocus();
  });

  it("says why when the server refuses (the cadence changed meanwhile)", async () => {
    const { user, server } = open();
    server.once(`POST /leads/${tim.id}/cadence/pause`, () => problem(409, "cadence_stopped", "The cadence is stopped.", { title: "Not possible now" }));

    await user.click(await screen.findByRole("button", { name: "Pause" }));

    expect(await within(section("Follow-ups")).findByRole("alert")).toHaveTextContent("The cadence is stopped.");
  });

  it("shows the customer's language and where it came from, and changes it in one tap", async () => {
    const { user, server } = open();
    await screen.findByRole("heading", { name: "Tim Candy", level: 1 });
    const language = within(section("Customer")).getByRole("group", { name: "Language" });
    expect(within(language).getByRole("button", { name: "English" })).toHaveAttribute("aria-pressed", "true");
    expect(within(language).getByRole("button", { name: "Español" })).toHaveAttribute("aria-pressed", "false");
    expect(within(language).getByRole("button", { name: "Español" })).toHaveAttribute("lang", "es");
    expect(language).toHaveAccessibleDescription("Not yet known — English by default");
    // English, the default, gets no tag by the name.
    expect(screen.getByRole("heading", { level: 1 }).closest("header")).not.toHaveTextContent("Español");

    await user.click(within(language).getByRole("button", { name: "Español" }));

    expect(await screen.findByText("The customer will be written to in Spanish.")).toHaveAttribute("role", "status");
    expect(within(language).getByRole("button", { name: "Español" })).toHaveAttribute("aria-pressed", "true");
    expect(within(language).getByRole("button", { name: "English" })).toHaveAttribute("aria-pressed", "false");
    expect(language).toHaveAccessibleDescription("Set by staff");
    expect(screen.getByRole("heading", { level: 1 }).closest("header")).toHaveTextContent("Español");
    expect(server.callsTo(`PUT /leads/${tim.id}/language`).map((c) => c.body)).toEqual([{ language: "es" }]);
    // The lead is asked for again: its timeline moves with it.
    expect(server.callsTo(`GET /leads/${tim.id}`).length).toBeGreaterThan(1);

    // The language it already has is not asked for again.
    await user.click(within(language).getByRole("button", { name: "Español" }));
    expect(server.callsTo(`PUT /leads/${tim.id}/language`)).toHaveLength(1);
  });

  it("says where a language came from: the customer's messages, or ShopMonkey", async () => {
    open(timsPage({ language: { language: "es", source: "detected" } }));
    await screen.findByRole("heading", { name: "Tim Candy", level: 1 });
    const language = within(section("Customer")).getByRole("group", { name: "Language" });
    expect(within(language).getByRole("button", { name: "Español" })).toHaveAttribute("aria-pressed", "true");
    expect(language).toHaveAccessibleDescription("From their messages");
    const tag = within(screen.getByRole("heading", { level: 1 }).closest("header")!).getByText("Español");
    expect(tag).toHaveAttribute("lang", "es");
  });

  it("says why when the language can't be changed", async () => {
    const { user, server } = open(timsPage({ language: { language: "es", source: "shop_monkey" } }));
    server.once(`PUT /leads/${tim.id}/language`, () => problem(404, "not_found", "This lead isn't there any more."));
    await screen.findByRole("heading", { name: "Tim Candy", level: 1 });
    const language = within(section("Customer")).getByRole("group", { name: "Language" });
    expect(language).toHaveAccessibleDescription("From ShopMonkey");

    await user.click(within(language).getByRole("button", { name: "English" }));

    expect(await within(section("Customer")).findByRole("alert")).toHaveTextContent("This lead isn't there any more.");
    expect(within(language).getByRole("button", { name: "Español" })).toHaveAttribute("aria-pressed", "true");
  });

  it("goes back to the pipeline as it was left", async () => {
    const page = timsPage();
    const server = new FakeConsole().on("GET /me", () => json(me)).on("GET /conversations", () => json({ conversations: [], needsStaffCount: 0 }));
    serveLead(server, page);
    servePipeline(server, [page.lead]);
    const { user, address } = renderConsole(server, "/leads?stage=booked");

    await user.click(await screen.findByRole("link", { name: /Tim Candy/ }));
    await screen.findByRole("heading", { name: "Tim Candy", level: 1 });
    await user.click(screen.getByRole("link", { name: "← Leads" }));

    expect(await screen.findByRole("heading", { name: "Leads", level: 1 })).toBeInTheDocument();
    expect(address()).toBe("/leads?stage=booked");
  });

  it("says when the lead is not there (unknown, or another shop's)", async () => {
    const server = new FakeConsole()
      .on("GET /me", () => json(me))
      .on("GET /conversations", () => json({ conversations: [], needsStaffCount: 0 }))
      // The server's bare 404 (no problem body).
      .on(`GET /leads/${tim.id}`, () => new Response(null, { status: 404 }));
    renderConsole(server, `/leads/${tim.id}`);

    expect(await screen.findByRole("heading", { name: "This lead was not found", level: 1 })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Back to Leads" })).toHaveAttribute("href", "/console/leads");
  });
});
