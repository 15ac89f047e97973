import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { QueryClientProvider } from "@tanstack/react-query";
import { createMemoryRouter, Route, RouterProvider, Routes, useLocation } from "react-router";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createConsoleApi } from "../../api/client";
import type { StaffProfile } from "../../api/types";
import { createQueryClient } from "../../queryClient";
import { ApiProvider, RequireSession } from "../../session";
import { FakeConsole, json, problem, type Call } from "../../test/fakeConsole";
import { me } from "../../test/fixtures";
import { renderConsole } from "../../test/render";
import { CadencePage, PREVIEW_DELAY_MS } from "./CadencePage";
import type { CadenceStep, CadenceTemplate } from "./queries";

const DAY = 24 * 60;
const hi = 'Hi {{ first_name | default: "there" }}';
const hola = 'Hola {{ first_name | default: "" }}';

/**
 * The default cadence, as the server creates it (DefaultCadence.cs): 13 steps over 30 days, each with its
 * Spanish version (the texts without á, í, ó and ú, which would make them UCS-2).
 */
const defaultCadence: CadenceTemplate = {
  id: "cade0000-0000-4000-8000-000000000001",
  name: "Default follow-up",
  steps: (
    [
      [
        0,
        "sms",
        null,
        `${hi}, it's {{ shop.name }}. Thanks for asking about {{ service | default: "window tint" }}! See prices and pick a time here: {{ chat_link }} Reply STOP to opt out.`,
        null,
        `${hola}, le saluda {{ shop.name }}. Gracias por preguntar por {{ service | default: "polarizado" }}. Vea precios y elija una hora aqui: {{ chat_link }}`,
      ],
      [
        0,
        "email",
        'Your {{ service | default: "estimate" }} quote from {{ shop.name }}',
        `${hi},\n\nThanks for reaching out to {{ shop.name }}.\n\n{{ chat_link }}\n\nThe {{ shop.name }} team`,
        'Su cotización de {{ service | default: "polarizado" }} de {{ shop.name }}',
        `${hola},\n\nGracias por escribir a {{ shop.name }}.\n\n{{ chat_link }}\n\nEl equipo de {{ shop.name }}`,
      ],
      [1, "sms", null, `${hi}, any questions about your {{ service | default: "quote" }}? Chat with us: {{ chat_link }}`, null, `${hola}, ¿tiene preguntas sobre su cotizacion? Escribanos: {{ chat_link }}`],
      [
        2,
        "email",
        'What to expect from your {{ service | default: "tint" }} appointment',
        `${hi},\n\nHere is how a visit to {{ shop.name }} works.`,
        "Qué esperar de su cita",
        `${hola},\n\nAsí funciona una visita a {{ shop.name }}.`,
      ],
      [3, "sms", null, `${hi}. Ceramic film blocks up to 99% of UV. Ready to book? {{ chat_link }}`, null, `${hola}. La pelicula ceramica bloquea hasta el 99% de los rayos UV. ¿Reservamos? {{ chat_link }}`],
      [5, "email", "Carbon, ceramic or IR: which film is right for you?", `${hi},\n\nNot sure which film to choose?`, "Carbón, cerámica o IR: ¿qué película le conviene?", `${hola},\n\n¿No sabe qué película elegir?`],
      [7, "sms", null, `${hi}, still thinking it over? {{ chat_link }}`, null, `${hola}, ¿lo sigue pensando? {{ chat_link }}`],
      [10, "email", 'Questions about your {{ vehicle | default: "vehicle" }}?', `${hi},\n\nWe still have your request on file.`, "¿Preguntas sobre su vehículo?", `${hola},\n\nTodavía tenemos su solicitud.`],
      [14, "sms", null, "{{ shop.name }}: we still have your estimate on file. Want us to hold a spot for you? {{ chat_link }}", null, "{{ shop.name }}: todavia tenemos su cotizacion. ¿Le guardamos un espacio? {{ chat_link }}"],
      [17, "email", "Protect more than your windows", `${hi},\n\nBesides window tint, {{ shop.name }} installs clear paint protection film.`, "Proteja más que sus ventanas", `${hola},\n\nAdemás del polarizado, {{ shop.name }} instala película protectora.`],
      [21, "sms", null, `${hi}, openings for next week are filling up at {{ shop.name }}. Grab a time here: {{ chat_link }}`, null, `${hola}, los horarios de la semana que viene se llenan en {{ shop.name }}. Reserve aqui: {{ chat_link }}`],
      [25, "email", 'Still interested, {{ first_name | default: "there" }}?', `${hi},\n\nThis is one of our last notes.`, "¿Sigue interesado?", `${hola},\n\nEsta es una de nuestras últimas notas.`],
      [30, "sms", null, "Last note from {{ shop.name }}: your quote stays good if you change your mind. Book anytime at {{ chat_link }}.", null, "Ultimo mensaje de {{ shop.name }}: su cotizacion sigue en pie. Reserve cuando quiera en {{ chat_link }}."],
    ] as const
  ).map(
    ([day, channel, subject, body, spanishSubject, spanishBody], i): CadenceStep => ({ step: i + 1, offsetMinutes: day * DAY, channel, subject, body, spanishSubject, spanishBody }),
  ),
};

// The preview as the server renders it (MessageTemplates, SmsText): the fields filled in for a sample
// customer, a text cleaned of curly quotes and dashes, then measured in GSM-7 or UCS-2.
const sample: Record<string, string> = {
  first_name: "Alex",
  vehicle: "2022 Tesla Model 3",
  service: "Ceramic Window Tint - Full Sedan",
  chat_link: "https://northside.example/c/sample-link",
  "shop.name": "Northside Tint",
  "shop.phone": "(512) 555-0142",
  "shop.address": "1234 N Lamar Blvd, Austin, TX 78701",
  "shop.hours": "Mon-Fri 8am-6pm",
};
// What a Spanish preview fills in differently (the shop's hours in Spanish).
const spanishSample: Record<string, string> = { ...sample, "shop.hours": "lun-vie 8am-6pm" };
const gsm = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const gsmExtension = "^{}\\[~]|€\f";

function fill(template: string, values = sample) {
  return template.replace(/\{%[^%]*%\}/g, "").replace(/\{\{\s*([\w.]+)[^}]*\}\}/g, (_, name: string) => values[name] ?? "");
}

