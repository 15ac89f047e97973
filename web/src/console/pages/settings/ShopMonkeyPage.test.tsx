import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { ConnectShopMonkeyRequest, EnableLocationRequest, ShopMonkeyConnection, ShopMonkeyLocation, StaffProfile } from "../../api/types";
import { FakeConsole, json, problem } from "../../test/fakeConsole";
import { locationSettings, me, NORTHSIDE } from "../../test/fixtures";
import { renderConsole } from "../../test/render";

const owner: StaffProfile = { ...me, role: "owner", locationIds: null };
const GOOD_KEY = "sm_live_4f9a2c7e1b";
const NEW_LOCATION = "bbbbbbbb-0000-4000-8000-000000000009";

const connection: ShopMonkeyConnection = {
  baseUrl: "https://api.shopmonkey.cloud",
  usesSandbox: false,
  apiKeyHint: "…2c7e",
  webhookSecretHint: "k9x2",
  previousSecretValidUntil: null,
  webhookUrl: "https://leads.example/webhooks/shopmonkey/northside-tint",
  pollingEnabled: true,
  health: { webhookId: null, checkedAt: null, problem: null, lastWebhookAt: null, lastPollAt: null, lastPollError: null },
};

/**
 * The account's locations: Northside enabled already; Round Rock without a time zone we can use; Cedar Park with
 * everything; Leander without a phone number.
 */
const accountLocations: ShopMonkeyLocation[] = [
  { id: "sm_north", name: "Northside", address: "1200 Main St, Austin, TX, 78701", phone: "+15125550142", timeZone: "America/Chicago", enabledAs: NORTHSIDE.id },
  { id: "sm_rr", name: "Round Rock", address: "400 Palm Valley Blvd, Round Rock, TX, 78664", phone: "+15125550177", timeZone: null, enabledAs: null },
  { id: "sm_cp", name: "Cedar Park", address: null, phone: "+15125550188", timeZone: "America/Chicago", enabledAs: null },
  { id: "sm_le", name: "Leander", address: "900 Crystal Falls Pkwy, Leander, TX, 78641", phone: null, timeZone: "America/Chicago", enabledAs: null },
];

/**
 * The console for `who` on Settings → ShopMonkey, with a server that connects as the real one does: the key is checked
 * with ShopMonkey (GOOD_KEY is the one it takes; a refusal is ShopMonkey's words), an address must be https, and
 * enabling a location whose time zone ShopMonkey lacks asks for one (400 `errors.timeZone`).
 */
