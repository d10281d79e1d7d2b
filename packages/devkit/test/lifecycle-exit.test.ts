import { DevkitError, lifecycleExitMeaning } from "../src";
import { lifecycleExitFix, lifecycleFailure } from "../src/lifecycle-exit";

it("explains the lifecycle's exit codes", () => {
  expect(lifecycleExitMeaning(20)).toBe("no buildpack group passed detection");
  expect(lifecycleExitMeaning(21)).toBe("no buildpack group passed detection and at least one buildpack errored");
  expect(lifecycleExitMeaning(51)).toBe("a buildpack's bin/build failed");
  expect(lifecycleExitMeaning(77)).toBe("unexpected exit code");
});

it("points at the buildpacks' own reasons when no group passed detection", () => {
  for (const code of [20, 21]) expect(lifecycleExitFix("detector", code)).toMatch(/^no group of buildpacks accepted the app: check the output above/);
  // 51 from the detector is not a build failure: only the builder's is.
  expect(lifecycleExitFix("detector", 51)).toBe("see the lifecycle's output above");
});

it("points at the failing buildpack's message when a build failed", () => {
  expect(lifecycleExitFix("builder", 51)).toBe("a buildpack's build failed: its message is in the output above");
  expect(lifecycleExitFix("builder", 20)).toBe("see the lifecycle's output above");
  expect(lifecycleExitFix("builder", 1)).toBe("see the lifecycle's output above");
});

it("makes one error of the phase, the code, what it means, where, the fix and the output", () => {
  const error = lifecycleFailure("detector", 20, "/apps/hello", "======== Results ========\nfail: x\n");
  expect(error).toBeInstanceOf(DevkitError);
  expect(error.format()).toBe(
    [
      "the lifecycle detector failed with exit code 20: no buildpack group passed detection",
      "  at /apps/hello",
      "  fix: no group of buildpacks accepted the app: check the output above for each buildpack's reason (BP_LOG_LEVEL=DEBUG shows more)",
      "",
      "======== Results ========",
      "fail: x",
    ].join("\n"),
  );
});
