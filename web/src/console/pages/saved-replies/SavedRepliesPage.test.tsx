import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { SavedReply, StaffProfile } from "../../api/types";
import { FakeConsole, json, noContent, problem } from "../../test/fakeConsole";
import { me } from "../../test/fixtures";
import { renderConsole } from "../../test/render";

const hours: SavedReply = { id: "5a7ed000-0000-4000-8000-000000000001", title: "Hours", body: "Hi {{ first_name }}, {{ shop.name }} is open {{ shop.hours }}." };
const ready: SavedReply = { id: "5a7ed000-0000-4000-8000-000000000002", title: "Car is ready", body: "Hi {{ first_name }}, your {{ vehicle }} is ready." };

/**
 * The console for `who`, with a server that keeps the saved replies as the real one does (by title; a
 * change shows in the next list). `path` is where it opens.
 */
function openPage(who: StaffProfile = me, replies: SavedReply[] = [hours], path = "/saved-replies") {
  let stored = [...replies];
  const sorted = () => [...stored].sort((a, b) => a.title.localeCompare(b.title));
  const server = new FakeConsole()
    .on("GET /me", () => json(who))
    .on("GET /conversations", () => json({ conversations: [], needsStaffCount: 0 }))
    .on("GET /saved-replies", () => json({ savedReplies: sorted() }))
    .on("POST /saved-replies", (call) => {
      const reply = { id: crypto.randomUUID(), title: call.body.title, body: call.body.body };
      stored.push(reply);
      return json(reply, 201, { Location: `/api/console/saved-replies/${reply.id}` });
    });
  for (const reply of replies) {
    server.on(`PUT /saved-replies/${reply.id}`, (call) => {
      const changed = { id: reply.id, title: call.body.title, body: call.body.body };
      stored = stored.map((r) => (r.id === reply.id ? changed : r));
      return json(changed);
    });
    server.on(`DELETE /saved-replies/${reply.id}`, () => {
      stored = stored.filter((r) => r.id !== reply.id);
      return noContent();
    });
  }
  return { server, ...renderConsole(server, path) };
}

const list = () => screen.findByRole("list", { name: "Saved replies" });
const addForm = () => within(screen.getByRole("region", { name: "Add a saved reply" }));
const fieldError = (field: HTMLElement) => field.getAttribute("aria-describedby") && document.getElementById(field.getAttribute("aria-describedby")!);