function openPage(connected: boolean, who: StaffProfile = owner) {
  let stored: ShopMonkeyConnection | null = connected ? connection : null;
  let locations = accountLocations;
  const server = new FakeConsole()
    .on("GET /me", () => json(who))
    .on("GET /conversations", () => json({ conversations: [], needsStaffCount: 0 }))
    .on("GET /locations", () => json({ locations: [{ ...NORTHSIDE, timeZone: "America/Chicago", bays: 3 }] }))
    .on("GET /integrations/shopmonkey", () => (stored ? json(stored) : problem(404, "not_found", "Not Found")))
    .on("POST /integrations/shopmonkey", ({ body }: { body: ConnectShopMonkeyRequest }) => {
      if (!body.apiKey) return problem(400, "invalid", "One or more validation errors occurred.", { errors: { apiKey: ["Paste the API key from ShopMonkey (Settings → Integrations)."] } });
      if (body.baseUrl && !body.baseUrl.startsWith("https://"))
        return problem(400, "invalid", "One or more validation errors occurred.", { errors: { baseUrl: ["An https address, such as https://api.shopmonkey.cloud."] } });
      if (body.apiKey !== GOOD_KEY) return problem(400, "shopmonkey_refused_key", "ShopMonkey did not accept this key: 401 Unauthorized (token is invalid).");
      stored = { ...connection, baseUrl: body.baseUrl ?? "https://api.shopmonkey.cloud", apiKeyHint: `…${body.apiKey.slice(-4)}` };
      return json({ connection: stored, locations });
    })
    .on("GET /integrations/shopmonkey/locations", () => (stored ? json({ locations }) : problem(404, "not_found", "Not Found")))
    .on("POST /locations", ({ body }: { body: EnableLocationRequest }) => {
      const found = locations.find((l) => l.id === body.shopMonkeyLocationId);
      if (!found) return problem(400, "shopmonkey_location_not_found", "ShopMonkey has no such location in this account.");
      const zone = found.timeZone ?? (body.timeZone && /^[A-Z][a-z]+\/[A-Za-z_]+$/.test(body.timeZone) ? body.timeZone : null);
      const errors: Record<string, string[]> = {};
      if (!zone) errors.timeZone = ["ShopMonkey has no time zone for this location (or not one like America/Chicago); choose the shop's."];
      if (!found.phone && !body.phone) errors.phone = ["ShopMonkey has no phone number for this location that we can read; enter the shop's."];
      if (Object.keys(errors).length) return problem(400, "invalid", "One or more validation errors occurred.", { errors });
      locations = locations.map((l) => (l === found ? { ...l, enabledAs: NEW_LOCATION } : l));
      return json(locationSettings({ id: NEW_LOCATION, name: found.name! }, { timeZone: zone!, setupPending: true }), 201);
    })
    .on(`GET /locations/${NEW_LOCATION}/settings`, () => json(locationSettings({ id: NEW_LOCATION, name: "Round Rock" }, { timeZone: "America/Denver", setupPending: true })));
  return { server, ...renderConsole(server, "/settings/shopmonkey") };
}

const ready = () => screen.findByRole("heading", { name: "ShopMonkey", level: 1 });
const keyForm = () => within(screen.getByRole("form", { name: "ShopMonkey API key" }));
/** The key box: a password box has no role, so by its label. */
const keyBox = () => keyForm().getByLabelText("API key");
const row = (name: string) => within(screen.getByRole("article", { name }));
const connectionCard = () => within(screen.getByRole("region", { name: "Connection" }));

