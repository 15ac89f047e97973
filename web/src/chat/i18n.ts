// The chat page's own words in the lead's language (ChatContextView.language: "en" or "es"). What the
// server sends (shop hours, today's opening, messages) already arrives in that language; this covers
// everything else the page says. Spanish is Latin-American neutral and speaks to the customer as "usted".
import { createContext, createElement, useContext, useLayoutEffect, type ReactNode } from "react";

export type Language = "en" | "es";

/** What the greeting may mention; each part left out when the server does not know it. */
export interface GreetingParts {
  name: string | null;
  estimate: string | null;
  vehicle: string | null;
  shop: string;
}

const en = {
  language: "en" as Language,
  /** The tab's title (index.html has the English one until the script runs). */
  pageTitle: "Chat with the shop",

  greeting: ({ name, estimate, vehicle, shop }: GreetingParts) => {
    const about =
      estimate && vehicle
        ? ` Thanks for asking about ${estimate} for your ${vehicle}.`
        : estimate
          ? ` Thanks for asking about ${estimate}.`
          : vehicle
            ? ` Thanks for reaching out about your ${vehicle}.`
            : "";
    return `Hi ${name || "there"}!${about} I'm the assistant at ${shop}: ask me about prices, our hours or a time to come in, and I can book it right here.`;
  },

  // Header
  opensMap: " (opens a map)",
  call: (phone: string) => `Call ${phone}`,

  // The conversation
  conversation: "Conversation",
  speakers: { customer: "You", assistant: "Assistant", staff: "Staff", system: "Shop" },
  staffFrom: (staff: string, shop: string) => `${staff} from ${shop}`,
  staffOf: (shop: string) => `Staff · ${shop}`,
  byText: "by text",
  notSent: "Not sent",
  sending: "Sending…",
  typing: "The assistant is typing",
  staffReading: (shop: string) => `A member of the ${shop} team is reading along and will answer here.`,

  // Composer
  yourMessage: "Your message",
  placeholder: "Type a message…",
  enterHint: "Enter sends, Shift+Enter starts a new line.",
  send: "Send",

  // Quick replies: the asks are sent as the customer's message, so they are in the customer's language too.
  quickReplies: "Quick replies",
  prices: "Prices",
  bookATime: "Book a time",
  hours: "Hours",
  talkToPerson: "Talk to a person",
  askPrices: (estimate: string | null) => (estimate ? `What are your prices for ${estimate}?` : "What are your prices?"),
  askHours: "What are your opening hours?",
  askPerson: "I'd like to talk to a person, please.",

  // Notices about the last message
  reconnecting: "Connection lost. Reconnecting… Your message is safe.",
  rateLimited: "You're sending messages quickly. Please wait a moment.",
  sendAgainIn: (seconds: number) => `Send again in ${seconds} s`,
  sendAgain: "Send again",
  cutOff: "The answer was cut off.",
  tryAgain: "Try again",
  wasNotSent: "Your message wasn't sent.",
  noAnswerYet: "No answer has come through yet.",
  askAgain: "Ask again",
  didNotWork: (message: string) => `Sorry, that didn't work. ${message}`,
  ourSideFailed: "Something went wrong on our side.",
  /** Around the shop's phone link: "If it keeps happening, call (217) 555-0142." */
  keepsHappening: ["If it keeps happening, call ", "."] as [before: string, after: string],

  // Expired link
  linkExpired: "This link has expired",
  /** Around the shop's phone link. */
  linkExpiredCall: (shop: string): [before: string, after: string] => [
    `For your privacy, chat links stop working after a while. Please call ${shop} at `,
    ", or reply to the shop's last text.",
  ],
  linkInvalid: "This link is no longer valid. Please contact the shop directly.",

  // Slot picker
  booking: "Booking",
  noOnlineBooking: "Online booking isn't available for this shop. Please call to book.",
  close: "Close",
  closePicker: " the time picker",
  pickTime: "Pick a time",
  pickNewTime: "Pick a new time",
  service: "Service",
  priceAndDuration: (price: string, duration: string) => `${price} · about ${duration}`,
  day: "Day",
  freeTimes: (count: number) => (count === 0 ? ", no free times" : `, ${count} free times`),
  earlierDays: "← Earlier days",
  laterDays: "Later days →",
  lookingUp: "Looking up free times…",
  loadFailed: "We couldn't load the free times. Check your connection and try again.",
  noFreeTimes: "No free times these days. Try later days, or call the shop.",
  timesOn: (day: string) => `Times on ${day}`,
  slotTaken: "Sorry, someone just took that time. Please pick another.",
  connectionLost: "Connection lost. Check your connection and try again.",
  pleaseTryAgain: "That didn't work. Please try again.",
  bookingNow: "Booking…",
  bookAt: (when: string) => `Book ${when}`,
  moveTo: (when: string) => `Move to ${when}`,
  chooseTime: "Choose a time",

  // Appointment
  yourAppointment: "Your appointment",
  booked: "You're booked",
  addToCalendar: "Add to calendar",
  reschedule: "Reschedule",
  cancel: "Cancel",
  cancelQuestion: "Cancel the appointment?",
  cancelYourAppointment: (when: string) => `Cancel your appointment on ${when}?`,
  cancelling: "Cancelling…",
  yesCancel: "Yes, cancel it",
  keepIt: "Keep it",
  cancelFailed: "We couldn't cancel it just now. Please try again, or call the shop.",
  cancelledTitle: "Appointment cancelled",
  cancelledNote: (when: string) => `Your appointment on ${when} is cancelled. We've let the shop know.`,
  bookAnother: "Book another time",
};

