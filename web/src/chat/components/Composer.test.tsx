import { fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { Composer, MAX_MESSAGE_LENGTH } from "./Composer";

function renderComposer(busy = false) {
  const onSend = vi.fn<(text: string) => void>();
  const view = render(<Composer busy={busy} onSend={onSend} />);
  return { onSend, user: userEvent.setup(), box: screen.getByRole("textbox", { name: "Your message" }), ...view };
}

describe("Composer", () => {
  it("tells screen readers how Enter works, and limits the length", () => {
    const { box } = renderComposer();
    expect(box).toHaveAccessibleDescription("Enter sends, Shift+Enter starts a new line.");
    expect(box).toHaveAttribute("maxlength", String(MAX_MESSAGE_LENGTH));
    expect(box).toHaveAttribute("placeholder", "Type a message…");
  });

  it("Enter sends and clears; Shift+Enter adds a line", async () => {
    const { onSend, user, box } = renderComposer();
    await user.type(box, "Two questions:{Shift>}{Enter}{/Shift}price and time");
    expect(onSend).not.toHaveBeenCalled();
    await user.keyboard("{Enter}");
    expect(onSend).toHaveBeenCalledWith("Two questions:\nprice and time");
    expect(box).toHaveValue("");
    expect(box).toHaveFocus();
  });

  it("the Send button sends", async () => {
    const { onSend, user, box } = renderComposer();
    await user.type(box, "Hi");
    await user.click(screen.getByRole("button", { name: "Send" }));
    expect(onSend).toHaveBeenCalledWith("Hi");
  });

  it("does not send blank text", async () => {
    const { onSend, user, box } = renderComposer();
    await user.type(box, "   {Enter}");
    expect(onSend).not.toHaveBeenCalled();
    expect(screen.getByRole("button", { name: "Send" })).toBeDisabled();
  });

  it("does not send while an input method is composing", () => {
    const { onSend, box } = renderComposer();
    fireEvent.change(box, { target: { value: "こんにちは" } });
    fireEvent.keyDown(box, { key: "Enter", isComposing: true });
    expect(onSend).not.toHaveBeenCalled();
    fireEvent.keyDown(box, { key: "Enter" });
    expect(onSend).toHaveBeenCalledWith("こんにちは");
  });

  it("while busy, keeps what is typed and does not send it", async () => {
    const { onSend, user, box, rerender } = renderComposer(true);
    await user.type(box, "Next question{Enter}");
    expect(onSend).not.toHaveBeenCalled();
    expect(box).toHaveValue("Next question");
    expect(screen.getByRole("button", { name: "Sending…" })).toBeDisabled();
    rerender(<Composer busy={false} onSend={onSend} />);
    await user.click(screen.getByRole("button", { name: "Send" }));
    expect(onSend).toHaveBeenCalledWith("Next question");
  });
});