function renderPreview({ body }: Call) {
  const { channel, subject, body: template, language } = body as { channel: "sms" | "email"; subject: string | null; body: string; language?: string };
  const spanish = language === "es";
  const values = spanish ? spanishSample : sample;
  const broken = (t: string) => (t.match(/\{\{/g) ?? []).length !== (t.match(/\}\}/g) ?? []).length;
  if (broken(template)) return problem(400, "invalid", "One or more validation errors occurred.", { errors: { body: ["Not a valid Liquid template: '}}' was expected at (1:20)"] } });
  if (channel === "email") {
    const text = fill(template, values).trim();
    const footer = spanish ? "--\nNorthside Tint · Darse de baja" : "--\nNorthside Tint";
    return json({ customer: "Alex Rivera", subject: fill(subject ?? "", values), text: `${text}\n\n${footer}`, html: `<p>${text}</p>`, encoding: null, units: null, segments: null, ucs2Characters: [] });
  }
  const text = fill(template, values).trim().replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/[–—]/g, "-").replace(/…/g, "...");
  const elements = [...new Intl.Segmenter().segment(text)].map((s) => s.segment);
  const ucs2Characters = [...new Set(elements.filter((e) => [...e].some((c) => !gsm.includes(c) && !gsmExtension.includes(c))))];
  const units = ucs2Characters.length ? text.length : [...text].reduce((n, c) => n + (gsmExtension.includes(c) ? 2 : 1), 0);
  const segments = ucs2Characters.length ? (units <= 70 ? 1 : Math.ceil(units / 67)) : units <= 160 ? 1 : Math.ceil(units / 153);
  return json({ customer: "Alex Rivera", subject: null, text, html: null, encoding: ucs2Characters.length ? "UCS-2" : "GSM-7", units, segments, ucs2Characters });
}

function AddressBar() {
  const location = useLocation();
  return <output data-testid="address">{location.pathname + location.search}</output>;
}

/**
 * A server that keeps the cadence as the real one does: a PUT changes what it names (null or left out keeps the
 * rest) and answers the whole cadence. The `englishOnly` steps start without a Spanish version.
 */
function cadenceServer(who: StaffProfile = me, { englishOnly = [] }: { englishOnly?: number[] } = {}) {
  let stored: CadenceTemplate = structuredClone(defaultCadence);
  stored.steps = stored.steps.map((s) => (englishOnly.includes(s.step) ? { ...s, spanishSubject: null, spanishBody: null } : s));
  const server = new FakeConsole()
    .on("GET /me", () => json(who))
    .on("GET /cadence", () => json(stored))
    .on("POST /cadence/preview", renderPreview);
  for (const step of stored.steps) {
    server.on(`PUT /cadence/steps/${step.step}`, ({ body }) => {
      stored = {
        ...stored,
        steps: stored.steps.map((s) =>
          s.step === step.step
            ? {
                ...s,
                body: body.body ?? s.body,
                subject: body.subject ?? s.subject,
                offsetMinutes: body.offsetMinutes ?? s.offsetMinutes,
                // An empty Spanish body removes the Spanish version, its subject with it.
                spanishBody: body.spanishBody === "" ? null : (body.spanishBody ?? s.spanishBody),
                spanishSubject: body.spanishBody === "" ? null : (body.spanishSubject ?? s.spanishSubject),
              }
            : s,
        ),
      };
      return json(stored);
    });
  }
  return server;
}

/** The cadence page for `who` at `path` (the lead puts it at /cadence), on its own, with cadenceServer. */
function openPage(who: StaffProfile = me, path = "/cadence", options: { fakeTimers?: boolean; englishOnly?: number[] } = {}) {
  const server = cadenceServer(who, options);
  const user = userEvent.setup(options.fakeTimers ? { advanceTimers: vi.advanceTimersByTime } : {});
  // A data router, as the console's (the page holds a navigation away while it has unsaved changes).
  const router = createMemoryRouter(
    [
      {
        path: "*",
        element: (
          <QueryClientProvider client={createQueryClient()}>
            <ApiProvider api={createConsoleApi(server.fetch)}>
              <RequireSession>
                <Routes>
                  <Route path="/cadence" element={<CadencePage />} />
                </Routes>
              </RequireSession>
            </ApiProvider>
            <AddressBar />
          </QueryClientProvider>
        ),
      },
    ],
    { initialEntries: [path] },
  );
  const view = render(<RouterProvider router={router} />);
  const address = () => view.getByTestId("address").textContent;
  return { server, user, address, ...view };
}

const steps = async () => within(await screen.findByRole("list", { name: "Steps" })).getAllByRole("listitem");
const previews = (server: FakeConsole) => server.callsTo("POST /cadence/preview");
const fieldError = (field: HTMLElement) =>
  (field.getAttribute("aria-describedby") ?? "")
    .split(" ")
    .map((id) => document.getElementById(id))
    .find((e) => e?.classList.contains("field-error"));

afterEach(() => {
  vi.useRealTimers();
});

