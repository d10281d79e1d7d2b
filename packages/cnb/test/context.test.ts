import { buildPaths, buildpackDirOf, detectPaths, goArch, readTarget } from "../src/context";
import { readConfig } from "../src/config";

describe("lifecycle inputs", () => {
  it("reads detect paths from CNB_* variables (Buildpack API >= 0.8)", () => {
    expect(detectPaths({ CNB_PLATFORM_DIR: "/platform", CNB_BUILD_PLAN_PATH: "/plan.toml" }, [])).toEqual({
      platformDir: "/platform",
      buildPlanPath: "/plan.toml",
    });
  });

  it("falls back to positional arguments for older platforms", () => {
    expect(detectPaths({}, ["/platform", "/plan.toml"])).toEqual({ platformDir: "/platform", buildPlanPath: "/plan.toml" });
    expect(buildPaths({}, ["/layers", "/platform", "/plan.toml"])).toEqual({
      layersDir: "/layers",
      platformDir: "/platform",
      planPath: "/plan.toml",
    });
  });

  it("says what is missing when neither is there", () => {
    expect(() => buildPaths({ CNB_LAYERS_DIR: "/layers" }, [])).toThrow(/CNB_PLATFORM_DIR is not set/);
  });

  it("reads the target from CNB_TARGET_* and defaults to this machine", () => {
    expect(
      readTarget({
        CNB_TARGET_OS: "linux",
        CNB_TARGET_ARCH: "arm64",
        CNB_TARGET_ARCH_VARIANT: "v8",
        CNB_TARGET_DISTRO_NAME: "ubuntu",
        CNB_TARGET_DISTRO_VERSION: "24.04",
      }),
    ).toEqual({ os: "linux", arch: "arm64", archVariant: "v8", distro: { name: "ubuntu", version: "24.04" } });
    expect(readTarget({}, "x64")).toEqual({ os: "linux", arch: "amd64" });
  });

  it("maps Node arch names to Go's", () => {
    expect(goArch("x64")).toBe("amd64");
    expect(goArch("arm64")).toBe("arm64");
  });

  it("finds the buildpack dir from CNB_BUILDPACK_DIR, else two levels above bin/<exe>", () => {
    expect(buildpackDirOf({ CNB_BUILDPACK_DIR: "/cnb/buildpacks/x/1.0" }, "/elsewhere/bin/run")).toBe("/cnb/buildpacks/x/1.0");
    expect(buildpackDirOf({}, "/bp/bin/run")).toBe("/bp");
  });
});

describe("config", () => {
  it("turns on debug for BP_LOG_LEVEL=DEBUG in any case", () => {
    expect(readConfig({ BP_LOG_LEVEL: "debug" }).debug).toBe(true);
    expect(readConfig({ BP_LOG_LEVEL: "INFO" }).debug).toBe(false);
  });
});
