import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CustomerErasure, CustomerExport, CustomerRequest, StaffProfile } from "../../api/types";
import { FakeConsole, json, problem } from "../../test/fakeConsole";
import { me } from "../../test/fixtures";
import { renderConsole } from "../../test/render";

const owner: StaffProfile = { ...me, role: "owner", locationIds: null };

const ANN_PHONE = "+15125550142";
const ANN_EMAIL = "ann@example.com";
const EXPORTED_AT = "2026-03-14T12:00:00Z";
/** What is held about Ann: 6 rows in 3 tables. */
const annTables = {
  leads: [{ id: "l1", firstName: "Ann", lastName: "Lee", phone: ANN_PHONE }, { id: "l2", firstName: "Ann", lastName: "Lee", phone: ANN_PHONE }],
  messages: [{ text: "How much is tint?" }, { text: "About $250." }, { text: "Thanks!" }],
  vehicles: [{ make: "Honda", model: "Civic" }],
};
const annErased = { leads: 2, rows: { leads: 2, messages: 3, vehicles: 1, conversations: 3 } };

const digits = (phone: string) => phone.replace(/\D/g, "").replace(/^1(?=\d{10}$)/, "");
const invalid = (errors: Record<string, string[]>) => problem(400, "invalid", "One or more validation errors occurred.", { errors });

/**
 * The console for `who` on Settings → Customer data, with a server that answers as the real one does: exactly one of
 * phone and email, a real number or address (else 400 under it); Ann held until she is erased; message bodies kept
 * `months` (1 to 120, or null).
 */
function openPage(who: StaffProfile = owner, path = "/settings/customer-data") {
  let annHeld = true;
  let months: number | null = 24;
  const check = ({ phone, email }: CustomerRequest) => {
    if ((phone === null) === (email === null)) return invalid({ phone: ["Give a phone number or an email address, not both."] });
    if (phone !== null && digits(phone).length !== 10) return invalid({ phone: ["A phone number, like (512) 555-0142 or +15125550142."] });
    if (email !== null && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) return invalid({ email: ["An email address, like ann@example.com."] });
    return null;
  };
  const whom = ({ phone, email }: CustomerRequest) => ({ phone: phone && `+1${digits(phone)}`, email: email?.toLowerCase() ?? null });
  const isAnn = (r: CustomerRequest) => annHeld && (whom(r).phone === ANN_PHONE || whom(r).email === ANN_EMAIL);
  const server = new FakeConsole()
    .on("GET /me", () => json(who))
    .on("GET /conversations", () => json({ conversations: [], needsStaffCount: 0 }))
    .on("GET /me/notifications", () => json({ handoffEmail: false, handoffSms: false, appointmentEmail: false, appointmentSms: false, phone: null }))
    .on("POST /customers/export", ({ body }: { body: CustomerRequest }) => {
      const refused = check(body);
      if (refused) return refused;
      const answer: CustomerExport = { ...whom(body), exportedAt: EXPORTED_AT, tables: isAnn(body) ? annTables : {} };
      return json(answer);
    })
    .on("POST /customers/erase", ({ body }: { body: CustomerRequest }) => {
      const refused = check(body);
      if (refused) return refused;
      const answer: CustomerErasure = { ...whom(body), erasedAt: EXPORTED_AT, ...(isAnn(body) ? annErased : { leads: 0, rows: {} }) };
      if (isAnn(body)) annHeld = false;
      return json(answer);
    })
    .on("GET /customers/retention", () => json({ months }))
    .on("PUT /customers/retention", ({ body }: { body: { months: number | null } }) => {
      if (body.months !== null && (body.months < 1 || body.months > 120)) return invalid({ months: ["Between 1 and 120 months, or empty to keep them."] });
      months = body.months;
      return json({ months });
    });
  return { server, ...renderConsole(server, path) };
}

const find = () => within(screen.getByRole("region", { name: "Find a customer's data" }));
const retention = () => within(screen.getByRole("region", { name: "Message retention" }));
const who = () => find().getByRole("textbox", { name: "Phone number or email" });
const months = () => retention().getByRole("spinbutton", { name: "Keep message bodies for (months)" });
const status = () => find().getByRole("status");
/** The page is its own chunk: there once its heading is. */
const ready = () => screen.findByRole("heading", { name: "Customer data", level: 1 });
const bodies = (server: FakeConsole, route: string) => server.callsTo(route).map((c) => c.body);

