import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { location } from "../test/fixtures";
import { Header } from "./Header";
import { LinkProblem } from "./LinkProblem";

describe("LinkProblem", () => {
  it("names the shop and its number, and takes the focus", () => {
    render(<LinkProblem location={location} />);
    expect(screen.getByRole("heading", { name: "This link has expired" })).toHaveFocus();
    expect(screen.getByText(/For your privacy, chat links stop working after a while\. Please call Northside Tint & Detail at/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "(217) 555-0142" })).toHaveAttribute("href", "tel:+12175550142");
  });

  it("without a shop, says to contact it directly", () => {
    render(<LinkProblem location={null} />);
    expect(screen.getByRole("heading", { name: "This link has expired" })).toBeInTheDocument();
    expect(screen.getByText("This link is no longer valid. Please contact the shop directly.")).toBeInTheDocument();
    expect(screen.queryByRole("link")).not.toBeInTheDocument();
  });
});

describe("Header", () => {
  it("shows the shop, today's hours, a map link in a new tab and a call link", () => {
    render(<Header location={location} />);
    expect(screen.getByRole("heading", { level: 1, name: "Northside Tint & Detail" })).toBeInTheDocument();
    expect(screen.getByText("Open today 8am-6pm")).toBeInTheDocument();
    const map = screen.getByRole("link", { name: /1420 Elm St, Springfield, IL 62704.*opens a map/ });
    expect(map).toHaveAttribute("href", location.mapUrl);
    expect(map).toHaveAttribute("target", "_blank");
    expect(map).toHaveAttribute("rel", "noopener noreferrer");
    expect(screen.getByRole("link", { name: /Call \(217\) 555-0142/ })).toHaveAttribute("href", "tel:+12175550142");
  });
});