describe("the ShopMonkey connection", () => {
  it("connects with a key ShopMonkey takes, after showing its words for one it refused, and lists the account's locations", async () => {
    const { user, server } = openPage(false);
    await ready();

    expect(await screen.findByRole("heading", { name: "Connect ShopMonkey" })).toBeInTheDocument();
    expect(keyBox()).toHaveAttribute("type", "password");
    expect(keyForm().getByRole("textbox", { name: "API address (optional)" })).toHaveAttribute("placeholder", "https://api.shopmonkey.cloud");

    await user.type(keyBox(), "sm_live_wrong");
    await user.click(keyForm().getByRole("button", { name: "Connect" }));

    await waitFor(() => expect(keyBox()).toHaveAttribute("aria-invalid", "true"));
    expect(keyBox()).toHaveAccessibleDescription(/^ShopMonkey did not accept this key: 401 Unauthorized \(token is invalid\)\./);
    expect(keyBox()).toHaveFocus();
    expect(keyBox()).toHaveValue("sm_live_wrong");

    await user.clear(keyBox());
    await user.type(keyBox(), GOOD_KEY);
    await user.click(keyForm().getByRole("button", { name: "Connect" }));

    expect(await screen.findByRole("heading", { name: "Connection" })).toHaveFocus();
    expect(server.callsTo("POST /integrations/shopmonkey").map((c) => c.body)).toEqual([
      { apiKey: "sm_live_wrong", baseUrl: null },
      { apiKey: GOOD_KEY, baseUrl: null },
    ]);
    expect(screen.getByText("Connected: ShopMonkey accepted the key. 4 locations in the account.")).toHaveAttribute("role", "status");
    expect(connectionCard().getByText("…7e1b")).toBeInTheDocument();
    expect(connectionCard().getByText("https://api.shopmonkey.cloud")).toBeInTheDocument();
    // From the connect answer: ShopMonkey isn't asked again.
    const list = screen.getByRole("list", { name: "ShopMonkey's locations" });
    expect(within(list).getAllByRole("heading").map((h) => h.textContent)).toEqual(["Northside", "Round Rock", "Cedar Park", "Leander"]);
    expect(server.callsTo("GET /integrations/shopmonkey/locations")).toHaveLength(0);
  });

  it("shows the key on request", async () => {
    const { user } = openPage(false);
    await screen.findByRole("heading", { name: "Connect ShopMonkey" });

    await user.type(keyBox(), "sm_live_x");
    await user.click(keyForm().getByRole("button", { name: "Show key" }));
    expect(keyForm().getByRole("textbox", { name: "API key" })).toHaveValue("sm_live_x");

    await user.click(keyForm().getByRole("button", { name: "Hide key" }));
    expect(keyBox()).toHaveAttribute("type", "password");
  });

  it("asks for the key before asking ShopMonkey, and shows a refused address under it", async () => {
    const { user, server } = openPage(false);
    await screen.findByRole("heading", { name: "Connect ShopMonkey" });

    await user.click(keyForm().getByRole("button", { name: "Connect" }));
    expect(keyBox()).toHaveAccessibleDescription(/^Paste the API key from ShopMonkey\./);
    expect(server.callsTo("POST /integrations/shopmonkey")).toHaveLength(0);

    await user.type(keyBox(), GOOD_KEY);
    const address = keyForm().getByRole("textbox", { name: "API address (optional)" });
    await user.type(address, "http://shopmonkey.internal");
    await user.click(keyForm().getByRole("button", { name: "Connect" }));

    await waitFor(() => expect(address).toHaveAttribute("aria-invalid", "true"));
    expect(address).toHaveAccessibleDescription(/^An https address, such as https:\/\/api\.shopmonkey\.cloud\./);
    expect(address).toHaveFocus();
    expect(keyBox()).not.toHaveAttribute("aria-invalid");
  });

  it("says so when ShopMonkey can't be reached", async () => {
    const { user, server } = openPage(false);
    server.once("POST /integrations/shopmonkey", () => problem(502, "shopmonkey_unreachable", "ShopMonkey could not be reached; nothing was changed. Try again in a minute."));
    await screen.findByRole("heading", { name: "Connect ShopMonkey" });

    await user.type(keyBox(), GOOD_KEY);
    await user.click(keyForm().getByRole("button", { name: "Connect" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("ShopMonkey could not be reached; nothing was changed. Try again in a minute.");
    expect(screen.getByRole("heading", { name: "Connect ShopMonkey" })).toBeInTheDocument();
  });

  it("shows a connection: where it points, the key's end, the webhook address to copy, and the account's locations", async () => {
    const { user, server } = openPage(true);
    await screen.findByRole("region", { name: "Connection" });

    expect(connectionCard().getByText("https://api.shopmonkey.cloud")).toBeInTheDocument();
    expect(connectionCard().getByText("…2c7e")).toBeInTheDocument();
    expect(connectionCard().getByText(/^On: besides its webhooks/)).toBeInTheDocument();
    expect(connectionCard().getByText(connection.webhookUrl)).toBeInTheDocument();
    await user.click(connectionCard().getByRole("button", { name: "Copy the webhook address" }));
    expect(await connectionCard().findByText("Copied the webhook address.")).toHaveAttribute("role", "status");
    expect(await navigator.clipboard.readText()).toBe(connection.webhookUrl);

    expect(await screen.findByRole("list", { name: "ShopMonkey's locations" })).toBeInTheDocument();
    expect(server.callsTo("GET /integrations/shopmonkey/locations")).toHaveLength(1);
    expect(row("Northside").getByText("Enabled")).toBeInTheDocument();
    expect(row("Northside").getByRole("link", { name: "Settings of Northside" })).toHaveAttribute("href", `/console/settings/locations/${NORTHSIDE.id}`);
    expect(row("Northside").queryByRole("button", { name: /^Enable/ })).not.toBeInTheDocument();
    expect(row("Round Rock").getByText("400 Palm Valley Blvd, Round Rock, TX, 78664")).toBeInTheDocument();
    expect(row("Round Rock").getByText("No time zone in ShopMonkey")).toBeInTheDocument();
    expect(row("Round Rock").getByRole("button", { name: "Enable Round Rock" })).toBeInTheDocument();
    expect(row("Cedar Park").getByText("No address in ShopMonkey")).toBeInTheDocument();
  });

  it("says the built-in sandbox when it is one", async () => {
    const { server } = openPage(true);
    server.on("GET /integrations/shopmonkey", () => json({ ...connection, usesSandbox: true, baseUrl: null }));

    expect(await screen.findByText(/^Built-in sandbox/)).toBeInTheDocument();
  });

  it("changes the key with the same form", async () => {
    const { user, server } = openPage(true);
    await user.click(await screen.findByRole("button", { name: "Change key" }));

    expect(screen.getByRole("heading", { name: "Change the API key" })).toBeInTheDocument();
    expect(keyBox()).toHaveFocus();
    await user.type(keyBox(), "sm_live_wrong");
    await user.click(keyForm().getByRole("button", { name: "Save the new key" }));
    expect(await keyForm().findByText(/^ShopMonkey did not accept this key/)).toBeInTheDocument();
    // The stored connection is as it was.
    expect(connectionCard().getByText("…2c7e")).toBeInTheDocument();

    await user.clear(keyBox());
    await user.type(keyBox(), "sm_live_new_9d1f");
    server.once("POST /integrations/shopmonkey", ({ body }) =>
      json({ connection: { ...connection, apiKeyHint: `…${(body as ConnectShopMonkeyRequest).apiKey!.slice(-4)}` }, locations: accountLocations }),
    );
    await user.click(keyForm().getByRole("button", { name: "Save the new key" }));

    expect(await connectionCard().findByText("…9d1f")).toBeInTheDocument();
    expect(screen.queryByRole("form", { name: "ShopMonkey API key" })).not.toBeInTheDocument();
    await waitFor(() => expect(connectionCard().getByRole("button", { name: "Change key" })).toHaveFocus());
  });

  it("says in words when ShopMonkey no longer takes the stored key", async () => {
    const { user, server } = openPage(true);
    server.once("GET /integrations/shopmonkey/locations", () =>
      problem(409, "shopmonkey_refused_key", "ShopMonkey no longer accepts the stored key: 401 Unauthorized. Connect again with a new one."),
    );

    expect(await screen.findByRole("alert")).toHaveTextContent("ShopMonkey no longer accepts the stored key: 401 Unauthorized. Connect again with a new one.");
    await user.click(within(screen.getByRole("region", { name: "ShopMonkey's locations" })).getByRole("button", { name: "Change key" }));
    expect(keyBox()).toHaveFocus();
  });
});

describe("enabling a ShopMonkey location", () => {
  it("asks for the time zone ShopMonkey lacks, sends it, and opens the new location's settings", async () => {
    const { user, server, address } = openPage(true);
    await screen.findByRole("list", { name: "ShopMonkey's locations" });

    await user.click(row("Round Rock").getByRole("button", { name: "Enable Round Rock" }));

    const zone = await row("Round Rock").findByRole("combobox", { name: "The shop's time zone" });
    expect(zone).toHaveAttribute("aria-invalid", "true");
    expect(zone).toHaveAccessibleDescription(/ShopMonkey has no time zone for this location \(or not one like America\/Chicago\); choose the shop's\./);
    await waitFor(() => expect(zone).toHaveFocus());
    expect(within(zone).getAllByRole("option").map((o) => (o as HTMLOptionElement).value)).toEqual([
      "",
      "America/New_York",
      "America/Chicago",
      "America/Denver",
      "America/Phoenix",
      "America/Los_Angeles",
      "America/Anchorage",
      "Pacific/Honolulu",
      "other",
    ]);
    // Not without one.
    await user.click(row("Round Rock").getByRole("button", { name: "Enable Round Rock" }));
    expect(zone).toHaveAccessibleDescription(/Choose the shop's time zone\./);
    expect(server.callsTo("POST /locations")).toHaveLength(1);

    await user.selectOptions(zone, "America/Denver");
    await user.click(row("Round Rock").getByRole("button", { name: "Enable Round Rock" }));

    await waitFor(() => expect(address()).toBe(`/settings/locations/${NEW_LOCATION}`));
    expect(server.callsTo("POST /locations").map((c) => c.body)).toEqual([
      { shopMonkeyLocationId: "sm_rr", timeZone: null, phone: null },
      { shopMonkeyLocationId: "sm_rr", timeZone: "America/Denver", phone: null },
    ]);
    expect(await screen.findByRole("heading", { name: "Round Rock", level: 1 })).toBeInTheDocument();
    expect(screen.getByText("Enabled from ShopMonkey. Fill in what is missing below, save, then go live.")).toBeInTheDocument();
  });

  it("takes another time zone by its name", async () => {
    const { user, server, address } = openPage(true);
    await screen.findByRole("list", { name: "ShopMonkey's locations" });

    await user.click(row("Round Rock").getByRole("button", { name: "Enable Round Rock" }));
    await user.selectOptions(await row("Round Rock").findByRole("combobox", { name: "The shop's time zone" }), "Another time zone…");
    await user.type(row("Round Rock").getByRole("textbox", { name: "Time zone name" }), "America/Boise");
    await user.click(row("Round Rock").getByRole("button", { name: "Enable Round Rock" }));

    await waitFor(() => expect(address()).toBe(`/settings/locations/${NEW_LOCATION}`));
    expect(server.callsTo("POST /locations")[1]!.body).toEqual({ shopMonkeyLocationId: "sm_rr", timeZone: "America/Boise", phone: null });
  });

  it("enables one with its own time zone at once", async () => {
    const { user, server, address } = openPage(true);
    await screen.findByRole("list", { name: "ShopMonkey's locations" });

    await user.click(row("Cedar Park").getByRole("button", { name: "Enable Cedar Park" }));

    await waitFor(() => expect(address()).toBe(`/settings/locations/${NEW_LOCATION}`));
    expect(server.callsTo("POST /locations").map((c) => c.body)).toEqual([{ shopMonkeyLocationId: "sm_cp", timeZone: null, phone: null }]);
  });

  it("asks for the phone number ShopMonkey lacks", async () => {
    const { user, server, address } = openPage(true);
    await screen.findByRole("list", { name: "ShopMonkey's locations" });

    await user.click(row("Leander").getByRole("button", { name: "Enable Leander" }));

    const phone = await row("Leander").findByRole("textbox", { name: "The shop's phone number" });
    expect(phone).toHaveAccessibleDescription("ShopMonkey has no phone number for this location that we can read; enter the shop's.");
    await waitFor(() => expect(phone).toHaveFocus());
    expect(row("Leander").queryByRole("combobox", { name: "The shop's time zone" })).not.toBeInTheDocument();
    await user.type(phone, "(512) 555-0190");
    await user.click(row("Leander").getByRole("button", { name: "Enable Leander" }));

    await waitFor(() => expect(address()).toBe(`/settings/locations/${NEW_LOCATION}`));
    expect(server.callsTo("POST /locations")[1]!.body).toEqual({ shopMonkeyLocationId: "sm_le", timeZone: null, phone: "(512) 555-0190" });
  });

  it("shows a refusal in words in the location's row", async () => {
    const { user, server } = openPage(true);
    server.once("POST /locations", () => problem(502, "shopmonkey_unreachable", "ShopMonkey could not be reached; nothing was changed. Try again in a minute."));
    await screen.findByRole("list", { name: "ShopMonkey's locations" });

    await user.click(row("Cedar Park").getByRole("button", { name: "Enable Cedar Park" }));

    expect(await row("Cedar Park").findByRole("alert")).toHaveTextContent("ShopMonkey could not be reached; nothing was changed. Try again in a minute.");
  });
});

describe("who sees ShopMonkey", () => {
  it("is not in a manager's settings, and says whose it is when opened anyway", async () => {
    const { server } = openPage(true, me);
    await ready();

    const nav = within(screen.getByRole("navigation", { name: "Settings" }));
    expect(nav.getByRole("link", { name: "Locations" })).toBeInTheDocument();
    expect(nav.queryByRole("link", { name: "ShopMonkey" })).not.toBeInTheDocument();
    expect(screen.getByText("Only an owner connects ShopMonkey and adds its locations.")).toBeInTheDocument();
    expect(server.callsTo("GET /integrations/shopmonkey")).toHaveLength(0);
  });

  it("is not in the front desk's settings either", async () => {
    const { server } = openPage(true, { ...me, role: "front_desk" });
    await ready();

    const nav = within(screen.getByRole("navigation", { name: "Settings" }));
    expect(nav.queryByRole("link", { name: "ShopMonkey" })).not.toBeInTheDocument();
    expect(nav.queryByRole("link", { name: "Locations" })).not.toBeInTheDocument();
    expect(server.callsTo("GET /integrations/shopmonkey")).toHaveLength(0);
  });
});

describe("ShopMonkey's health", () => {
  it("shows what the daily check found, registers the webhook, and when ShopMonkey refuses shows its words and the steps by hand", async () => {
    const problemText = "ShopMonkey had put the webhook in an error state; it was re-enabled on 2026-12-03.";
    let refuse = false;
    const server = new FakeConsole()
      .on("GET /me", () => json(owner))
      .on("GET /conversations", () => json({ conversations: [], needsStaffCount: 0 }))
      .on("GET /locations", () => json({ locations: [{ ...NORTHSIDE, timeZone: "America/Chicago", bays: 3 }] }))
      .on("GET /integrations/shopmonkey", () => json({ ...connection, health: { ...connection.health, problem: problemText } }))
      .on("GET /integrations/shopmonkey/locations", () => json({ locations: accountLocations }))
      .on("POST /integrations/shopmonkey/webhook", () =>
        json(
          refuse
            ? { registered: false, webhookId: null, url: connection.webhookUrl, triggers: ["OrderInsert"], problem: "ShopMonkey refused the webhook: no permission", manualSteps: ["Open Settings → Webhooks.", "Add our URL."] }
            : { registered: true, webhookId: "wh_1", url: connection.webhookUrl, triggers: ["OrderInsert", "OrderUpdate"], problem: null, manualSteps: null },
        ),
      )
      .on("POST /integrations/shopmonkey/catalog", () => json({ services: 12, bookable: 9, deactivated: 0 }));
    const { user } = renderConsole(server, "/settings/shopmonkey");
    await ready();
    expect(await screen.findByText(problemText)).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Register the webhook" }));
    expect(await screen.findByText(/ShopMonkey has the webhook/)).toBeInTheDocument();
    refuse = true;
    await user.click(screen.getByRole("button", { name: /Register the webhook/ }));
    expect(await screen.findByText("ShopMonkey refused the webhook: no permission")).toBeInTheDocument();
    expect(within(screen.getByRole("list", { name: "Setting up the webhook by hand" })).getAllByRole("listitem")).toHaveLength(2);

    await user.click(screen.getByRole("button", { name: "Import the catalog now" }));
    expect(await screen.findByText("Imported 12 services from ShopMonkey, 9 of them bookable.")).toBeInTheDocument();
    expect(server.callsTo("POST /integrations/shopmonkey/catalog")).toHaveLength(1);
  });
});