describe("who has customer data", () => {
  it("is in an owner's settings, after ShopMonkey", async () => {
    const { user, address } = openPage(owner, "/settings/notifications");

    const nav = within(await screen.findByRole("navigation", { name: "Settings" }));
    expect(nav.getAllByRole("link").map((l) => l.textContent)).toEqual(["Notifications", "Security", "Locations", "ShopMonkey", "Customer data"]);
    await user.click(nav.getByRole("link", { name: "Customer data" }));

    await waitFor(() => expect(address()).toBe("/settings/customer-data"));
    expect(await ready()).toBeInTheDocument();
    expect(within(screen.getByRole("navigation", { name: "Settings" })).getByRole("link", { name: "Customer data" })).toHaveAttribute(
      "aria-current",
      "page",
    );
  });

  it("is not in a manager's settings, and says whose it is when opened anyway", async () => {
    const { server } = openPage(me);
    await ready();

    const nav = within(screen.getByRole("navigation", { name: "Settings" }));
    expect(nav.getByRole("link", { name: "Locations" })).toBeInTheDocument();
    expect(nav.queryByRole("link", { name: "Customer data" })).not.toBeInTheDocument();
    expect(screen.getByText("Only an owner exports or erases a customer's data, and sets how long messages are kept.")).toBeInTheDocument();
    expect(screen.queryByRole("textbox", { name: "Phone number or email" })).not.toBeInTheDocument();
    expect(server.callsTo("GET /customers/retention")).toHaveLength(0);
  });

  it("is not in the front desk's settings either", async () => {
    openPage({ ...me, role: "front_desk" }, "/settings/notifications");

    const nav = within(await screen.findByRole("navigation", { name: "Settings" }));
    expect(nav.queryByRole("link", { name: "Customer data" })).not.toBeInTheDocument();
  });
});

describe("downloading a customer's data", () => {
  const original = { create: URL.createObjectURL, revoke: URL.revokeObjectURL };
  let blobs: Blob[];
  let clicked: { href: string; download: string; inPage: boolean }[];

  beforeEach(() => {
    blobs = [];
    clicked = [];
    // jsdom has no object URLs, and a link's click would try to navigate: both are stood in for.
    URL.createObjectURL = vi.fn((blob: Blob) => {
      blobs.push(blob);
      return `blob:http://localhost/${blobs.length}`;
    });
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.download, inPage: document.body.contains(this) });
    });
  });

  afterEach(() => {
    vi.restoreAllMocks();
    URL.createObjectURL = original.create;
    URL.revokeObjectURL = original.revoke;
  });

  it("downloads everything held as a JSON file and says how much", async () => {
    const { user, server } = openPage();
    await ready();

    await user.type(who(), "(512) 555-0142");
    await user.click(find().getByRole("button", { name: "Download their data" }));

    expect(await find().findByText("Downloaded 6 rows from 3 tables.")).toBeInTheDocument();
    expect(status()).toHaveTextContent("Downloaded 6 rows from 3 tables.");
    expect(bodies(server, "POST /customers/export")).toEqual([{ phone: "(512) 555-0142", email: null }]);
    expect(clicked).toEqual([{ href: "blob:http://localhost/1", download: "customer-data-2026-03-14.json", inPage: true }]);
    expect(blobs[0]!.type).toBe("application/json");
    expect(JSON.parse(await blobs[0]!.text())).toEqual({ phone: ANN_PHONE, email: null, exportedAt: EXPORTED_AT, tables: annTables });
    await waitFor(() => expect(URL.revokeObjectURL).toHaveBeenCalledWith("blob:http://localhost/1"));
    // The link was only there for the click.
    expect(document.querySelector("a[download]")).toBeNull();
    expect(server.callsTo("POST /customers/erase")).toHaveLength(0);
  });

  it("says so when nothing is held, and downloads nothing", async () => {
    const { user, server } = openPage();
    await ready();

    await user.type(who(), "nobody@example.com");
    await user.click(find().getByRole("button", { name: "Download their data" }));

    expect(await find().findByText("Nothing is held about nobody@example.com.")).toBeInTheDocument();
    expect(bodies(server, "POST /customers/export")).toEqual([{ phone: null, email: "nobody@example.com" }]);
    expect(URL.createObjectURL).not.toHaveBeenCalled();
    expect(clicked).toEqual([]);
  });

  it("shows a refused number under the field", async () => {
    const { user } = openPage();
    await ready();

    await user.type(who(), "555");
    await user.click(find().getByRole("button", { name: "Download their data" }));

    await waitFor(() => expect(who()).toHaveAccessibleDescription(/^A phone number, like \(512\) 555-0142 or \+15125550142\./));
    expect(who()).toHaveAttribute("aria-invalid", "true");
    expect(who()).toHaveFocus();
    expect(URL.createObjectURL).not.toHaveBeenCalled();

    // Fixed, the reason goes.
    await user.clear(who());
    await user.type(who(), "512 555 0142");
    await user.click(find().getByRole("button", { name: "Download their data" }));
    expect(await find().findByText("Downloaded 6 rows from 3 tables.")).toBeInTheDocument();
    expect(who()).not.toHaveAttribute("aria-invalid");
  });

  it("asks for a number or address before asking the server", async () => {
    const { user, server } = openPage();
    await ready();

    await user.click(find().getByRole("button", { name: "Download their data" }));

    expect(who()).toHaveAccessibleDescription(/^Type the customer's phone number or email address\./);
    expect(who()).toHaveFocus();
    expect(server.callsTo("POST /customers/export")).toHaveLength(0);
  });

  it("shows any other refusal in words", async () => {
    const { user, server } = openPage();
    server.once("POST /customers/export", () => problem(403, "forbidden", "Only an owner exports a customer's data."));
    await ready();

    await user.type(who(), ANN_EMAIL);
    await user.click(find().getByRole("button", { name: "Download their data" }));

    expect(await find().findByRole("alert")).toHaveTextContent("Only an owner exports a customer's data.");
    expect(who()).not.toHaveAttribute("aria-invalid");
  });
});

