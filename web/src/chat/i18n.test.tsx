import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { App, greeting } from "./App";
import { MessageList } from "./components/MessageList";
import { Notice } from "./components/Notice";
import { dayLabel, longDay, longLabel, timeLabel } from "./format";
import { dictionary, languageOf, wordsFor, WordsProvider } from "./i18n";
import { FakeServer, json, problem } from "./test/fakeServer";
import { appointment, boot, context, detail, emptyHistory, historyMessage, location, reply, slot, slotsView, tint } from "./test/fixtures";
import { sseBytes, streamOf } from "./test/sse";
import type { Appointment, ChatContext } from "./types";

// What the server sends a Spanish lead: the shop's hours already in Spanish.
const spanishLocation = { ...location, weeklyHours: "lun-vie 8am-6pm, sáb 9am-2pm", today: "Abierto hoy 8am-6pm" };
const spanish = (overrides: Partial<ChatContext> = {}) => ({ language: "es", location: spanishLocation, ...overrides });

const week = [slot("2026-11-25T09:00:00"), slot("2026-11-28T09:00:00"), slot("2026-11-28T13:00:00")];
const slotsServer = () => new FakeServer().on("GET /slots", (call) => json(slotsView(call.query.get("serviceId") === detail.id ? detail : tint, week)));

/** Every key path of a dictionary ("speakers.staff"), with the kind of value it holds. */
function shape(value: object, prefix = ""): string[] {
  return Object.entries(value).flatMap(([key, v]) =>
    v && typeof v === "object" && !Array.isArray(v) ? shape(v, `${prefix}${key}.`) : [`${prefix}${key}: ${Array.isArray(v) ? "array" : typeof v}`],
  );
}

afterEach(() => {
  document.documentElement.lang = "";
});

describe("the dictionaries", () => {
  it("have the same keys, holding the same kinds of values, in English and Spanish", () => {
    expect(shape(dictionary.es).sort()).toEqual(shape(dictionary.en).sort());
  });

  it("have no empty words", () => {
    for (const words of Object.values(dictionary))
      for (const [key, value] of Object.entries(words)) if (typeof value === "string") expect(value, key).not.toBe("");
  });

  it("speak Spanish for es (es-MX too) and English for anything else", () => {
    expect(languageOf("es")).toBe("es");
    expect(languageOf("es-MX")).toBe("es");
    expect(languageOf("ES")).toBe("es");
    for (const other of ["en", "fr", "", null, undefined]) expect(languageOf(other)).toBe("en");
    expect(wordsFor("de")).toBe(dictionary.en);
  });
});

describe("Spanish dates and times (the shop's wall clock, written out)", () => {
  it("formats days, times and long labels", () => {
    expect(dayLabel("2026-11-28", "es")).toEqual({ weekday: "sáb", date: "28 nov" });
    expect(longDay("2026-11-25", "es")).toBe("miércoles 25 de noviembre");
    expect(timeLabel("2026-11-28T09:00:00", "es")).toBe("9:00 am");
    expect(timeLabel("2026-11-28T13:30:00", "es")).toBe("1:30 pm");
    expect(timeLabel("2026-11-28T12:00:00", "es")).toBe("12:00 pm");
    expect(timeLabel("2026-11-28T00:15:00", "es")).toBe("12:15 am");
    expect(longLabel("2026-11-28T09:00:00", "es")).toBe("sábado 28 de noviembre a las 9:00 am");
    expect(longLabel("2026-11-28T13:00:00", "es")).toBe("sábado 28 de noviembre a la 1:00 pm");
    expect(longLabel("2027-01-03T10:30:00", "es")).toBe("domingo 3 de enero a las 10:30 am");
  });
});

