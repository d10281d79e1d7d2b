import { createLogger, formatDuration } from "../src/logger";

function capture(debug = false) {
  let out = "";
  let clock = 0;
  const logger = createLogger({ write: (text) => (out += text), debug, now: () => clock });
  return { logger, output: () => out, advance: (ms: number) => (clock += ms) };
}

describe("logger", () => {
  it("indents like Paketo's scribe: title, process, subprocess, action, detail", () => {
    const { logger, output } = capture();
    logger.title("fnpacks Go HTTP Function 0.1.0");
    logger.process("Detected function");
    logger.subprocess("Handler (hello.go:7)");
    logger.action("wrapped");
    logger.detail("detail");
    logger.break();
    expect(output()).toBe(
      "fnpacks Go HTTP Function 0.1.0\n  Detected function\n    Handler (hello.go:7)\n      wrapped\n        detail\n\n",
    );
  });

  it("indents every line of a multi-line message", () => {
    const { logger, output } = capture();
    logger.subprocess("one\ntwo");
    expect(output()).toBe("    one\n    two\n");
  });

  it("prints debug lines only when debug is on", () => {
    const quiet = capture(false);
    quiet.logger.debug("hidden");
    expect(quiet.output()).toBe("");
    const loud = capture(true);
    loud.logger.debug("shown");
    expect(loud.output()).toBe("    [debug] shown\n");
  });

  it("times a step and reports its duration", async () => {
    const { logger, output, advance } = capture();
    const result = await logger.timed(async () => {
      advance(1500);
      return 42;
    });
    expect(result).toBe(42);
    expect(output()).toBe("      Completed in 1.500s\n");
  });

  it.each([
    [12.4, "12ms"],
    [2500, "2.500s"],
    [12_345, "12.3s"],
    [125_000, "2m5s"],
  ])("formats %p ms as %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