describe("erasing a customer's data", () => {
  const confirmation = () => within(find().getByRole("alertdialog"));

  it("says what happens and erases only once confirmed", async () => {
    const { user, server } = openPage();
    await ready();

    await user.type(who(), "(512) 555-0142");
    await user.click(find().getByRole("button", { name: "Erase their data" }));

    const dialog = find().getByRole("alertdialog", { name: "Erase everything about (512) 555-0142?" });
    expect(confirmation().getByRole("heading", { name: "Erase everything about (512) 555-0142?" })).toHaveFocus();
    expect(dialog).toHaveAccessibleDescription(/vehicles and the words of every message.*never texted or emailed again.*This can't be undone\./);
    expect(find().queryByRole("button", { name: "Download their data" })).not.toBeInTheDocument();
    expect(server.callsTo("POST /customers/erase")).toHaveLength(0);

    await user.click(confirmation().getByRole("button", { name: "Yes, erase everything about (512) 555-0142" }));

    expect(await find().findByText(/^Erased: 2 leads \(9 rows in 4 tables\) about \+15125550142\./)).toBeInTheDocument();
    expect(status()).toHaveTextContent("Their follow-ups are stopped, and they won't be texted or emailed again.");
    expect(bodies(server, "POST /customers/erase")).toEqual([{ phone: "(512) 555-0142", email: null }]);
    expect(find().queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(who()).toHaveValue("");
    expect(who()).toHaveFocus();

    // Asked again, there is nothing left.
    await user.type(who(), "(512) 555-0142");
    await user.click(find().getByRole("button", { name: "Erase their data" }));
    await user.click(confirmation().getByRole("button", { name: "Yes, erase everything about (512) 555-0142" }));
    expect(await find().findByText("Nothing was held about +15125550142 — nothing changed.")).toBeInTheDocument();
  });

  it("sends nothing when cancelled, and gives the focus back to the field", async () => {
    const { user, server } = openPage();
    await ready();
    await user.type(who(), "(512) 555-0142");

    await user.click(find().getByRole("button", { name: "Erase their data" }));
    await user.click(confirmation().getByRole("button", { name: "Cancel" }));

    expect(find().queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(who()).toHaveFocus();
    expect(who()).toHaveValue("(512) 555-0142");

    // Escape cancels too.
    await user.click(find().getByRole("button", { name: "Erase their data" }));
    await user.keyboard("{Escape}");
    expect(find().queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(who()).toHaveFocus();

    // A changed address must be confirmed again.
    await user.click(find().getByRole("button", { name: "Erase their data" }));
    await user.type(who(), "9");
    expect(find().queryByRole("alertdialog")).not.toBeInTheDocument();

    expect(server.callsTo("POST /customers/erase")).toHaveLength(0);
  });

  it("erases by email", async () => {
    const { user, server } = openPage();
    await ready();

    await user.type(who(), `  ${ANN_EMAIL} `);
    await user.click(find().getByRole("button", { name: "Erase their data" }));
    await user.click(confirmation().getByRole("button", { name: `Yes, erase everything about ${ANN_EMAIL}` }));

    expect(await find().findByText(/^Erased: 2 leads/)).toBeInTheDocument();
    expect(bodies(server, "POST /customers/erase")).toEqual([{ phone: null, email: ANN_EMAIL }]);
  });

  it("shows a refused address under the field, the confirmation closed", async () => {
    const { user } = openPage();
    await ready();

    await user.type(who(), "ann@example");
    await user.click(find().getByRole("button", { name: "Erase their data" }));
    await user.click(confirmation().getByRole("button", { name: "Yes, erase everything about ann@example" }));

    await waitFor(() => expect(who()).toHaveAccessibleDescription(/^An email address, like ann@example\.com\./));
    expect(who()).toHaveAttribute("aria-invalid", "true");
    expect(who()).toHaveFocus();
    expect(find().queryByRole("alertdialog")).not.toBeInTheDocument();
  });

  it("keeps the confirmation when the server fails, with the reason in words", async () => {
    const { user, server } = openPage();
    server.once("POST /customers/erase", () => problem(500, "error", "Something went wrong; nothing was erased."));
    await ready();

    await user.type(who(), ANN_EMAIL);
    await user.click(find().getByRole("button", { name: "Erase their data" }));
    await user.click(confirmation().getByRole("button", { name: `Yes, erase everything about ${ANN_EMAIL}` }));

    expect(await find().findByRole("alert")).toHaveTextContent("Something went wrong; nothing was erased.");
    expect(confirmation().getByRole("button", { name: `Yes, erase everything about ${ANN_EMAIL}` })).toBeEnabled();
  });
});

describe("message retention", () => {
  it("shows how long bodies are kept and saves a new length, or none", async () => {
    const { user, server } = openPage();
    await ready();

    await waitFor(() => expect(months()).toHaveValue(24));
    expect(months()).toHaveAccessibleDescription(
      "Empty: keep them. Older texts, emails and chat messages are replaced by a note; who was sent what and when stays.",
    );

    await user.clear(months());
    await user.type(months(), "12");
    await user.click(retention().getByRole("button", { name: "Save" }));
    expect(await retention().findByText("Saved.")).toBeInTheDocument();
    expect(retention().getByRole("status")).toHaveTextContent("Saved.");

    // Changed again, it is not saved until Save.
    await user.clear(months());
    expect(retention().queryByText("Saved.")).not.toBeInTheDocument();
    await user.click(retention().getByRole("button", { name: "Save" }));
    expect(await retention().findByText("Saved.")).toBeInTheDocument();
    expect(months()).toHaveValue(null);

    expect(bodies(server, "PUT /customers/retention")).toEqual([{ months: 12 }, { months: null }]);
  });

  it("shows a refused length under the field", async () => {
    const { user, server } = openPage();
    await ready();
    await waitFor(() => expect(months()).toHaveValue(24));

    await user.clear(months());
    await user.type(months(), "200");
    await user.click(retention().getByRole("button", { name: "Save" }));

    await waitFor(() => expect(months()).toHaveAccessibleDescription(/^Between 1 and 120 months, or empty to keep them\./));
    expect(months()).toHaveAttribute("aria-invalid", "true");
    expect(months()).toHaveFocus();
    expect(retention().queryByText("Saved.")).not.toBeInTheDocument();
    expect(bodies(server, "PUT /customers/retention")).toEqual([{ months: 200 }]);
  });

  it("says so when it can't be loaded, and tries again", async () => {
    const { user, server } = openPage();
    server.once("GET /customers/retention", () => problem(403, "forbidden", "Only an owner sees how long messages are kept."));
    await ready();

    expect(await retention().findByRole("alert")).toHaveTextContent("Only an owner sees how long messages are kept.");
    await user.click(retention().getByRole("button", { name: "Try again" }));
    await waitFor(() => expect(months()).toHaveValue(24));
  });
});
