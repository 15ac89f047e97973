/**
 * The fields a template can use — a cadence step's wording or a saved reply — as the server fills them in
 * (MessageTemplates.Render; SavedReplies.cs uses the same). The unsubscribe link is left out: every email
 * gets it in its footer, and texts say "Reply STOP".
 */
export const templateFields = [
  { field: "{{ first_name }}", what: "the customer's first name" },
  { field: "{{ vehicle }}", what: "their vehicle" },
  { field: "{{ service }}", what: "the service they asked about" },
  { field: "{{ chat_link }}", what: "the link to their chat page" },
  { field: "{{ shop.name }}", what: "the shop's name" },
  { field: "{{ shop.phone }}", what: "the shop's phone number" },
  { field: "{{ shop.address }}", what: "the shop's address" },
  { field: "{{ shop.hours }}", what: "the shop's opening hours" },
] as const;
