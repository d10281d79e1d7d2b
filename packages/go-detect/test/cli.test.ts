import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { NEWEST_GO_VERSION } from "../src";
import { main, parseArgs } from "../src/cli";

const apps = join(__dirname, "fixtures", "apps");

async function run(...argv: string[]): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const code = await main(argv, (l) => lines.push(l));
  return { code, output: lines.join("\n") };
}

test("prints go.mod facts, loaded and skipped files, declarations and matches", async () => {
  const { code, output } = await run(join(apps, "os-suffix"), "--arch", "arm64");
  expect(code).toBe(0);
  expect(output).toContain("  module     example.com/os-suffix");
  expect(output).toContain(`package example.com/os-suffix (dir ., linux/arm64, go${NEWEST_GO_VERSION})`);
  expect(output).toContain("  loaded   handler_linux_arm64.go");
  expect(output).toContain("  skipped  handler_windows.go: file name suffix _windows is not GOOS=linux");
  expect(output).toContain("  handler_linux.go:5  func LinuxHandler(http.ResponseWriter, *http.Request)");
  expect(output).toContain('      param 2: *http.Request = *"net/http".Request');
  expect(output).toContain("matches:\n  handler_linux.go:5  func LinuxHandler(http.ResponseWriter, *http.Request)  [http: func(w, r)]");
});

test("explains why declarations are not candidates", async () => {
  const { output } = await run(join(apps, "method-only"));
  expect(output).toContain("fn.go:7  Handler: not a candidate, method (has a receiver)");
  expect(output).toContain("matches: none of the fnpacks signatures");
});

test("CloudEvents receivers are recognised", async () => {
  const { output } = await run(join(apps, "cloudevents-unaliased"));
  expect(output).toContain("fn.go:9  func Receive(context.Context, v2.Event) v2.Result  [cloudevents receiver]");
  expect(output).toContain("  require    github.com/cloudevents/sdk-go/v2 v2.16.0");
});

test("no go.mod and bad arguments", async () => {
  expect(await run(join(apps, "no-go-mod"))).toEqual({ code: 1, output: `not a function: no go.mod in ${join(apps, "no-go-mod")}` });
  expect((await run()).code).toBe(0);
  expect((await run("--bogus", "x")).code).toBe(2);
  expect(parseArgs(["dir", "--arch"])).toMatch(/--arch needs a value/);
  expect(parseArgs(["dir", "--tags", "a,b", "--go", "1.21", "--package", "fn", "-v"])).toEqual({
    dir: "dir",
    arch: expect.any(String),
    tags: ["a", "b"],
    goVersion: "1.21",
    packageDir: "fn",
    verbose: true,
  });
});

test("the built dist/cli.js runs as a program", () => {
  const out = execFileSync(process.execPath, [join(__dirname, "..", "dist", "cli.js"), join(apps, "basic"), "--arch", "amd64"], {
    encoding: "utf8",
  });
  expect(out).toContain("handler.go:10  func Handler(http.ResponseWriter, *http.Request)  [http: func(w, r)]");
});
