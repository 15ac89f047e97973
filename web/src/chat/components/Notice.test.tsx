import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Problem } from "../chatReducer";
import { Notice } from "./Notice";

const PHONE = "+12175550142";
const PHONE_DISPLAY = "(217) 555-0142";

function renderNotice(problem: Problem) {
  const onRetry = vi.fn();
  const view = render(<Notice problem={problem} phone={PHONE} phoneDisplay={PHONE_DISPLAY} onRetry={onRetry} />);
  return { onRetry, ...view };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("Notice", () => {
  it("offline: says it is reconnecting, as a status, with no button", () => {
    renderNotice({ kind: "offline" });
    expect(screen.getByRole("status")).toHaveTextContent("Connection lost. Reconnecting… Your message is safe.");
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it.each<[Problem, string, string]>([
    [{ kind: "interrupted" }, "The answer was cut off.", "Try again"],
    [{ kind: "not_sent" }, "Your message wasn't sent.", "Send again"],
    [{ kind: "unanswered" }, "No answer has come through yet.", "Ask again"],
    [{ kind: "failed", message: "Your message is too long." }, "Sorry, that didn't work. Your message is too long.", "Try again"],
  ])("%o: says what happened, offers the shop's number and a way forward", async (problem, text, action) => {
    const { onRetry } = renderNotice(problem);
    const alert = screen.getByRole("alert");
    expect(alert).toHaveTextContent(text);
    expect(alert).toHaveTextContent(`If it keeps happening, call ${PHONE_DISPLAY}.`);
    expect(screen.getByRole("link", { name: PHONE_DISPLAY })).toHaveAttribute("href", `tel:${PHONE}`);
    const button = screen.getByRole("button", { name: action });
    expect(button).toBeEnabled();
    await userEvent.click(button);
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it("rate limited: counts down and keeps the button disabled until the time has passed", async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-11-24T15:00:00Z"));
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    const { onRetry } = renderNotice({ kind: "rate_limited", retryAt: Date.now() + 3000 });

    const button = screen.getByRole("button", { name: "Send again in 3 s" });
    // The alert's words stay the same while the button counts down (a screen reader reads them once).
    expect(screen.getByRole("alert")).toHaveTextContent("You're sending messages quickly. Please wait a moment.");
    expect(screen.getByRole("alert")).not.toContainElement(button);
    expect(button).toBeDisabled();

    act(() => vi.advanceTimersByTime(1000));
    expect(button).toHaveTextContent("Send again in 2 s");
    expect(button).toBeDisabled();

    act(() => vi.advanceTimersByTime(1000));
    expect(button).toHaveTextContent("Send again in 1 s");
    expect(button).toBeDisabled();
    await user.click(button);
    expect(onRetry).not.toHaveBeenCalled();

    act(() => vi.advanceTimersByTime(1000));
    expect(button).toHaveTextContent(/^Send again$/);
    expect(screen.getByRole("alert")).toHaveTextContent("You're sending messages quickly. Please wait a moment.");
    expect(button).toBeEnabled();
    await user.click(button);
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it("rate limited with the time already past: the button is enabled at once", () => {
    renderNotice({ kind: "rate_limited", retryAt: Date.now() - 1 });
    expect(screen.getByRole("alert")).toHaveTextContent("You're sending messages quickly.");
    expect(screen.getByRole("button", { name: "Send again" })).toBeEnabled();
  });

  it("a new rate limit restarts the countdown", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-11-24T15:00:00Z"));
    const { rerender, onRetry } = renderNotice({ kind: "rate_limited", retryAt: Date.now() + 1000 });
    act(() => vi.advanceTimersByTime(1000));
    expect(screen.getByRole("button", { name: "Send again" })).toBeEnabled();
    rerender(<Notice problem={{ kind: "rate_limited", retryAt: Date.now() + 5000 }} phone={PHONE} phoneDisplay={PHONE_DISPLAY} onRetry={onRetry} />);
    expect(screen.getByRole("button", { name: "Send again in 5 s" })).toBeDisabled();
  });
});
