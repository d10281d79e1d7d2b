// Writes Go packages into a temp dir and loads them, for tests of what the model holds.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createGoParser, type GoParser, type GoPackage } from "../src";
import { loadPackage } from "../src/load";

export interface TestPackages {
  /** Loads a package of these files (name → source) for linux/amd64. */
  load(files: Record<string, string>): Promise<GoPackage>;
  parser(): GoParser;
}

/** Call at the top of a test file: a parser for the file, a fresh dir per load. */
export function testPackages(): TestPackages {
  let parser: GoParser | undefined;
  let root: string;
  let n = 0;
  beforeAll(async () => {
    parser = await createGoParser();
    root = mkdtempSync(join(tmpdir(), "go-detect-pkg-"));
  });
  afterAll(() => {
    parser?.delete();
    rmSync(root, { recursive: true, force: true });
  });
  const need = () => {
    if (parser === undefined) throw new Error("no parser yet");
    return parser;
  };
  return {
    parser: need,
    async load(files) {
      const dir = join(root, String(n++));
      mkdirSync(dir);
      for (const [name, source] of Object.entries(files)) writeFileSync(join(dir, name), source);
      return loadPackage({ dir, context: { goos: "linux", goarch: "amd64", goVersion: "1.25" }, parser: need() });
    },
  };
}

/**
 * Call at the top of a test file: one parser for the file and a fresh temp dir for each test,
 * handed to `use` before each test (and removed after it).
 */
export function useParserAndTempDir(prefix: string, use: (parser: GoParser, dir: string) => void): void {
  let parser: GoParser | undefined;
  let dir = "";
  beforeAll(async () => {
    parser = await createGoParser();
  });
  afterAll(() => parser?.delete());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    use(parser as GoParser, dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
}
