// One dir per case under test/fixtures/apps, with expect.json beside the Go files.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { analyzeFunctionPackage, createGoParser, type GoParser, matchCandidates } from "../src";
import { signaturesByName } from "./specs";

interface Run {
  goarch?: string;
  candidates?: string[];
  skipped?: string[];
  ignored?: string[];
  diagnostics?: string[];
  isMain?: boolean;
  packageName?: string;
  notAPackage?: boolean;
}

interface Expectation extends Run {
  specs: string;
  runs?: Run[];
}

const root = join(__dirname, "fixtures", "apps");
const cases = readdirSync(root).sort();

let parser: GoParser;
beforeAll(async () => {
  parser = await createGoParser();
});
afterAll(() => parser.delete());

describe.each(cases)("fixture %s", (name) => {
  const expectation = JSON.parse(readFileSync(join(root, name, "expect.json"), "utf8")) as Expectation;
  const runs = expectation.runs ?? [expectation];
  test.each(runs.map((run) => [run.goarch ?? "amd64", run] as const))("linux/%s", async (goarch, run) => {
    const signature = signaturesByName[expectation.specs];
    if (signature === undefined) throw new Error(`unknown specs ${expectation.specs} in ${name}/expect.json`);
    const { specs, equivalences = [], importFacts } = signature;
    const result = await analyzeFunctionPackage({ appDir: join(root, name), goarch, parser, ...(importFacts ? { importFacts } : {}) });
    if (run.notAPackage) {
      expect(result.kind).toBe("not-a-package");
      return;
    }
    if (result.kind !== "package") throw new Error(`expected a package: ${result.reason}`);
    expect(result.importPath).toBe(`example.com/${name}`);
    expect(result.isMain).toBe(run.isMain ?? false);
    if (run.packageName !== undefined) expect(result.packageName).toBe(run.packageName);
    const candidates = matchCandidates(result.pkg, specs, equivalences).map((c) => `${c.specId} ${c.name} ${c.position}`);
    expect(candidates).toEqual(run.candidates ?? []);
    const skipped = result.skipped.map((s) => s.name).filter((n) => n !== "expect.json");
    expect(skipped).toEqual(run.skipped ?? []);
    for (const ignored of run.ignored ?? []) {
      expect(result.files.flatMap((f) => f.ignored.map((d) => d.name))).toContain(ignored);
    }
    const messages = result.diagnostics.map((d) => d.message);
    for (const wanted of run.diagnostics ?? []) {
      expect(messages.some((m) => m.includes(wanted))).toBe(true);
    }
    if (run.diagnostics === undefined) expect(result.diagnostics).toEqual([]);
  });
});
