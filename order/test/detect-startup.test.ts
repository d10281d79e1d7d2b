// Every buildpack's detect runs in every Go build through the composite, so what it loads is
// paid by every app. In a bun-compiled executable a node:* module costs start-up of its own:
// node:fs about a third of a bun hello world's, node:path a sixth, the first touch of
// process.stdout several times that (the figures are in `pnpm bench`). Each buildpack's bundle,
// made as its executable's is, runs here under bun with its require() watched, on the apps a
// detect meets most: none of them may load a node:* module (or anything outside the bundle) or
// touch process.stdout.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleBuildpack, bunExecutable } from "@fnpacks/cnb/compile";

jest.setTimeout(5 * 60_000);

const root = join(__dirname, "..", "..");
const packagesDir = join(root, "packages");
/** bun's CommonJS wrapper, whose require the test swaps for one that reports what it loads. */
const WRAPPER = "(function(exports, require, module, __filename, __dirname) {";
const LOADED = "fnpacks-startup-test loaded ";

let work = "";
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "fnpacks-detect-startup-"));
});
afterAll(() => rm(work, { recursive: true, force: true }));

/** The packages with a buildpack.toml and an executable entry: every signature and the explainer. */
async function buildpackPackages(): Promise<string[]> {
  const names = (await readdir(packagesDir)).sort();
  return names.filter((name) => existsSync(join(packagesDir, name, "buildpack.toml")) && existsSync(join(packagesDir, name, "src", "main.ts")));
}

/** The package's bundle with its require() reporting every module it is asked for. */
async function watchedBundle(name: string): Promise<string> {
  const bundleDir = join(work, name);
  const main = await bundleBuildpack({ packageDir: join(packagesDir, name), entry: "src/main.ts", bundleDir });
  const text = await readFile(main, "utf8");
  if (!text.includes(WRAPPER)) throw new Error(`bun's CommonJS wrapper is not in ${main} as this test expects: ${text.slice(0, 200)}`);
  // require() reports each module; so do process.getBuiltinModule and the first touch of
  // process.stdout or process.stderr. (A dynamic import() is not seen: the bundles' only one,
  // in web-tree-sitter, is on a path go-detect never takes, handing it bytes, not a path.)
  const watching = `(function(exports, requireModule, module, __filename, __dirname) {
const report = (what) => console.error(${JSON.stringify(LOADED)} + what);
const require = Object.assign((id) => { report(id); return requireModule(id); }, requireModule);
for (const name of ["stdout", "stderr"]) {
  const own = Object.getOwnPropertyDescriptor(process, name);
  Object.defineProperty(process, name, { configurable: true, get() { report("process." + name); return own.get ? own.get.call(process) : own.value; } });
}
const getBuiltinModule = process.getBuiltinModule;
if (getBuiltinModule) process.getBuiltinModule = (id) => { report(id); return getBuiltinModule.call(process, id); };
`;
  const watched = join(bundleDir, "watched.js");
  await writeFile(watched, text.replace(WRAPPER, watching));
  return watched;
}

async function apps(): Promise<Record<string, string>> {
  const empty = join(work, "apps", "empty");
  await mkdir(empty, { recursive: true });
  return {
    "an empty dir": empty,
    "an HTTP function": join(root, "samples", "go", "http-hello"),
    "a CloudEvents function": join(root, "samples", "go", "cloudevents-echo"),
    "a program (package main)": join(__dirname, "fixtures", "main-app"),
  };
}

test("no buildpack's detect loads a module outside its bundle on the apps it meets most", async () => {
  const names = await buildpackPackages();
  expect(names).toEqual(expect.arrayContaining(["cloudevents-fn", "go-function-explainer", "http-fn", "mcp-fn"]));
  const loaded: string[] = [];
  let passes = 0;
  for (const name of names) {
    const bundle = await watchedBundle(name);
    for (const [what, app] of Object.entries(await apps())) {
      const platform = join(work, "platform");
      await mkdir(platform, { recursive: true });
      const run = spawnSync(bunExecutable(), [bundle], {
        argv0: join(packagesDir, name, "dist", "buildpack", "bin", "detect"),
        cwd: app,
        env: { PATH: "", CNB_PLATFORM_DIR: platform, CNB_BUILD_PLAN_PATH: join(work, "plan.toml"), CNB_BUILDPACK_DIR: join(packagesDir, name, "dist", "buildpack") },
        encoding: "utf8",
      });
      // A verdict, pass or fail, not an error: the watched bundle ran the detect through.
      const stderr = run.stderr.split("\n").filter((line) => !line.startsWith(LOADED)).join("\n");
      expect({ name, what, verdict: run.status === 0 || run.status === 100, stderr }).toEqual({ name, what, verdict: true, stderr: "" });
      if (run.status === 0) passes++;
      for (const line of run.stderr.split("\n")) if (line.startsWith(LOADED)) loaded.push(`${name} on ${what}: ${line.slice(LOADED.length)}`);
    }
  }
  expect(passes).toBeGreaterThanOrEqual(3); // http-fn and cloudevents-fn on their samples, the explainer on a function
  expect(loaded).toEqual([]);
});

test("the watch sees a module the bundle loads", async () => {
  // The same watch on a phase that does load node modules: build, run without a plan, loads
  // its build phase (node:fs/promises) before it stops.
  const bundle = await watchedBundle("http-fn");
  const layers = join(work, "layers");
  await mkdir(layers, { recursive: true });
  const run = spawnSync(bunExecutable(), [bundle], {
    argv0: join(packagesDir, "http-fn", "dist", "buildpack", "bin", "build"),
    cwd: join(root, "samples", "go", "http-hello"),
    env: { PATH: "", CNB_LAYERS_DIR: layers, CNB_PLATFORM_DIR: join(work, "platform"), CNB_BP_PLAN_PATH: join(work, "none.toml"), CNB_BUILDPACK_DIR: join(packagesDir, "http-fn", "dist", "buildpack") },
    encoding: "utf8",
  });
  expect(run.stderr).toContain(`${LOADED}fs/promises`);
});
