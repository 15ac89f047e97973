import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useRef, useState } from "react";
import { describe, expect, it } from "vitest";
import { Dialog } from "./Dialog";

/** A page with a button that opens a dialog holding a box and two buttons; `keep` is the one focused first when given. */
function Page({ withInitialFocus = false, description }: { withInitialFocus?: boolean; description?: string }) {
  const [open, setOpen] = useState(false);
  const [closes, setCloses] = useState(0);
  const keep = useRef<HTMLButtonElement>(null);
  const close = () => {
    setOpen(false);
    setCloses((n) => n + 1);
  };
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Open
      </button>
      <output data-testid="closes">{closes}</output>
      {open && (
        <Dialog title="A question" description={description} onClose={close} initialFocus={withInitialFocus ? keep : undefined}>
          <label>
            Note <input />
          </label>
          <div className="actions">
            <button type="button" ref={keep} onClick={close}>
              Keep
            </button>
            <button type="button" onClick={close}>
              Close
            </button>
          </div>
        </Dialog>
      )}
    </>
  );
}

async function openDialog(props: Parameters<typeof Page>[0] = {}) {
  const user = userEvent.setup();
  render(<Page {...props} />);
  const opener = screen.getByRole("button", { name: "Open" });
  await user.click(opener);
  return { user, opener, dialog: screen.getByRole("dialog", { name: "A question" }) };
}

describe("the console's modal dialog", () => {
  it("is a modal dialog named by its title, described by its description, with the focus in it", async () => {
    const { dialog } = await openDialog({ description: "Pick one." });

    expect(dialog).toHaveAttribute("aria-modal", "true");
    expect(dialog).toHaveAccessibleDescription("Pick one.");
    expect(dialog).toHaveClass("dialog", "card");
    expect(dialog.parentElement).toHaveClass("dialog-backdrop");
    expect(dialog).toHaveFocus();
  });

  it("has no description unless given one", async () => {
    const { dialog } = await openDialog();
    expect(dialog).not.toHaveAttribute("aria-describedby");
  });

  it("focuses what it is told to first", async () => {
    const { dialog } = await openDialog({ withInitialFocus: true });
    expect(within(dialog).getByRole("button", { name: "Keep" })).toHaveFocus();
  });

  it("keeps the focus inside: Tab and Shift+Tab go round", async () => {
    const { user, dialog } = await openDialog();
    const note = within(dialog).getByRole("textbox", { name: "Note" });
    const keep = within(dialog).getByRole("button", { name: "Keep" });
    const close = within(dialog).getByRole("button", { name: "Close" });

    await user.tab();
    expect(note).toHaveFocus();
    await user.tab();
    expect(keep).toHaveFocus();
    await user.tab();
    expect(close).toHaveFocus();
    await user.tab();
    expect(note).toHaveFocus();
    await user.tab({ shift: true });
    expect(close).toHaveFocus();
    await user.tab({ shift: true });
    expect(keep).toHaveFocus();
  });

  it("goes from the dialog itself to the last control with Shift+Tab", async () => {
    const { user, dialog } = await openDialog();
    await user.tab({ shift: true });
    expect(within(dialog).getByRole("button", { name: "Close" })).toHaveFocus();
  });

  it("closes on Escape and gives the focus back to what had it", async () => {
    const { user, opener } = await openDialog();
    await user.tab();

    await user.keyboard("{Escape}");

    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(screen.getByTestId("closes")).toHaveTextContent("1");
    expect(opener).toHaveFocus();
  });

  it("gives the focus back when one of its buttons closes it", async () => {
    const { user, opener, dialog } = await openDialog();

    await user.click(within(dialog).getByRole("button", { name: "Close" }));

    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(opener).toHaveFocus();
  });

  it("closes on a press on the dimmed page around it, not on one inside it", async () => {
    const { user, opener, dialog } = await openDialog();

    await user.pointer({ keys: "[MouseLeft]", target: dialog });
    expect(screen.getByRole("dialog")).toBeInTheDocument();

    await user.pointer({ keys: "[MouseLeft]", target: dialog.parentElement! });
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    await waitFor(() => expect(opener).toHaveFocus());
  });

  it("leaves Escape to what inside it handled it", async () => {
    const user = userEvent.setup();
    render(
      <Dialog title="Outer" onClose={() => {}}>
        <input aria-label="Search" onKeyDown={(e) => e.key === "Escape" && e.preventDefault()} />
      </Dialog>,
    );
    await user.click(screen.getByRole("textbox", { name: "Search" }));
    await user.keyboard("{Escape}");
    expect(screen.getByRole("dialog", { name: "Outer" })).toBeInTheDocument();
  });

  it("gives the focus to the fallback when what had it is gone", async () => {
    const user = userEvent.setup();
    function Swap() {
      const [open, setOpen] = useState(false);
      const [round, setRound] = useState(0);
      return (
        <>
          {/* A new button each round, as a block drawn anew. */}
          <button key={round} type="button" onClick={() => setOpen(true)}>
            Open {round}
          </button>
          {open && (
            <Dialog
              title="Swap"
              onClose={() => {
                setOpen(false);
                setRound((r) => r + 1);
              }}
              fallbackFocus={() => screen.queryByRole("button", { name: /^Open/ })}
            >
              <p>Nothing here.</p>
            </Dialog>
          )}
        </>
      );
    }
    render(<Swap />);
    await user.click(screen.getByRole("button", { name: "Open 0" }));

    await user.keyboard("{Escape}");

    await waitFor(() => expect(screen.getByRole("button", { name: "Open 1" })).toHaveFocus());
  });
});
