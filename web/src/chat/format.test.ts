// @vitest-environment node
import { afterEach, describe, expect, it, vi } from "vitest";
import { addDays, dayLabel, dayOf, duration, longDay, longLabel, timeLabel } from "./format";

describe("format (the shop's wall clock, as given)", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("formats times like a US shop's clock", () => {
    expect(timeLabel("2026-11-28T09:00:00")).toBe("9:00 AM");
    expect(timeLabel("2026-11-28T13:30:00")).toBe("1:30 PM");
    expect(timeLabel("2026-11-28T12:00:00")).toBe("12:00 PM");
    expect(timeLabel("2026-11-28T00:15:00")).toBe("12:15 AM");
  });

  it("formats days and long labels", () => {
    expect(dayLabel("2026-11-28")).toEqual({ weekday: "Sat", date: "Nov 28" });
    expect(longDay("2026-11-28")).toBe("Saturday, November 28");
    expect(longLabel("2026-11-28T09:00:00")).toBe("Saturday, November 28 at 9:00 AM");
    expect(dayOf("2026-11-28T23:45:00")).toBe("2026-11-28");
  });

  it.each(["UTC", "America/Los_Angeles", "Asia/Tokyo", "Pacific/Kiritimati"])("does not move with the phone's time zone (%s)", (tz) => {
    vi.stubEnv("TZ", tz);
    expect(longLabel("2026-11-28T23:30:00")).toBe("Saturday, November 28 at 11:30 PM");
    expect(longLabel("2026-03-08T02:30:00")).toBe("Sunday, March 8 at 2:30 AM");
    expect(addDays("2026-03-07", 1)).toBe("2026-03-08");
    expect(addDays("2026-11-01", -1)).toBe("2026-10-31");
  });

  it("moves dates by whole days across months and years", () => {
    expect(addDays("2026-11-24", 6)).toBe("2026-11-30");
    expect(addDays("2026-11-24", 7)).toBe("2026-12-01");
    expect(addDays("2026-12-29", 7)).toBe("2027-01-05");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
  });

  it("says how long a service takes", () => {
    expect(duration(45)).toBe("45 min");
    expect(duration(60)).toBe("1 h");
    expect(duration(180)).toBe("3 h");
    expect(duration(90)).toBe("1 h 30 min");
  });
});