describe("saved replies", () => {
  it("is in the sections for a manager, and lists the shop's replies with the fields they can use", async () => {
    const { user, address } = openPage(me, [hours, ready], "/inbox");

    await user.click(await screen.findByRole("link", { name: "Saved replies" }));

    await waitFor(() => expect(address()).toBe("/saved-replies"));
    expect(await screen.findByRole("heading", { name: "Saved replies", level: 1 })).toBeInTheDocument();
    const items = within(await list()).getAllByRole("listitem");
    expect(items.map((i) => within(i).getByRole("heading").textContent)).toEqual(["Car is ready", "Hours"]);
    expect(items[1]).toHaveTextContent(hours.body);
    expect(within(items[1]!).getByRole("button", { name: "Edit Hours" })).toBeInTheDocument();
    expect(within(items[1]!).getByRole("button", { name: "Delete Hours" })).toBeInTheDocument();
    const fields = within(addForm().getByRole("list", { name: "Insert a field" })).getAllByRole("button");
    expect(fields.map((b) => b.textContent)).toEqual([
      "{{ first_name }}",
      "{{ vehicle }}",
      "{{ service }}",
      "{{ chat_link }}",
      "{{ shop.name }}",
      "{{ shop.phone }}",
      "{{ shop.address }}",
      "{{ shop.hours }}",
    ]);
  });

  it("is in the sections for an owner too", async () => {
    openPage({ ...me, role: "owner" }, [hours], "/inbox");
    expect(await screen.findByRole("link", { name: "Saved replies" })).toBeInTheDocument();
  });

  it("is not in the sections for staff, who only see the replies there", async () => {
    openPage({ ...me, role: "front_desk" }, [hours], "/inbox");
    await screen.findByRole("link", { name: "Appointments" });
    expect(screen.queryByRole("link", { name: "Saved replies" })).not.toBeInTheDocument();
  });

  it("shows staff who open the page the replies, and nothing to change them with", async () => {
    openPage({ ...me, role: "front_desk" });

    expect(within(await list()).getByText(hours.body)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Edit|Delete/ })).not.toBeInTheDocument();
    expect(screen.queryByRole("region", { name: "Add a saved reply" })).not.toBeInTheDocument();
    expect(screen.getByText("Only managers and owners can add or change saved replies.")).toBeInTheDocument();
  });

  it("says when there are none yet", async () => {
    openPage(me, []);
    expect(await screen.findByText("No saved replies yet.")).toBeInTheDocument();
  });

  it("adds a reply, with a field put in where the cursor is, and shows it in the list", async () => {
    const { user, server } = openPage(me, [hours]);
    await list();

    await user.type(addForm().getByRole("textbox", { name: "Title" }), "Car is ready");
    const body = addForm().getByRole<HTMLTextAreaElement>("textbox", { name: "Reply" });
    await user.type(body, "Hi , your car is ready.");
    body.setSelectionRange(3, 3);
    await user.click(addForm().getByRole("button", { name: "Insert {{ first_name }}, the customer's first name" }));
    expect(body).toHaveValue("Hi {{ first_name }}, your car is ready.");
    expect(body).toHaveFocus();
    await user.keyboard("!");
    expect(body).toHaveValue("Hi {{ first_name }}!, your car is ready.");
    await user.keyboard("{Backspace}");
    await user.click(addForm().getByRole("button", { name: "Add saved reply" }));

    await waitFor(() => expect(within(screen.getByRole("list", { name: "Saved replies" })).getAllByRole("listitem")).toHaveLength(2));
    expect(server.callsTo("POST /saved-replies")[0]!.body).toEqual({ title: "Car is ready", body: "Hi {{ first_name }}, your car is ready." });
    expect(within(screen.getByRole("list", { name: "Saved replies" })).getByText("Hi {{ first_name }}, your car is ready.")).toBeInTheDocument();
    expect(addForm().getByRole("textbox", { name: "Title" })).toHaveValue("");
    expect(body).toHaveValue("");
    expect(screen.getByText("Added “Car is ready”.")).toHaveAttribute("role", "status");
  });

  it("asks for a title and a reply before sending anything", async () => {
    const { user, server } = openPage();
    await list();

    await user.click(addForm().getByRole("button", { name: "Add saved reply" }));

    const title = addForm().getByRole("textbox", { name: "Title" });
    expect(title).toHaveAttribute("aria-invalid", "true");
    expect(title).toHaveAccessibleDescription("Give it a title.");
    expect(title).toHaveFocus();
    expect(addForm().getByRole("textbox", { name: "Reply" })).toHaveAccessibleDescription("Write the reply.");
    expect(server.callsTo("POST /saved-replies")).toHaveLength(0);
  });

  it("shows the server's reason for the reply next to it (a Liquid mistake)", async () => {
    const { user, server } = openPage();
    server.once("POST /saved-replies", () =>
      problem(400, "invalid", "One or more validation errors occurred.", {
        errors: { body: ["Liquid syntax error (line 1): Variable '{{' was not properly terminated with regexp: /\\}\\}/"] },
      }),
    );
    await list();

    await user.type(addForm().getByRole("textbox", { name: "Title" }), "Broken");
    await user.type(addForm().getByRole("textbox", { name: "Reply" }), "Hi {{{{ first_name");
    await user.click(addForm().getByRole("button", { name: "Add saved reply" }));

    const body = addForm().getByRole("textbox", { name: "Reply" });
    await waitFor(() => expect(body).toHaveAttribute("aria-invalid", "true"));
    expect(fieldError(body)).toHaveTextContent(/^Liquid syntax error \(line 1\)/);
    expect(body).toHaveFocus();
    expect(body).toHaveValue("Hi {{ first_name");
    expect(addForm().getByRole("textbox", { name: "Title" })).not.toHaveAttribute("aria-invalid");
  });

  it("shows a title the server refuses next to the title, as the framework names the field", async () => {
    const { user, server } = openPage();
    server.once("POST /saved-replies", () => problem(400, "invalid", "One or more validation errors occurred.", { errors: { Title: ["At most 80 characters."] } }));
    await list();

    await user.type(addForm().getByRole("textbox", { name: "Title" }), "Long");
    await user.type(addForm().getByRole("textbox", { name: "Reply" }), "Hello");
    await user.click(addForm().getByRole("button", { name: "Add saved reply" }));

    await waitFor(() => expect(addForm().getByRole("textbox", { name: "Title" })).toHaveAccessibleDescription("At most 80 characters."));
  });

  it("says when another reply has the title", async () => {
    const { user, server } = openPage();
    server.once("POST /saved-replies", () => problem(409, "title_taken", "Another saved reply has this title."));
    await list();

    await user.type(addForm().getByRole("textbox", { name: "Title" }), "Hours");
    await user.type(addForm().getByRole("textbox", { name: "Reply" }), "We open at 8.");
    await user.click(addForm().getByRole("button", { name: "Add saved reply" }));

    const title = addForm().getByRole("textbox", { name: "Title" });
    await waitFor(() => expect(title).toHaveAccessibleDescription("Another saved reply has this title."));
    expect(title).toHaveAttribute("aria-invalid", "true");
    expect(title).toHaveValue("Hours");
  });

  it("says so if the server refuses a non-manager", async () => {
    const { user, server } = openPage();
    server.once("POST /saved-replies", () => problem(403, "forbidden", "Forbidden"));
    await list();

    await user.type(addForm().getByRole("textbox", { name: "Title" }), "Mine");
    await user.type(addForm().getByRole("textbox", { name: "Reply" }), "Hello");
    await user.click(addForm().getByRole("button", { name: "Add saved reply" }));

    expect(await addForm().findByRole("alert")).toHaveTextContent("Only managers and owners can change saved replies.");
  });

  it("changes a reply in place", async () => {
    const { user, server } = openPage(me, [hours, ready]);
    const item = within(await list()).getAllByRole("listitem")[1]!;

    await user.click(within(item).getByRole("button", { name: "Edit Hours" }));

    const form = within(within(item).getByRole("form", { name: "Edit Hours" }));
    expect(form.getByRole("textbox", { name: "Title" })).toHaveFocus();
    const body = form.getByRole("textbox", { name: "Reply" });
    expect(body).toHaveValue(hours.body);
    await user.clear(body);
    await user.type(body, "We're open 8 to 6, {{{{ first_name }}.");
    await user.click(form.getByRole("button", { name: "Save" }));

    await waitFor(() => expect(within(item).getByText("We're open 8 to 6, {{ first_name }}.")).toBeInTheDocument());
    expect(server.callsTo(`PUT /saved-replies/${hours.id}`)[0]!.body).toEqual({ title: "Hours", body: "We're open 8 to 6, {{ first_name }}." });
    expect(within(item).queryByRole("form")).not.toBeInTheDocument();
    expect(within(item).getByRole("button", { name: "Edit Hours" })).toHaveFocus();
    expect(screen.getByText("Saved “Hours”.")).toHaveAttribute("role", "status");
  });

  it("leaves a reply as it was when the change is cancelled", async () => {
    const { user, server } = openPage();
    const item = within(await list()).getByRole("listitem");

    await user.click(within(item).getByRole("button", { name: "Edit Hours" }));
    await user.type(within(item).getByRole("textbox", { name: "Title" }), " (old)");
    await user.click(within(item).getByRole("button", { name: "Cancel" }));

    expect(within(item).getByRole("heading", { name: "Hours" })).toBeInTheDocument();
    expect(within(item).getByRole("button", { name: "Edit Hours" })).toHaveFocus();
    expect(server.callsTo(`PUT /saved-replies/${hours.id}`)).toHaveLength(0);
  });

  it("deletes a reply once the manager confirms", async () => {
    const { user, server } = openPage(me, [hours, ready]);
    const item = () => within(screen.getByRole("list", { name: "Saved replies" })).getAllByRole("listitem").find((i) => i.textContent?.includes("Hours"));
    await list();

    await user.click(within(item()!).getByRole("button", { name: "Delete Hours" }));
    const question = within(item()!).getByRole("alertdialog");
    expect(question).toHaveAccessibleName("Delete “Hours”? Staff can't pick it any more.");
    await user.click(within(question).getByRole("button", { name: "Keep it" }));
    expect(within(item()!).queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(within(item()!).getByRole("button", { name: "Delete Hours" })).toBeInTheDocument();
    expect(server.callsTo(`DELETE /saved-replies/${hours.id}`)).toHaveLength(0);

    await user.click(within(item()!).getByRole("button", { name: "Delete Hours" }));
    await user.click(within(within(item()!).getByRole("alertdialog")).getByRole("button", { name: "Delete" }));

    await waitFor(() => expect(item()).toBeUndefined());
    expect(server.callsTo(`DELETE /saved-replies/${hours.id}`)).toHaveLength(1);
    expect(within(screen.getByRole("list", { name: "Saved replies" })).getAllByRole("listitem")).toHaveLength(1);
    expect(screen.getByText("Deleted “Hours”.")).toHaveAttribute("role", "status");
    expect(screen.getByRole("heading", { name: "Saved replies", level: 1 })).toHaveFocus();
  });
});