describe("the cadence", () => {
  it("lists the 13 steps in order with their day, channel, timing in words and first line", async () => {
    openPage();

    const items = await steps();
    expect(items).toHaveLength(13);
    expect(screen.getByRole("heading", { name: "Follow-up cadence", level: 1 })).toBeInTheDocument();
    expect(screen.getByText("Default follow-up · 13 steps over 30 days")).toBeInTheDocument();
    expect(items[0]).toHaveTextContent("Day 0 · Text");
    expect(items[0]).toHaveTextContent("Step 1");
    expect(items[0]).toHaveTextContent("at once");
    expect(items[0]).toHaveTextContent(`${hi}, it's {{ shop.name }}.`);
    expect(items[1]).toHaveTextContent("Day 0 · Email");
    expect(items[1]).toHaveTextContent("at once");
    // An email's line is its subject.
    expect(items[1]).toHaveTextContent('Your {{ service | default: "estimate" }} quote from {{ shop.name }}');
    expect(items[2]).toHaveTextContent("Day 1 · Text");
    expect(items[2]).toHaveTextContent("day 1, same time");
    expect(items[4]).toHaveTextContent("Day 3 · Text");
    expect(items[4]).toHaveTextContent("day 3, same time");
    expect(items[12]).toHaveTextContent("Day 30 · Text");
    expect(items.map((i) => within(i).getByRole("link").getAttribute("href"))).toEqual(defaultCadence.steps.map((s) => `/cadence?step=${s.step}`));
    expect(screen.getByText(/Pick a step to change its wording or timing\./)).toBeInTheDocument();
  });

  it("shows staff the steps and their wording read only, and never asks for a preview", async () => {
    const { user, server } = openPage({ ...me, role: "front_desk" });

    expect(await screen.findByText(/Managers can change the wording and timing\./)).toBeInTheDocument();
    await user.click(within((await steps())[1]!).getByRole("link"));

    const step = await screen.findByRole("article", { name: "Step 2 · Day 0 · Email" });
    expect(within(step).getByText(defaultCadence.steps[1]!.subject!)).toBeInTheDocument();
    expect(within(step).getByText(/Thanks for reaching out to \{\{ shop\.name \}\}\./)).toBeInTheDocument();
    expect(within(step).getByText("Goes out as soon as the lead comes in.")).toBeInTheDocument();
    expect(screen.queryByRole("textbox")).not.toBeInTheDocument();
    expect(screen.queryByRole("spinbutton")).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Save|Discard|Insert field/ })).not.toBeInTheDocument();
    expect(previews(server)).toHaveLength(0);
    expect(server.calls.filter((c) => c.method !== "GET")).toHaveLength(0);
  });

  it("opens a step in its editor with its timing, wording and a preview of the text as sent", async () => {
    const { user, server, address } = openPage();

    await user.click(within((await steps())[2]!).getByRole("link"));

    expect(address()).toBe("/cadence?step=3");
    const form = within(screen.getByRole("form", { name: "Step 3 · Day 1 · Text" }));
    expect(form.getByRole("heading", { name: "Step 3 · Day 1 · Text" })).toHaveFocus();
    expect(within((await steps())[2]!).getByRole("link")).toHaveAttribute("aria-current", "true");
    expect(form.getByRole("spinbutton", { name: "Days" })).toHaveValue(1);
    expect(form.getByRole("spinbutton", { name: "Hours" })).toHaveValue(0);
    expect(form.getByRole("spinbutton", { name: "Minutes" })).toHaveValue(0);
    expect(form.getByText("Goes out on day 1, at the time of day the lead came in.")).toBeInTheDocument();
    expect(form.getByText("It can go out from at once (step 2) to day 2, same time (step 4).")).toBeInTheDocument();
    expect(form.queryByRole("textbox", { name: "Subject" })).not.toBeInTheDocument();
    expect(form.getByRole("textbox", { name: "Text message" })).toHaveValue(defaultCadence.steps[2]!.body);
    expect(form.getByRole("button", { name: "Save" })).toBeDisabled();
    expect(form.getByRole("button", { name: "Discard changes" })).toBeDisabled();

    expect(await form.findByText("Hi Alex, any questions about your Ceramic Window Tint - Full Sedan? Chat with us: https://northside.example/c/sample-link")).toBeInTheDocument();
    expect(form.getByText("As Alex Rivera would get it:")).toBeInTheDocument();
    expect(form.getByText("121 characters · 1 segment (GSM-7)")).toBeInTheDocument();
    expect(form.getByText(/replaced with plain ones when a text is sent/)).toBeInTheDocument();
    expect(previews(server)).toHaveLength(1);
    expect(previews(server)[0]!.body).toEqual({ channel: "sms", subject: null, body: defaultCadence.steps[2]!.body });
  });

  it("previews the wording 300 ms after the last keystroke, with its size", async () => {
    vi.useFakeTimers();
    const { user, server } = openPage(me, "/cadence?step=3", { fakeTimers: true });
    const body = await screen.findByRole("textbox", { name: "Text message" });
    expect(await screen.findByText("121 characters · 1 segment (GSM-7)")).toBeInTheDocument();
    expect(previews(server)).toHaveLength(1);

    await user.clear(body);
    await user.type(body, "Hi {{{{ first_name }}, your tint is booked. ".repeat(6));

    act(() => vi.advanceTimersByTime(PREVIEW_DELAY_MS - 1));
    expect(previews(server)).toHaveLength(1);
    act(() => vi.advanceTimersByTime(1));
    await waitFor(() => expect(previews(server)).toHaveLength(2));
    expect(previews(server)[1]!.body).toEqual({ channel: "sms", subject: null, body: "Hi {{ first_name }}, your tint is booked. ".repeat(6) });
    // 6 × 30 characters, trimmed: over 160, so two GSM-7 segments.
    expect(await screen.findByText("179 characters · 2 segments (GSM-7)")).toBeInTheDocument();
    expect(screen.getByText(/^Hi Alex, your tint is booked\. Hi Alex/)).toBeInTheDocument();
    expect(screen.getByText("Unsaved changes", { selector: ".cadence-form *" })).toBeInTheDocument();
    expect(within((await steps())[2]!).getByText("Unsaved changes")).toBeInTheDocument();
  });

  it("names the emoji that makes a text UCS-2", async () => {
    const { user } = openPage(me, "/cadence?step=13");
    const body = await screen.findByRole("textbox", { name: "Text message" });
    await screen.findByText(/characters · 1 segment \(GSM-7\)/);

    await user.type(body, " See you soon ");
    await user.paste("🚗");

    expect(await screen.findByText("“🚗” makes this a UCS-2 text: 70 characters per segment instead of 160.")).toBeInTheDocument();
    // 150 UTF-16 units (the emoji is two): three 67-unit parts.
    expect(screen.getByText("150 characters · 3 segments (UCS-2)")).toBeInTheDocument();
    // An emoji has no plain twin: nothing to replace it with in one click.
    expect(screen.queryByRole("button", { name: "Replace curly quotes and dashes" })).not.toBeInTheDocument();
  });

  it("offers to replace typographic characters that sending does not clean up", async () => {
    const { user, server } = openPage(me, "/cadence?step=9");
    const body = await screen.findByRole("textbox", { name: "Text message" });
    await screen.findByText(/segment \(GSM-7\)/);

    await user.clear(body);
    await user.paste("„Hold a spot“ ‒ {{ chat_link }}");

    expect(await screen.findByText("“„” and “‒” make this a UCS-2 text: 70 characters per segment instead of 160.")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Replace curly quotes and dashes" }));

    expect(body).toHaveValue('"Hold a spot" - {{ chat_link }}');
    await waitFor(() => expect(previews(server).at(-1)!.body.body).toBe('"Hold a spot" - {{ chat_link }}'));
    expect(await screen.findByText(/segment \(GSM-7\)/)).toBeInTheDocument();
    expect(screen.queryByText(/makes? this a UCS-2 text/)).not.toBeInTheDocument();
  });

  it("shows a template that does not parse under the wording as it is typed", async () => {
    const { user } = openPage(me, "/cadence?step=3");
    const body = await screen.findByRole("textbox", { name: "Text message" });

    await user.clear(body);
    await user.type(body, "Hi {{{{ first_name");

    await waitFor(() => expect(body).toHaveAttribute("aria-invalid", "true"));
    expect(fieldError(body)).toHaveTextContent("Not a valid Liquid template: '}}' was expected at (1:20)");
    expect(screen.getByText("The preview shows again once the wording is fixed.")).toBeInTheDocument();

    await user.type(body, " }}");
    await waitFor(() => expect(body).not.toHaveAttribute("aria-invalid"));
    expect(await screen.findByText("Hi Alex")).toBeInTheDocument();
  });

  it("saves the changed wording only, and says so", async () => {
    const { user, server } = openPage(me, "/cadence?step=3");
    const body = await screen.findByRole("textbox", { name: "Text message" });

    await user.clear(body);
    await user.type(body, "Hi {{{{ first_name }}, questions? {{{{ chat_link }}");
    await user.click(screen.getByRole("button", { name: "Save" }));

    await waitFor(() => expect(server.callsTo("PUT /cadence/steps/3")).toHaveLength(1));
    expect(server.callsTo("PUT /cadence/steps/3")[0]!.body).toEqual({ body: "Hi {{ first_name }}, questions? {{ chat_link }}", subject: null, offsetMinutes: null });
    expect(await screen.findByText("Saved step 3 (Day 1 · Text). Touches not sent yet use the new wording.")).toHaveAttribute("role", "status");
    expect(screen.queryByText("Unsaved changes")).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Save" })).toBeDisabled();
    expect(screen.getByRole("heading", { name: "Step 3 · Day 1 · Text" })).toHaveFocus();
    expect(within((await steps())[2]!).getByText("Hi {{ first_name }}, questions? {{ chat_link }}")).toBeInTheDocument();
    expect(body).toHaveValue("Hi {{ first_name }}, questions? {{ chat_link }}");
  });

  it("saves an email's subject and a new timing", async () => {
    const { user, server } = openPage(me, "/cadence?step=6");
    const form = within(await screen.findByRole("form", { name: "Step 6 · Day 5 · Email" }));
    const subject = form.getByRole("textbox", { name: "Subject" });
    expect(subject).toHaveValue("Carbon, ceramic or IR: which film is right for you?");
    expect(await form.findByText("Carbon, ceramic or IR: which film is right for you?", { selector: ".cadence-email-subject" })).toBeInTheDocument();

    await user.clear(subject);
    await user.type(subject, "Which film for your {{{{ vehicle }}?");
    const days = form.getByRole("spinbutton", { name: "Days" });
    await user.clear(days);
    await user.type(days, "4");
    const hours = form.getByRole("spinbutton", { name: "Hours" });
    await user.clear(hours);
    await user.type(hours, "2");
    expect(form.getByText("Goes out on day 4, 2 hours later in the day than the lead came in.")).toBeInTheDocument();
    expect(await form.findByText("Which film for your 2022 Tesla Model 3?", { selector: ".cadence-email-subject" })).toBeInTheDocument();
    await user.click(form.getByRole("button", { name: "Save" }));

    await waitFor(() => expect(server.callsTo("PUT /cadence/steps/6")).toHaveLength(1));
    expect(server.callsTo("PUT /cadence/steps/6")[0]!.body).toEqual({ body: null, subject: "Which film for your {{ vehicle }}?", offsetMinutes: 4 * DAY + 120 });
    expect(
      await screen.findByText("Saved step 6 (Day 4 · Email). Touches not sent yet use the new wording. The new timing applies to leads that come in from now on."),
    ).toBeInTheDocument();
    expect(within((await steps())[5]!).getByText("day 4, 2 hours later")).toBeInTheDocument();
  });

  it("shows the server's reason under the wording when it refuses the save", async () => {
    const { user, server } = openPage(me, "/cadence?step=3");
    server.once("PUT /cadence/steps/3", () =>
      problem(400, "invalid", "One or more validation errors occurred.", { errors: { body: ["too_long: the text would be 12 SMS segments; at most 10"] } }),
    );
    const body = await screen.findByRole("textbox", { name: "Text message" });

    await user.type(body, " More words.");
    await user.click(screen.getByRole("button", { name: "Save" }));

    await waitFor(() => expect(body).toHaveAttribute("aria-invalid", "true"));
    expect(body).toHaveAccessibleDescription(/^The text would be 12 SMS segments; at most 10/);
    expect(body).toHaveFocus();
    expect(screen.getByText("Unsaved changes", { selector: ".cadence-form *" })).toBeInTheDocument();
    expect(screen.queryByText(/^Saved step/)).not.toBeInTheDocument();

    // Changing the wording takes the refusal away until the next save.
    await user.type(body, "!");
    expect(body).not.toHaveAttribute("aria-invalid");
  });

  it("keeps the steps in order: a timing past the next step is refused before anything is sent", async () => {
    const { user, server } = openPage(me, "/cadence?step=5");
    const form = within(await screen.findByRole("form", { name: "Step 5 · Day 3 · Text" }));
    const days = form.getByRole("spinbutton", { name: "Days" });

    await user.clear(days);
    await user.type(days, "9");

    expect(days).toHaveAttribute("aria-invalid", "true");
    expect(fieldError(days)).toHaveTextContent("Too late: step 6 goes out day 5, same time, and the steps stay in order.");
    expect(days).toHaveAccessibleDescription(/It can go out from day 2, same time \(step 4\) to day 5, same time \(step 6\)\./);
    await user.click(form.getByRole("button", { name: "Save" }));
    expect(days).toHaveFocus();
    expect(server.callsTo("PUT /cadence/steps/5")).toHaveLength(0);

    await user.clear(days);
    await user.type(days, "1");
    expect(fieldError(days)).toHaveTextContent("Too early: step 4 goes out day 2, same time, and the steps stay in order.");
  });

  it("shows the server's offset conflict (a neighbour moved meanwhile) in words, and asks for the cadence again", async () => {
    const { user, server } = openPage(me, "/cadence?step=5");
    server.once("PUT /cadence/steps/5", () =>
      problem(400, "invalid", "One or more validation errors occurred.", {
        errors: { offsetMinutes: [`Between ${2 * DAY} and ${4 * DAY} (the neighbouring steps' offsets).`] },
      }),
    );
    const form = within(await screen.findByRole("form", { name: "Step 5 · Day 3 · Text" }));
    const days = form.getByRole("spinbutton", { name: "Days" });
    const loads = server.callsTo("GET /cadence").length;

    await user.clear(days);
    await user.type(days, "4");
    const hours = form.getByRole("spinbutton", { name: "Hours" });
    await user.clear(hours);
    await user.type(hours, "6");
    await user.click(form.getByRole("button", { name: "Save" }));

    await waitFor(() => expect(days).toHaveAttribute("aria-invalid", "true"));
    expect(server.callsTo("PUT /cadence/steps/5")[0]!.body).toEqual({ body: null, subject: null, offsetMinutes: 4 * DAY + 360 });
    expect(fieldError(days)).toHaveTextContent("It must go out between day 2, same time and day 4, same time, so the steps stay in order.");
    expect(days).toHaveFocus();
    await waitFor(() => expect(server.callsTo("GET /cadence").length).toBeGreaterThan(loads));
  });

  it("says so when the server refuses a non-manager", async () => {
    const { user, server } = openPage(me, "/cadence?step=3");
    server.once("PUT /cadence/steps/3", () => problem(403, "forbidden", "Forbidden"));
    const body = await screen.findByRole("textbox", { name: "Text message" });

    await user.type(body, "!");
    await user.click(screen.getByRole("button", { name: "Save" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("Only managers and owners can change the cadence.");
  });

  it("says when the preview isn't there for another reason, and leaves the fields alone", async () => {
    const { server } = openPage(me, "/cadence?step=3");
    server.once("POST /cadence/preview", () => problem(403, "forbidden", "Forbidden"));

    expect(await screen.findByText("The preview isn't available right now: Only managers and owners can change the cadence.")).toBeInTheDocument();
    expect(screen.getByRole("textbox", { name: "Text message" })).not.toHaveAttribute("aria-invalid");
  });

  it("asks for wording and an email subject before saving", async () => {
    const { user, server } = openPage(me, "/cadence?step=2");
    const subject = await screen.findByRole("textbox", { name: "Subject" });
    const body = screen.getByRole("textbox", { name: "Email" });

    await user.clear(subject);
    await user.clear(body);
    await user.click(screen.getByRole("button", { name: "Save" }));

    expect(subject).toHaveAccessibleDescription("Give the email a subject.");
    expect(subject).toHaveFocus();
    expect(fieldError(body)).toHaveTextContent("Write the message.");
    expect(await screen.findByText("Write the message to see the preview.")).toBeInTheDocument();
    expect(server.callsTo("PUT /cadence/steps/2")).toHaveLength(0);
  });

  it("discards the changes", async () => {
    const { user, server } = openPage(me, "/cadence?step=3");
    const body = await screen.findByRole("textbox", { name: "Text message" });

    await user.type(body, " Changed.");
    expect(screen.getByText("Unsaved changes", { selector: ".cadence-form *" })).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Discard changes" }));

    expect(body).toHaveValue(defaultCadence.steps[2]!.body);
    expect(screen.queryByText("Unsaved changes")).not.toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Step 3 · Day 1 · Text" })).toHaveFocus();
    expect(server.callsTo("PUT /cadence/steps/3")).toHaveLength(0);
  });

  it("puts a field in where the cursor is, from the Insert field menu", async () => {
    const { user } = openPage(me, "/cadence?step=3");
    const body = await screen.findByRole<HTMLTextAreaElement>("textbox", { name: "Text message" });

    await user.clear(body);
    await user.type(body, "Hi , see you.");
    body.setSelectionRange(3, 3);
    const toggle = screen.getByRole("button", { name: "Insert field" });
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    await user.click(toggle);
    expect(toggle).toHaveAttribute("aria-expanded", "true");
    const fields = within(screen.getByRole("list", { name: "Fields" })).getAllByRole("button");
    expect(fields.map((b) => b.querySelector("code")!.textContent)).toEqual([
      "{{ first_name }}",
      "{{ vehicle }}",
      "{{ service }}",
      "{{ chat_link }}",
      "{{ shop.name }}",
      "{{ shop.phone }}",
      "{{ shop.address }}",
      "{{ shop.hours }}",
    ]);
    await user.click(screen.getByRole("button", { name: "Insert {{ first_name }}, the customer's first name" }));

    expect(body).toHaveValue("Hi {{ first_name }}, see you.");
    expect(body).toHaveFocus();
    expect(body.selectionStart).toBe(3 + "{{ first_name }}".length);
    expect(screen.queryByRole("list", { name: "Fields" })).not.toBeInTheDocument();

    await user.click(toggle);
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("list", { name: "Fields" })).not.toBeInTheDocument();
    expect(toggle).toHaveFocus();
  });

  it("keeps unsaved changes while moving between steps, and goes back to the list on a phone", async () => {
    const { user, address } = openPage(me, "/cadence?step=3");
    const body = await screen.findByRole("textbox", { name: "Text message" });
    await user.type(body, " Changed.");

    await user.click(screen.getByRole("link", { name: /All steps/ }));

    expect(address()).toBe("/cadence");
    expect(screen.queryByRole("form")).not.toBeInTheDocument();
    const third = within((await steps())[2]!).getByRole("link");
    expect(third).toHaveFocus();
    expect(third).toHaveTextContent("Unsaved changes");

    await user.click(third);
    expect(await screen.findByRole("textbox", { name: "Text message" })).toHaveValue(`${defaultCadence.steps[2]!.body} Changed.`);
  });

  it("renders what is typed as text, never as markup", async () => {
    const { user } = openPage(me, "/cadence?step=4");
    const body = await screen.findByRole("textbox", { name: "Email" });

    await user.clear(body);
    await user.paste("<img src=x onerror=alert(1)><b>Bold</b>");

    expect(await screen.findByText(/<img src=x onerror=alert\(1\)><b>Bold<\/b>/, { selector: ".cadence-email-text" })).toBeInTheDocument();
    expect(document.querySelector(".cadence-editor img, .cadence-editor b, .cadence-editor iframe")).toBeNull();
  });
});

describe("the Spanish version", () => {
  const noSpanish = "No Spanish version: Spanish-speaking customers get the English text.";
  const languages = () => within(screen.getByRole("group", { name: "Language" }));
  const spanishThird = defaultCadence.steps[2]!.spanishBody!;

  it("marks in the list which steps have a Spanish version and which are English only", async () => {
    openPage(me, "/cadence", { englishOnly: [3] });

    const items = await steps();
    expect(within(items[0]!).getByText("ES")).toBeInTheDocument();
    expect(within(items[0]!).getByRole("link")).toHaveAccessibleName(/with a Spanish version/);
    expect(within(items[2]!).getByText("English only")).toBeInTheDocument();
    expect(within(items[2]!).queryByText("ES")).not.toBeInTheDocument();
    expect(screen.getAllByText("English only")).toHaveLength(1);
  });

  it("shows staff the Spanish wording too, or that there is none", async () => {
    const { user } = openPage({ ...me, role: "front_desk" }, "/cadence?step=6", { englishOnly: [3] });

    const email = await screen.findByRole("article", { name: "Step 6 · Day 5 · Email" });
    expect(within(email).getByText("Carbón, cerámica o IR: ¿qué película le conviene?")).toHaveAttribute("lang", "es");
    await user.click(within((await steps())[2]!).getByRole("link"));
    expect(within(await screen.findByRole("article", { name: "Step 3 · Day 1 · Text" })).getByText(noSpanish)).toBeInTheDocument();
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
  });

  it("edits the Spanish text on the Español tab, previews it in Spanish and saves only the Spanish", async () => {
    const { user, server } = openPage(me, "/cadence?step=3");
    const english = await screen.findByRole("textbox", { name: "Text message" });
    await screen.findByText(/^Hi Alex, any questions/);
    expect(languages().getByRole("button", { name: "English" })).toHaveAttribute("aria-pressed", "true");

    await user.click(languages().getByRole("button", { name: "Español" }));

    expect(languages().getByRole("button", { name: "Español" })).toHaveAttribute("aria-pressed", "true");
    expect(english).not.toBeInTheDocument();
    // The English preview never stands in for the Spanish one.
    expect(screen.queryByText(/^Hi Alex, any questions/)).not.toBeInTheDocument();
    const body = screen.getByRole("textbox", { name: "Text message in Spanish" });
    expect(body).toHaveValue(spanishThird);
    expect(body).toHaveAttribute("lang", "es");
    // The timing is the English tab's: here it is only said.
    expect(screen.getByText("Goes out on day 1, at the time of day the lead came in.")).toBeInTheDocument();
    expect(screen.queryByRole("spinbutton")).not.toBeInTheDocument();
    expect(await screen.findByText("Hola Alex, ¿tiene preguntas sobre su cotizacion? Escribanos: https://northside.example/c/sample-link")).toBeInTheDocument();
    expect(screen.getByText("100 characters · 1 segment (GSM-7)")).toBeInTheDocument();
    expect(previews(server).at(-1)!.body).toEqual({ channel: "sms", subject: null, body: spanishThird, language: "es" });

    await user.clear(body);
    await user.type(body, "Hola {{{{ first_name }}, ¿le ayudamos? {{{{ chat_link }}");
    await waitFor(() =>
      expect(previews(server).at(-1)!.body).toEqual({ channel: "sms", subject: null, body: "Hola {{ first_name }}, ¿le ayudamos? {{ chat_link }}", language: "es" }),
    );
    expect(screen.getByText("Unsaved Spanish changes")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Save" }));

    await waitFor(() => expect(server.callsTo("PUT /cadence/steps/3")).toHaveLength(1));
    expect(server.callsTo("PUT /cadence/steps/3")[0]!.body).toEqual({ spanishBody: "Hola {{ first_name }}, ¿le ayudamos? {{ chat_link }}" });
    expect(
      await screen.findByText("Saved the Spanish version of step 3 (Day 1 · Text). Touches not sent yet to Spanish-speaking customers use the new wording."),
    ).toHaveAttribute("role", "status");
    expect(screen.queryByText(/Unsaved/)).not.toBeInTheDocument();
    expect(body).toHaveValue("Hola {{ first_name }}, ¿le ayudamos? {{ chat_link }}");

    await user.click(languages().getByRole("button", { name: "English" }));
    expect(screen.getByRole("textbox", { name: "Text message" })).toHaveValue(defaultCadence.steps[2]!.body);
    expect(await screen.findByText(/^Hi Alex, any questions/)).toBeInTheDocument();
    expect(previews(server).filter((c) => !("language" in c.body))).toHaveLength(1);
  });

  it("edits an email's Spanish subject, with the Spanish footer in the preview", async () => {
    const { user, server } = openPage(me, "/cadence?step=6");
    await screen.findByRole("textbox", { name: "Subject" });

    await user.click(screen.getByRole("button", { name: "Español" }));

    const subject = screen.getByRole("textbox", { name: "Subject in Spanish" });
    expect(subject).toHaveValue("Carbón, cerámica o IR: ¿qué película le conviene?");
    expect(screen.getByRole("textbox", { name: "Email in Spanish" })).toHaveValue(defaultCadence.steps[5]!.spanishBody);
    expect(await screen.findByText(/Darse de baja/, { selector: ".cadence-email-text" })).toBeInTheDocument();

    await user.clear(subject);
    await user.type(subject, "¿Qué película para su {{{{ vehicle }}?");
    expect(await screen.findByText("¿Qué película para su 2022 Tesla Model 3?", { selector: ".cadence-email-subject" })).toBeInTheDocument();
    expect(previews(server).at(-1)!.body).toMatchObject({ channel: "email", subject: "¿Qué película para su {{ vehicle }}?", language: "es" });
    await user.click(screen.getByRole("button", { name: "Save" }));

    await waitFor(() => expect(server.callsTo("PUT /cadence/steps/6")).toHaveLength(1));
    expect(server.callsTo("PUT /cadence/steps/6")[0]!.body).toEqual({ spanishSubject: "¿Qué película para su {{ vehicle }}?" });
    expect(await screen.findByText(/^Saved the Spanish version of step 6/)).toBeInTheDocument();
  });

  it("says when a step has no Spanish version, and writes one from an empty editor", async () => {
    const { user, server } = openPage(me, "/cadence?step=3", { englishOnly: [3] });
    await screen.findByRole("textbox", { name: "Text message" });
    await screen.findByText(/^Hi Alex, any questions/);
    const asked = previews(server).length;

    await user.click(screen.getByRole("button", { name: "Español" }));

    expect(screen.getByText(noSpanish)).toBeInTheDocument();
    expect(screen.queryByRole("textbox")).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /^(Save|Discard changes|Remove the Spanish version)$/ })).not.toBeInTheDocument();
    expect(previews(server)).toHaveLength(asked);

    // Begun and dropped: back to the note, nothing sent.
    await user.click(screen.getByRole("button", { name: "Write a Spanish version" }));
    await user.click(screen.getByRole("button", { name: "Discard changes" }));
    expect(screen.getByText(noSpanish)).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Write a Spanish version" }));
    const body = screen.getByRole("textbox", { name: "Text message in Spanish" });
    expect(body).toHaveValue("");
    expect(body).toHaveFocus();
    expect(screen.getByText("Write the message to see the preview.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Save" })).toBeDisabled();
    expect(screen.queryByText(/Unsaved/)).not.toBeInTheDocument();

    await user.type(body, "Hola {{{{ first_name }}, ¿preguntas? {{{{ chat_link }}");
    expect(await screen.findByText("Hola Alex, ¿preguntas? https://northside.example/c/sample-link")).toBeInTheDocument();
    expect(previews(server).at(-1)!.body).toEqual({ channel: "sms", subject: null, body: "Hola {{ first_name }}, ¿preguntas? {{ chat_link }}", language: "es" });
    await user.click(screen.getByRole("button", { name: "Save" }));

    await waitFor(() => expect(server.callsTo("PUT /cadence/steps/3")).toHaveLength(1));
    expect(server.callsTo("PUT /cadence/steps/3")[0]!.body).toEqual({ spanishBody: "Hola {{ first_name }}, ¿preguntas? {{ chat_link }}" });
    expect(await screen.findByText(/^Saved the Spanish version of step 3/)).toBeInTheDocument();
    expect(within((await steps())[2]!).getByText("ES")).toBeInTheDocument();
    expect(screen.queryByText("English only")).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Remove the Spanish version" })).toBeInTheDocument();
  });

  it("removes the Spanish version after asking, so the step falls back to English", async () => {
    const { user, server } = openPage(me, "/cadence?step=3");
    await screen.findByRole("textbox", { name: "Text message" });
    await user.click(screen.getByRole("button", { name: "Español" }));

    await user.click(screen.getByRole("button", { name: "Remove the Spanish version" }));
    const dialog = await screen.findByRole("alertdialog", { name: "Remove the Spanish version of step 3?" });
    expect(dialog).toHaveAccessibleDescription("Spanish-speaking customers get the English text instead.");
    const keep = within(dialog).getByRole("button", { name: "Keep it" });
    expect(keep).toHaveFocus();
    await user.click(keep);
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(server.callsTo("PUT /cadence/steps/3")).toHaveLength(0);
    expect(screen.getByRole("textbox", { name: "Text message in Spanish" })).toHaveValue(spanishThird);

    await user.click(screen.getByRole("button", { name: "Remove the Spanish version" }));
    await user.click(within(await screen.findByRole("alertdialog")).getByRole("button", { name: "Remove" }));

    await waitFor(() => expect(server.callsTo("PUT /cadence/steps/3")).toHaveLength(1));
    expect(server.callsTo("PUT /cadence/steps/3")[0]!.body).toEqual({ spanishBody: "" });
    expect(await screen.findByText("Removed the Spanish version of step 3 (Day 1 · Text). Spanish-speaking customers get the English text.")).toHaveAttribute(
      "role",
      "status",
    );
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(screen.getByText(noSpanish)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Write a Spanish version" })).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole("heading", { name: "Step 3 · Day 1 · Text" })).toHaveFocus());
    expect(within((await steps())[2]!).getByText("English only")).toBeInTheDocument();
  });

  it("shows the server's reason under the Spanish text when it refuses the save", async () => {
    const { user, server } = openPage(me, "/cadence?step=3");
    server.once("PUT /cadence/steps/3", () =>
      problem(400, "invalid", "One or more validation errors occurred.", { errors: { spanishBody: ["too_long: the text would be 12 SMS segments; at most 10"] } }),
    );
    await screen.findByRole("textbox", { name: "Text message" });
    await user.click(screen.getByRole("button", { name: "Español" }));
    const body = screen.getByRole("textbox", { name: "Text message in Spanish" });

    await user.type(body, " Mas palabras.");
    await user.click(screen.getByRole("button", { name: "Save" }));

    await waitFor(() => expect(body).toHaveAttribute("aria-invalid", "true"));
    expect(fieldError(body)).toHaveTextContent("The text would be 12 SMS segments; at most 10");
    expect(body).toHaveFocus();
    expect(screen.getByText("Unsaved Spanish changes")).toBeInTheDocument();
    expect(screen.queryByText(/^Saved/)).not.toBeInTheDocument();

    // It is the Spanish text's refusal: the English one is fine, and the refusal waits on its own tab.
    await user.click(screen.getByRole("button", { name: "English" }));
    expect(screen.getByRole("textbox", { name: "Text message" })).not.toHaveAttribute("aria-invalid");
    await user.click(screen.getByRole("button", { name: "Español" }));
    const again = screen.getByRole("textbox", { name: "Text message in Spanish" });
    expect(again).toHaveAccessibleDescription(/^The text would be 12 SMS segments; at most 10/);

    await user.type(again, "!");
    expect(again).not.toHaveAttribute("aria-invalid");
  });

  it("shows a refused Spanish subject under the Spanish subject, and asks for one before saving", async () => {
    const { user, server } = openPage(me, "/cadence?step=6");
    server.once("PUT /cadence/steps/6", () =>
      problem(400, "invalid", "One or more validation errors occurred.", { errors: { spanishSubject: ["too_long: at most 300 characters"] } }),
    );
    await screen.findByRole("textbox", { name: "Subject" });
    await user.click(screen.getByRole("button", { name: "Español" }));
    const subject = screen.getByRole("textbox", { name: "Subject in Spanish" });

    await user.clear(subject);
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(subject).toHaveAccessibleDescription("Give the email a subject.");
    expect(subject).toHaveFocus();
    expect(server.callsTo("PUT /cadence/steps/6")).toHaveLength(0);

    await user.type(subject, "Otra");
    await user.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(subject).toHaveAccessibleDescription("At most 300 characters"));
    expect(fieldError(screen.getByRole("textbox", { name: "Email in Spanish" }))).toBeUndefined();
  });

  it("keeps each language's unsaved changes apart: saving one leaves the other to save", async () => {
    const { user, server } = openPage(me, "/cadence?step=3");
    await user.type(await screen.findByRole("textbox", { name: "Text message" }), " Changed.");
    await user.click(screen.getByRole("button", { name: "Español" }));
    await user.type(screen.getByRole("textbox", { name: "Text message in Spanish" }), " Cambiado.");
    expect(screen.getByText("Unsaved changes in English and Spanish")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Save" }));

    await waitFor(() => expect(server.callsTo("PUT /cadence/steps/3")).toHaveLength(1));
    expect(server.callsTo("PUT /cadence/steps/3")[0]!.body).toEqual({ spanishBody: `${spanishThird} Cambiado.` });
    expect(await screen.findByText(/^Saved the Spanish version of step 3/)).toBeInTheDocument();
    expect(screen.getByText("Unsaved changes", { selector: ".cadence-form *" })).toBeInTheDocument();
    expect(within((await steps())[2]!).getByText("Unsaved changes")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "English" }));
    expect(screen.getByRole("textbox", { name: "Text message" })).toHaveValue(`${defaultCadence.steps[2]!.body} Changed.`);
    await user.click(screen.getByRole("button", { name: "Save" }));

    await waitFor(() => expect(server.callsTo("PUT /cadence/steps/3")).toHaveLength(2));
    expect(server.callsTo("PUT /cadence/steps/3")[1]!.body).toEqual({ body: `${defaultCadence.steps[2]!.body} Changed.`, subject: null, offsetMinutes: null });
    expect(await screen.findByText(/^Saved step 3/)).toBeInTheDocument();
    expect(screen.queryByText(/Unsaved/)).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Español" }));
    expect(screen.getByRole("textbox", { name: "Text message in Spanish" })).toHaveValue(`${spanishThird} Cambiado.`);
  });
});

