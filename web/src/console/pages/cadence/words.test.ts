import { describe, expect, it } from "vitest";
import { characterName, firstLine, humanMessage, joinOffset, lostChanges, quotedList, replaceTypography, splitOffset, stepTitle, timingSentence, whenInWords } from "./words";

const HOUR = 60;
const DAY = 24 * HOUR;

describe("a step's timing in words", () => {
  it.each([
    [0, "at once"],
    [30, "after 30 minutes"],
    [HOUR, "after 1 hour"],
    [2 * HOUR, "after 2 hours"],
    [HOUR + 30, "after 1 hour 30 minutes"],
    [DAY, "day 1, same time"],
    [3 * DAY, "day 3, same time"],
    [3 * DAY + 2 * HOUR, "day 3, 2 hours later"],
    [2 * DAY + 1, "day 2, 1 minute later"],
  ])("%i minutes is “%s”", (minutes, words) => {
    expect(whenInWords(minutes)).toBe(words);
  });

  it("names a step by its day and channel", () => {
    expect(stepTitle({ offsetMinutes: 0, channel: "sms" })).toBe("Day 0 · Text");
    expect(stepTitle({ offsetMinutes: DAY + 5 * HOUR, channel: "email" })).toBe("Day 1 · Email");
  });

  it("says it in a sentence for the editor", () => {
    expect(timingSentence(0)).toBe("Goes out as soon as the lead comes in.");
    expect(timingSentence(2 * HOUR)).toBe("Goes out 2 hours after the lead comes in.");
    expect(timingSentence(3 * DAY)).toBe("Goes out on day 3, at the time of day the lead came in.");
    expect(timingSentence(3 * DAY + 90)).toBe("Goes out on day 3, 1 hour 30 minutes later in the day than the lead came in.");
  });

  it("goes to and from the editor's days, hours and minutes", () => {
    expect(splitOffset(3 * DAY + 2 * HOUR + 5)).toEqual({ days: "3", hours: "2", minutes: "5" });
    expect(joinOffset({ days: "3", hours: "2", minutes: "5" })).toBe(3 * DAY + 2 * HOUR + 5);
    expect(joinOffset({ days: "", hours: "26", minutes: " " })).toBe(26 * HOUR);
    expect(joinOffset({ days: "1.5", hours: "0", minutes: "0" })).toBeNull();
    expect(joinOffset({ days: "-1", hours: "0", minutes: "0" })).toBeNull();
    expect(joinOffset({ days: "e", hours: "0", minutes: "0" })).toBeNull();
  });
});

describe("a step's first line", () => {
  it("is a text's first line of wording and an email's subject", () => {
    expect(firstLine({ channel: "sms", subject: null, body: "\n  Hi there,\nsecond line" })).toBe("Hi there,");
    expect(firstLine({ channel: "email", subject: "Your quote", body: "Hi,\n\nBody" })).toBe("Your quote");
    expect(firstLine({ channel: "email", subject: " ", body: "Hi,\n\nBody" })).toBe("Hi,");
  });
});

describe("the UCS-2 warning's words", () => {
  it("quotes the characters, naming the invisible ones by code point", () => {
    expect(quotedList(["🚗"])).toBe("“🚗”");
    expect(quotedList(["🚗", "™"])).toBe("“🚗” and “™”");
    expect(quotedList(["a", "b", "c"])).toBe("“a”, “b” and “c”");
    expect(characterName("\u200B")).toBe("U+200B");
    expect(characterName("👩‍🔧")).toBe("👩‍🔧");
  });

  it("replaces typographic characters with their plain twins, and leaves the rest", () => {
    expect(replaceTypography("„Hi“ ‒ it’s “done”… «ok» 🚗")).toBe('"Hi" - it\'s "done"... "ok" 🚗');
  });
});

describe("the server's messages", () => {
  it("lose their machine prefix", () => {
    expect(humanMessage("too_long: the text would be 12 SMS segments; at most 10")).toBe("The text would be 12 SMS segments; at most 10");
    expect(humanMessage("Not a valid Liquid template: oops")).toBe("Not a valid Liquid template: oops");
  });
});

describe("what leaving loses", () => {
  it("names the steps with unsaved changes, in order", () => {
    expect(lostChanges([3])).toBe("Your changes to step 3 will be lost.");
    expect(lostChanges([4, 3])).toBe("Your changes to steps 3 and 4 will be lost.");
    expect(lostChanges([9, 2, 5])).toBe("Your changes to steps 2, 5 and 9 will be lost.");
  });
});
