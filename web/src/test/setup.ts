import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterEach, vi } from "vitest";

// Testing Library drives fake timers (waitFor/findBy polling, the drain after each user-event call) only
// when it sees Jest; with this it drives Vitest's fake timers the same way, and real timers are untouched.
Object.assign(globalThis, { jest: { advanceTimersByTime: (ms: number) => vi.advanceTimersByTime(ms) } });

afterEach(() => cleanup());
