import { buildToml, isEmptyLaunch, launchToml } from "../src/launch";
import { parseToml } from "../src/toml";

describe("launch.toml", () => {
  it("writes processes with command arrays, args, default and working-dir, plus labels and slices", () => {
    const text = launchToml({
      labels: [{ key: "org.example.fn", value: "Handler" }],
      processes: [
        { type: "web", command: ["/layers/fn/bin/server"], args: ["--flag"], default: true, workingDir: "/workspace" },
        { type: "worker", command: ["sh", "-c", "run"] },
      ],
      slices: [{ paths: ["static/*"] }],
    });
    expect(parseToml(text)).toEqual({
      labels: [{ key: "org.example.fn", value: "Handler" }],
      processes: [
        {
          type: "web",
          command: ["/layers/fn/bin/server"],
          args: ["--flag"],
          default: true,
          "working-dir": "/workspace",
        },
        { type: "worker", command: ["sh", "-c", "run"], args: [], default: false },
      ],
      slices: [{ paths: ["static/*"] }],
    });
  });

  it("knows when there is nothing to write", () => {
    expect(isEmptyLaunch({})).toBe(true);
    expect(isEmptyLaunch({ processes: [] })).toBe(true);
    expect(isEmptyLaunch({ labels: [{ key: "a", value: "b" }] })).toBe(false);
  });
});

describe("build.toml", () => {
  it("lists unmet plan entries", () => {
    expect(parseToml(buildToml({ unmet: [{ name: "node" }] }))).toEqual({ unmet: [{ name: "node" }] });
  });
});