describe("the page for a Spanish lead", () => {
  it("greets in Spanish and says so to the browser", () => {
    render(<App boot={boot({ context: spanish() })} api={new FakeServer().api()} />);
    expect(document.documentElement.lang).toBe("es");
    expect(document.title).toBe("Chat con la tienda");
    const first = within(screen.getByRole("list", { name: "Conversación" })).getAllByRole("listitem")[0]!;
    expect(first).toHaveTextContent(
      "¡Hola, Sam! Gracias por su consulta sobre Ceramic Window Tint para su 2021 Toyota Camry. Soy el asistente de Northside Tint & Detail: pregúnteme por precios, nuestro horario o una hora para venir, y puedo reservarla aquí mismo.",
    );
    expect(screen.getByText("Abierto hoy 8am-6pm")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: /Llamar al \(217\) 555-0142/ })).toHaveAttribute("href", "tel:+12175550142");
    expect(screen.getByRole("link", { name: /1420 Elm St.*abre un mapa/ })).toBeInTheDocument();
  });

  it("greets without the parts it does not know", () => {
    expect(greeting(context({ language: "es", firstName: " ", vehicle: null, estimate: null }))).toMatch(/^¡Hola! Soy el asistente de Northside Tint & Detail:/);
    expect(greeting(context({ language: "es", estimate: null }))).toMatch(/^¡Hola, Sam! Gracias por escribirnos sobre su 2021 Toyota Camry\. Soy/);
  });

  it("has a Spanish message box, send button and quick replies", async () => {
    const server = new FakeServer().on("POST /stream", () => new Response(streamOf([sseBytes([["done", reply({ response: "Con gusto." })]])]), { status: 200 }));
    render(<App boot={boot({ context: spanish() })} api={server.api()} />);
    const user = userEvent.setup();
    const box = screen.getByRole("textbox", { name: "Su mensaje" });
    expect(box).toHaveAttribute("placeholder", "Escriba su mensaje…");
    expect(box).toHaveAccessibleDescription("Enter envía; Mayús+Enter empieza una línea nueva.");
    expect(screen.getByRole("button", { name: "Enviar" })).toBeDisabled();
    const quick = screen.getByRole("group", { name: "Respuestas rápidas" });
    expect(within(quick).getAllByRole("button").map((b) => b.textContent)).toEqual(["Precios", "Ver horarios disponibles", "Horario", "Hablar con una persona"]);
    // The quick ask goes to the assistant in Spanish, so it answers in Spanish.
    await user.click(within(quick).getByRole("button", { name: "Precios" }));
    expect(await within(screen.getByRole("list", { name: "Conversación" })).findByText("Con gusto.")).toBeInTheDocument();
    expect(server.callsTo("POST /stream").map((c) => c.body.message)).toEqual(["¿Cuáles son sus precios de Ceramic Window Tint?"]);
  });

  it("says what went wrong in Spanish, with the way forward", async () => {
    const server = new FakeServer().on("POST /stream", () => problem(500, null, "Internal Server Error"));
    render(<App boot={boot({ context: spanish() })} api={server.api()} />);
    const user = userEvent.setup();
    await user.type(screen.getByRole("textbox", { name: "Su mensaje" }), "¿Cuánto cuesta?{Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Lo sentimos, no funcionó. Algo falló de nuestro lado. Si vuelve a pasar, llame a la tienda al (217) 555-0142.",
    );
    expect(screen.getByRole("button", { name: "Reintentar" })).toBeEnabled();
  });

  it("books in Spanish: picker, appointment card and cancelling", async () => {
    const booked = appointment({ label: "sáb 28 nov, 9:00 am" });
    let list: Appointment[] = [];
    const server = slotsServer()
      .on("POST /appointments", () => {
        list = [booked];
        return json(booked, 201);
      })
      .on(`POST /appointments/${booked.id}/cancel`, () => {
        list = [{ ...booked, status: "cancelled" }];
        return json(list[0]);
      })
      .on("GET /appointments", () => json(list));
    render(<App boot={boot({ context: spanish() })} api={server.api()} />);
    const user = userEvent.setup();

    await user.click(screen.getByRole("button", { name: "Ver horarios disponibles" }));
    const picker = screen.getByRole("region", { name: "Elija un horario" });
    expect(within(picker).getByRole("combobox", { name: "Servicio" })).toHaveValue(tint.id);
    expect(within(picker).getByText("$349 · aprox. 3 h")).toBeInTheDocument();
    expect(within(picker).getByRole("button", { name: /^Cerrar ?el selector de horarios$/ })).toBeInTheDocument();
    expect(within(picker).getByRole("button", { name: "Seleccione un horario" })).toBeDisabled();
    await within(picker).findByRole("group", { name: "Horarios del miércoles 25 de noviembre" });
    const days = within(within(picker).getByRole("group", { name: "Día" })).getAllByRole("radio");
    expect(days[0]!.closest("label")).toHaveTextContent("mar24 nov, sin horarios libres");
    expect(days[1]!.closest("label")).toHaveTextContent("mié25 nov, 1 horario libre");
    expect(within(picker).getByRole("button", { name: "Días siguientes →" })).toBeEnabled();

    await user.click(within(picker).getByRole("radio", { name: /sáb.*28 nov, 2 horarios libres/ }));
    expect(within(picker).getAllByRole("radio", { name: /^\d+:\d\d [ap]m$/ }).map((r) => r.closest("label")!.textContent)).toEqual(["9:00 am", "1:00 pm"]);
    await user.click(within(picker).getByRole("radio", { name: "9:00 am" }));
    await user.click(within(picker).getByRole("button", { name: "Reservar el sábado 28 de noviembre a las 9:00 am" }));

    const card = await screen.findByRole("region", { name: "Cita reservada" });
    expect(within(card).getByText("Sábado 28 de noviembre a las 9:00 am")).toBeInTheDocument();
    expect(within(card).getByRole("link", { name: "Agregar al calendario" })).toBeInTheDocument();
    expect(within(card).getByRole("button", { name: "Cambiar" })).toBeEnabled();
    await user.click(within(card).getByRole("button", { name: "Cancelar cita" }));
    const confirm = within(card).getByRole("group", { name: "¿Cancelar la cita?" });
    expect(confirm).toHaveTextContent("¿Cancelar su cita del sábado 28 de noviembre a las 9:00 am?");
    expect(within(confirm).getByRole("button", { name: "No, conservarla" })).toBeInTheDocument();
    await user.click(within(confirm).getByRole("button", { name: "Sí, cancelarla" }));

    expect(await screen.findByText("Su cita del sábado 28 de noviembre a las 9:00 am quedó cancelada. Ya le avisamos a la tienda.")).toHaveFocus();
    await user.click(screen.getByRole("button", { name: "Reservar otro horario" }));
    expect(screen.getByRole("region", { name: "Elija un horario" })).toBeInTheDocument();
  });

  it("moves an appointment in Spanish", async () => {
    const booked = appointment();
    render(<App boot={boot({ context: spanish(), appointments: [booked] })} api={slotsServer().api()} />);
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Cambiar" }));
    const picker = screen.getByRole("region", { name: "Elija un nuevo horario" });
    await within(picker).findByRole("group", { name: /^Horarios del / });
    await user.click(within(picker).getByRole("radio", { name: "9:00 am" }));
    expect(within(picker).getByRole("button", { name: "Cambiar al miércoles 25 de noviembre a las 9:00 am" })).toBeEnabled();
  });

  it("shows the expired link in Spanish", async () => {
    const server = new FakeServer().on("GET /slots", () => problem(401, null, "Unauthorized"));
    render(<App boot={boot({ context: spanish() })} api={server.api()} />);
    await userEvent.setup().click(screen.getByRole("button", { name: "Ver horarios disponibles" }));
    expect(await screen.findByRole("heading", { name: "Este enlace ha vencido" })).toBeInTheDocument();
    expect(screen.getByText(/Por su privacidad, los enlaces del chat dejan de funcionar/)).toHaveTextContent(
      "Llame a Northside Tint & Detail al (217) 555-0142 o responda al último mensaje de texto de la tienda.",
    );
  });

  it("names the shop's people, texts and the typing assistant in Spanish", () => {
    const messages = [
      { id: "1", role: "staff" as const, channel: "sms", text: "Hola, soy Dana.", clientMessageId: null, staffName: "Dana" },
      { id: "2", role: "staff" as const, channel: "web", text: "Lo revisamos.", clientMessageId: null },
    ];
    const turn = { clientId: "c", text: "¿Y el sábado?", answer: "", phase: "sending" as const, delivered: false };
    render(
      <WordsProvider language="es">
        <MessageList greeting="¡Hola!" messages={messages} turn={turn} problem={null} shopName="Northside" />
      </WordsProvider>,
    );
    expect(screen.getByText("Dana de Northside")).toBeInTheDocument();
    expect(screen.getByText("Personal · Northside")).toBeInTheDocument();
    expect(screen.getByText("por mensaje de texto")).toBeInTheDocument();
    expect(screen.getByText("Enviando…")).toBeInTheDocument();
    expect(screen.getByRole("img", { name: "El asistente está escribiendo" })).toBeInTheDocument();
  });

  it("tells a quick sender to wait, in Spanish", () => {
    render(
      <WordsProvider language="es">
        <Notice problem={{ kind: "rate_limited", retryAt: Date.now() + 5_000 }} phone="+12175550142" phoneDisplay="(217) 555-0142" onRetry={() => undefined} />
      </WordsProvider>,
    );
    expect(screen.getByRole("alert")).toHaveTextContent("Está enviando mensajes muy seguido. Espere un momento, por favor.");
    expect(screen.getByRole("button", { name: /^Enviar de nuevo en \d s$/ })).toBeDisabled();
  });

  it("shows the staff handoff in Spanish", async () => {
    const history = emptyHistory({ staffTakeover: true, messages: [historyMessage({ role: "customer", content: "Quiero hablar con alguien" })] });
    render(<App boot={boot({ context: spanish(), history })} api={new FakeServer().api()} />);
    expect(screen.getByText("Una persona del equipo de Northside Tint & Detail está leyendo la conversación y le responderá aquí.")).toBeInTheDocument();
  });
});

describe("the page for an English lead", () => {
  it("sets lang to en; an unknown language falls back to English", async () => {
    document.documentElement.lang = "es";
    const { unmount } = render(<App boot={boot()} api={new FakeServer().api()} />);
    expect(document.documentElement.lang).toBe("en");
    unmount();
    render(<App boot={boot({ context: { language: "fr" } })} api={new FakeServer().api()} />);
    await waitFor(() => expect(document.documentElement.lang).toBe("en"));
    expect(screen.getByRole("textbox", { name: "Your message" })).toHaveAttribute("placeholder", "Type a message…");
    expect(screen.getByRole("button", { name: "Book a time" })).toBeInTheDocument();
  });
});
