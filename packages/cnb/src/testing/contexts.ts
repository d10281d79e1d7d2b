import { join } from "node:path";
import type { BuildpackInfo } from "../buildpack-info";
import type { BuildContext, DetectContext } from "../context";
import { Layers } from "../layers";
import { createLogger } from "../logger";

/** A DetectContext for a unit test: every field has a harmless default; output goes to `write`. */
export function fakeDetectContext(overrides: Partial<DetectContext> & { write?: (text: string) => void; debug?: boolean } = {}): DetectContext {
  const { write = () => {}, debug = false, ...rest } = overrides;
  const root = rest.appDir ? join(rest.appDir, "..") : "/nonexistent";
  return {
    appDir: join(root, "app"),
    buildpackDir: join(root, "buildpack"),
    platformDir: join(root, "platform"),
    buildpack: { id: "test/buildpack", name: "Test Buildpack", version: "0.0.1" } satisfies BuildpackInfo,
    target: { os: "linux", arch: "amd64" },
    execEnv: "production",
    env: {},
    logger: createLogger({ write, debug }),
    ...rest,
  };
}

/** A BuildContext for a unit test; layers go to `<appDir>/../layers` unless given. */
export function fakeBuildContext(
  overrides: Partial<BuildContext> & { write?: (text: string) => void; debug?: boolean } = {},
): BuildContext {
  const detect = fakeDetectContext(overrides);
  return { ...detect, layers: overrides.layers ?? new Layers(join(detect.appDir, "..", "layers")), plan: overrides.plan ?? [] };
}