/** The page's words: every language has every key (TypeScript holds Spanish to English's shape). */
export type Words = typeof en;

const es: Words = {
  language: "es",
  pageTitle: "Chat con la tienda",

  greeting: ({ name, estimate, vehicle, shop }) => {
    const about =
      estimate && vehicle
        ? ` Gracias por su consulta sobre ${estimate} para su ${vehicle}.`
        : estimate
          ? ` Gracias por su consulta sobre ${estimate}.`
          : vehicle
            ? ` Gracias por escribirnos sobre su ${vehicle}.`
            : "";
    return `¡Hola${name ? `, ${name}` : ""}!${about} Soy el asistente de ${shop}: pregúnteme por precios, nuestro horario o una hora para venir, y puedo reservarla aquí mismo.`;
  },

  opensMap: " (abre un mapa)",
  call: (phone) => `Llamar al ${phone}`,

  conversation: "Conversación",
  speakers: { customer: "Usted", assistant: "Asistente", staff: "Personal", system: "Tienda" },
  staffFrom: (staff, shop) => `${staff} de ${shop}`,
  staffOf: (shop) => `Personal · ${shop}`,
  byText: "por mensaje de texto",
  notSent: "No enviado",
  sending: "Enviando…",
  typing: "El asistente está escribiendo",
  staffReading: (shop) => `Una persona del equipo de ${shop} está leyendo la conversación y le responderá aquí.`,

  yourMessage: "Su mensaje",
  placeholder: "Escriba su mensaje…",
  enterHint: "Enter envía; Mayús+Enter empieza una línea nueva.",
  send: "Enviar",

  quickReplies: "Respuestas rápidas",
  prices: "Precios",
  bookATime: "Ver horarios disponibles",
  hours: "Horario",
  talkToPerson: "Hablar con una persona",
  askPrices: (estimate) => (estimate ? `¿Cuáles son sus precios de ${estimate}?` : "¿Cuáles son sus precios?"),
  askHours: "¿Cuál es su horario de atención?",
  askPerson: "Quisiera hablar con una persona, por favor.",

  reconnecting: "Se perdió la conexión. Reconectando… Su mensaje está a salvo.",
  rateLimited: "Está enviando mensajes muy seguido. Espere un momento, por favor.",
  sendAgainIn: (seconds) => `Enviar de nuevo en ${seconds} s`,
  sendAgain: "Enviar de nuevo",
  cutOff: "La respuesta se interrumpió.",
  tryAgain: "Reintentar",
  wasNotSent: "Su mensaje no se envió.",
  noAnswerYet: "Todavía no ha llegado una respuesta.",
  askAgain: "Preguntar de nuevo",
  didNotWork: (message) => `Lo sentimos, no funcionó. ${message}`,
  ourSideFailed: "Algo falló de nuestro lado.",
  keepsHappening: ["Si vuelve a pasar, llame a la tienda al ", "."],

  linkExpired: "Este enlace ha vencido",
  linkExpiredCall: (shop) => [
    `Por su privacidad, los enlaces del chat dejan de funcionar después de un tiempo. Llame a ${shop} al `,
    " o responda al último mensaje de texto de la tienda.",
  ],
  linkInvalid: "Este enlace ya no es válido. Comuníquese directamente con la tienda.",

  booking: "Reservas",
  noOnlineBooking: "Esta tienda no ofrece reservas en línea. Llame para reservar, por favor.",
  close: "Cerrar",
  closePicker: " el selector de horarios",
  pickTime: "Elija un horario",
  pickNewTime: "Elija un nuevo horario",
  service: "Servicio",
  priceAndDuration: (price, duration) => `${price} · aprox. ${duration}`,
  day: "Día",
  freeTimes: (count) => (count === 0 ? ", sin horarios libres" : count === 1 ? ", 1 horario libre" : `, ${count} horarios libres`),
  earlierDays: "← Días anteriores",
  laterDays: "Días siguientes →",
  lookingUp: "Buscando horarios libres…",
  loadFailed: "No pudimos cargar los horarios libres. Revise su conexión e intente de nuevo.",
  noFreeTimes: "No hay horarios libres en estos días. Pruebe con los días siguientes o llame a la tienda.",
  timesOn: (day) => `Horarios del ${day}`,
  slotTaken: "Lo sentimos, alguien acaba de tomar ese horario. Elija otro, por favor.",
  connectionLost: "Se perdió la conexión. Revise su conexión e intente de nuevo.",
  pleaseTryAgain: "No funcionó. Intente de nuevo, por favor.",
  bookingNow: "Reservando…",
  bookAt: (when) => `Reservar el ${when}`,
  moveTo: (when) => `Cambiar al ${when}`,
  chooseTime: "Seleccione un horario",

  yourAppointment: "Su cita",
  booked: "Cita reservada",
  addToCalendar: "Agregar al calendario",
  reschedule: "Cambiar",
  cancel: "Cancelar cita",
  cancelQuestion: "¿Cancelar la cita?",
  cancelYourAppointment: (when) => `¿Cancelar su cita del ${when}?`,
  cancelling: "Cancelando…",
  yesCancel: "Sí, cancelarla",
  keepIt: "No, conservarla",
  cancelFailed: "No pudimos cancelarla en este momento. Intente de nuevo o llame a la tienda.",
  cancelledTitle: "Cita cancelada",
  cancelledNote: (when) => `Su cita del ${when} quedó cancelada. Ya le avisamos a la tienda.`,
  bookAnother: "Reservar otro horario",
};

export const dictionary: Record<Language, Words> = { en, es };

/** "es" for Spanish ("es", "es-MX"); English for anything else, a missing language included. */
export function languageOf(language: string | null | undefined): Language {
  return language?.trim().toLowerCase().split("-")[0] === "es" ? "es" : "en";
}

export const wordsFor = (language: string | null | undefined): Words => dictionary[languageOf(language)];

/** The <html lang> and the tab's title: screen readers pick their voice from lang, so it must match the words. */
export function applyLanguage(language: string | null | undefined) {
  const words = wordsFor(language);
  document.documentElement.lang = words.language;
  document.title = words.pageTitle;
}

// English without a provider: components rendered on their own (their tests, the broken-link page) speak it.
const WordsContext = createContext<Words>(en);

/** The page's words in the lead's language; also sets <html lang> to it. */
export function WordsProvider({ language, children }: { language: string | null | undefined; children?: ReactNode }) {
  const words = wordsFor(language);
  // Before paint, so no frame shows the words under the wrong lang (main.tsx sets it even earlier).
  useLayoutEffect(() => applyLanguage(words.language), [words.language]);
  return createElement(WordsContext.Provider, { value: words }, children);
}

export const useWords = () => useContext(WordsContext);
