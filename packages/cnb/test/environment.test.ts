import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { Environment, writeEnvironment } from "../src/environment";
import { useTempDir } from "./helpers";

describe("Environment", () => {
  const tmp = useTempDir();

  it("writes one file per variable named NAME.<operation>, plus NAME.delim for append/prepend", async () => {
    const env = new Environment()
      .override("GOFLAGS", "-mod=vendor")
      .default("PORT", "8080")
      .append("PATH", "/layer/bin", ":")
      .prepend("LD_LIBRARY_PATH", "/layer/lib", ":");
    await writeEnvironment(join(tmp(), "env"), env);

    expect((await readdir(join(tmp(), "env"))).sort()).toEqual([
      "GOFLAGS.override",
      "LD_LIBRARY_PATH.delim",
      "LD_LIBRARY_PATH.prepend",
      "PATH.append",
      "PATH.delim",
      "PORT.default",
    ]);
    // The spec reads file contents verbatim: no trailing newline may sneak into a value.
    expect(await readFile(join(tmp(), "env", "GOFLAGS.override"), "utf8")).toBe("-mod=vendor");
    expect(await readFile(join(tmp(), "env", "PATH.delim"), "utf8")).toBe(":");
  });

  it("omits the delimiter file when append has none (the lifecycle then concatenates)", async () => {
    await writeEnvironment(tmp(), new Environment().append("X", "y"));
    expect(await readdir(tmp())).toEqual(["X.append"]);
  });

  it("keeps the last operation set for a variable", () => {
    const env = new Environment().default("A", "1").override("A", "2");
    expect(env.list()).toEqual([{ name: "A", operation: "override", value: "2" }]);
  });

  it("creates no directory for an empty environment", async () => {
    await writeEnvironment(join(tmp(), "env.build"), new Environment());
    expect(await readdir(tmp())).toEqual([]);
  });

  it.each(["../escape", "A/B", "", "1ABC", "A B"])("rejects the variable name %j", (name) => {
    expect(() => new Environment().override(name, "x")).toThrow(/invalid environment variable name/);
  });
});