describe("leaving the cadence with unsaved changes", () => {
  /** The whole console at `path`, its sections' links and all, with the cadence and an empty saved replies page. */
  function openConsole(path = "/cadence?step=3") {
    const server = cadenceServer(me)
      .on("GET /conversations", () => json({ conversations: [], needsStaffCount: 0 }))
      .on("GET /saved-replies", () => json({ savedReplies: [] }));
    return { server, ...renderConsole(server, path) };
  }
  const section = (name: string) => within(screen.getByRole("navigation", { name: "Sections" })).getByRole("link", { name });
  const leaving = () => screen.queryByRole("alertdialog", { name: "Leave without saving?" });
  const edited = `${defaultCadence.steps[2]!.body} Changed.`;

  beforeAll(() => import("../saved-replies/SavedRepliesPage"));

  it("asks before going to another section, and Keep editing (the default) or Escape stays with the text as it was", async () => {
    const { user, address } = openConsole();
    const body = await screen.findByRole("textbox", { name: "Text message" });
    await user.type(body, " Changed.");

    await user.click(section("Saved replies"));

    const dialog = await screen.findByRole("alertdialog", { name: "Leave without saving?" });
    expect(dialog).toHaveAttribute("aria-modal", "true");
    expect(dialog).toHaveAccessibleDescription("Your changes to step 3 will be lost.");
    const keep = within(dialog).getByRole("button", { name: "Keep editing" });
    expect(keep).toHaveFocus();
    expect(within(dialog).getByRole("button", { name: "Leave" })).toBeInTheDocument();
    expect(address()).toBe("/cadence?step=3");

    await user.click(keep);
    expect(leaving()).not.toBeInTheDocument();
    expect(address()).toBe("/cadence?step=3");
    expect(screen.getByRole("textbox", { name: "Text message" })).toHaveValue(edited);
    expect(screen.getByText("Unsaved changes", { selector: ".cadence-form *" })).toBeInTheDocument();

    await user.click(section("Leads"));
    expect(await screen.findByRole("alertdialog", { name: "Leave without saving?" })).toBeInTheDocument();
    await user.keyboard("{Escape}");
    expect(leaving()).not.toBeInTheDocument();
    expect(address()).toBe("/cadence?step=3");
    expect(screen.getByRole("textbox", { name: "Text message" })).toHaveValue(edited);
  });

  it("names every step with unsaved changes", async () => {
    const { user } = openConsole();
    await user.type(await screen.findByRole("textbox", { name: "Text message" }), " Changed.");
    await user.click(within((await steps())[4]!).getByRole("link"));
    await user.type(await screen.findByRole("textbox", { name: "Text message" }), "!");

    await user.click(section("Saved replies"));

    expect(await screen.findByRole("alertdialog", { name: "Leave without saving?" })).toHaveAccessibleDescription("Your changes to steps 3 and 5 will be lost.");
  });

  it("goes on with Leave, the changes dropped", async () => {
    const { user, address, server } = openConsole();
    await user.type(await screen.findByRole("textbox", { name: "Text message" }), " Changed.");

    await user.click(section("Saved replies"));
    await user.click(await screen.findByRole("button", { name: "Leave" }));

    await waitFor(() => expect(address()).toBe("/saved-replies"));
    expect(await screen.findByRole("heading", { name: "Saved replies", level: 1 })).toBeInTheDocument();
    expect(leaving()).not.toBeInTheDocument();
    expect(server.callsTo("PUT /cadence/steps/3")).toHaveLength(0);
  });

  it("does not ask when nothing changed", async () => {
    const { user, address } = openConsole();
    await screen.findByRole("textbox", { name: "Text message" });

    await user.click(section("Saved replies"));

    await waitFor(() => expect(address()).toBe("/saved-replies"));
    expect(leaving()).not.toBeInTheDocument();
  });

  it("does not ask once the changes are saved", async () => {
    const { user, address } = openConsole();
    await user.type(await screen.findByRole("textbox", { name: "Text message" }), " Changed.");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText(/^Saved step 3/)).toBeInTheDocument();

    await user.click(section("Saved replies"));

    await waitFor(() => expect(address()).toBe("/saved-replies"));
    expect(leaving()).not.toBeInTheDocument();
  });

  it("does not ask once the changes are discarded", async () => {
    const { user, address } = openConsole();
    await user.type(await screen.findByRole("textbox", { name: "Text message" }), " Changed.");
    await user.click(screen.getByRole("button", { name: "Discard changes" }));

    await user.click(section("Saved replies"));

    await waitFor(() => expect(address()).toBe("/saved-replies"));
    expect(leaving()).not.toBeInTheDocument();
  });

  it("has the browser ask before closing or reloading the tab, only while there are unsaved changes", async () => {
    const { user } = openPage(me, "/cadence?step=3");
    const body = await screen.findByRole("textbox", { name: "Text message" });
    const unload = () => {
      const event = new Event("beforeunload", { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    };
    expect(unload()).toBe(false);

    await user.type(body, " Changed.");
    expect(unload()).toBe(true);

    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText(/^Saved step 3/)).toBeInTheDocument();
    expect(unload()).toBe(false);
  });
});
