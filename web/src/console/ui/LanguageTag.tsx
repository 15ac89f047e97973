/**
 * That the customer reads Spanish, as a small tag beside their name, so the front desk sees it at a glance.
 * English, the default, shows nothing. The word itself is Spanish and marked so, for screen readers.
 */
export function LanguageTag({ language }: { language: string }) {
  if (language !== "es") return null;
  return (
    <span className="tag tag-lang" lang="es">
      Español
    </span>
  );
}

/**
 * The `lang` of what the customer, the assistant and staff wrote to them, so screen readers say Spanish as
 * Spanish; undefined in English, the console's own language (the console's words around it stay English).
 */
export const customerLang = (language: string): "es" | undefined => (language === "es" ? "es" : undefined);
