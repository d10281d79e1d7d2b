import { parseToml } from "../src/toml";
import { buildPlanToml, parseBuildpackPlan } from "../src/plan";

describe("build plan (detect output)", () => {
  it("writes provides, requires with metadata, and or alternatives as the spec's tables", () => {
    const text = buildPlanToml({
      provides: [{ name: "go-function" }],
      requires: [
        { name: "go-function", metadata: { package: "example.com/hello", function: "Handler", line: 7 } },
        { name: "go", metadata: { build: true } },
      ],
      or: [{ provides: [{ name: "go-function" }], requires: [{ name: "go-function" }] }],
    });
    expect(parseToml(text)).toEqual({
      provides: [{ name: "go-function" }],
      requires: [
        { name: "go-function", metadata: { package: "example.com/hello", function: "Handler", line: 7 } },
        { name: "go", metadata: { build: true } },
      ],
      or: [{ provides: [{ name: "go-function" }], requires: [{ name: "go-function" }] }],
    });
    expect(text).toContain("[[provides]]");
    expect(text).toContain("[requires.metadata]");
    expect(text).toContain("[[or.requires]]");
  });

  it("leaves out empty lists and empty metadata", () => {
    const text = buildPlanToml({ provides: [], requires: [{ name: "go", metadata: {} }] });
    expect(parseToml(text)).toEqual({ requires: [{ name: "go" }] });
  });

  it("writes an empty plan as an empty document", () => {
    expect(buildPlanToml({}).trim()).toBe("");
  });
});

describe("buildpack plan (build input)", () => {
  it("reads entries with their metadata", () => {
    const entries = parseBuildpackPlan(
      '[[entries]]\nname = "go-function"\n[entries.metadata]\nfunction = "Handler"\n\n[[entries]]\nname = "go"\n',
    );
    expect(entries).toEqual([
      { name: "go-function", metadata: { function: "Handler" } },
      { name: "go", metadata: {} },
    ]);
  });

  it("reads an empty file as no entries", () => {
    expect(parseBuildpackPlan("")).toEqual([]);
  });
});
