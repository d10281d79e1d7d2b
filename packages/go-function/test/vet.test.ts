import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BuildContext, type DetectResult, Layers } from "@fnpacks/cnb";
import { fakeDetectContext } from "@fnpacks/cnb/testing";
import { createBuild, createDetect, type ChosenFunction, EVERY_FUNCTION, type FunctionSignature, goDetectAnalyzer, type PlannedCandidate } from "../src";
import type { GoRunner } from "../src/module-graph";

// FunctionSignature.vet with the real analyzer: a signature whose spec takes any input type
// (a wildcard) refuses the inputs it cannot serve, keeps each function's doc comment in the
// plan, and gets it back in generate.
const sdk = "example.com/sdk";
const chosen: Array<ChosenFunction[]> = [];
const signature: FunctionSignature = {
  planName: "test-vetted",
  kind: "vetted function",
  specs: [{ kind: "func", id: "takes", params: [{ importPath: "context", name: "Context" }, { any: "In" }], results: [{ importPath: "", name: "error" }] }],
  requiredModules: [sdk],
  selection: EVERY_FUNCTION,
  vet(match, pkg) {
    const input = match.bindings?.find((b) => b.name === "In")?.type;
    const local = pkg.types.find((t) => t.name === input?.name);
    if (local?.kind !== "struct") return { refused: `its input ${input?.text} is no struct declared here` };
    const doc = pkg.funcs.find((f) => f.name === match.name)?.doc;
    return doc ? { details: { doc } } : {};
  },
  generate(functions) {
    chosen.push([...functions]);
    return { files: [{ path: "fnpacks-generated/server/main.go", content: "package main\n" }], buildTarget: "./fnpacks-generated/server" };
  },
};

const SOURCE = `package fns

import "context"

type In struct{ Name string }

// Good takes a struct,
// declared here.
func Good(ctx context.Context, in In) error { return nil }

func Quiet(ctx context.Context, in *In) error { return nil }

func Text(ctx context.Context, in string) error { return nil }

func List(ctx context.Context, in []In) error { return nil }
`;

let dir: string;
let output: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "go-function-vet-"));
  output = "";
  await mkdir(join(dir, "app"));
  await writeFile(join(dir, "app", "go.mod"), `module example.com/fns\n\ngo 1.25\n\nrequire ${sdk} v1.0.0\n`);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function detect(source: string, env: NodeJS.ProcessEnv = {}, debug = true): Promise<DetectResult> {
  await writeFile(join(dir, "app", "fns.go"), source);
  const context = fakeDetectContext({ appDir: join(dir, "app"), env, debug, write: (text) => (output += text) });
  return createDetect(signature, goDetectAnalyzer())(context);
}

const planned = (result: DetectResult) => (result.pass ? (result.plan?.requires?.[0]?.metadata?.candidates as PlannedCandidate[]) : []);

it("keeps the matches vet keeps, with their details in the plan, and logs each refusal as a near miss", async () => {
  const result = await detect(SOURCE);
  expect(planned(result)).toEqual([
    { name: "Good", shape: "takes", position: "fns.go:9", signature: "func Good(context.Context, In) error", details: { doc: "Good takes a struct,\ndeclared here." } },
    { name: "Quiet", shape: "takes", position: "fns.go:11", signature: "func Quiet(context.Context, *In) error" },
  ]);
  expect(output).toContain("fns.go:13: Text is not a candidate: its input string is no struct declared here");
  expect(output).toContain("fns.go:15: List is not a candidate: its input []In is no struct declared here");
});

it("tells why declarations are no candidates only with debug on", async () => {
  await detect(`${SOURCE}\nfunc helper(ctx context.Context, in In) error { return nil }\n`, {}, false);
  expect(output).not.toContain("is not a candidate");
  await detect(`${SOURCE}\nfunc helper(ctx context.Context, in In) error { return nil }\n`);
  expect(output).toContain("fns.go:17: helper is not a candidate");
  expect(output).toContain("fns.go:13: Text is not a candidate");
});

it("fails naming the refused matches when nothing is left, or the ones asked for by name", async () => {
  const none = await detect(SOURCE.replace(/\/\/ Good[\s\S]*?\*In\) error \{ return nil \}\n/, ""));
  expect(none).toEqual({
    pass: false,
    reason:
      "no vetted function in example.com/fns; not served: fns.go:8 Text: its input string is no struct declared here; fns.go:10 List: its input []In is no struct declared here",
  });
  const named = await detect(SOURCE, { BP_FUNCTION_NAME: "Good,List" });
  expect(named).toEqual({ pass: false, reason: "no vetted function named List (BP_FUNCTION_NAME) in example.com/fns; not served: fns.go:15 List: its input []In is no struct declared here" });
});

it("hands each candidate's details to generate", async () => {
  const result = await detect(SOURCE);
  const entry = result.pass ? result.plan?.requires?.[0] : undefined;
  const context: BuildContext = {
    ...fakeDetectContext({ appDir: join(dir, "app"), write: (text) => (output += text) }),
    layers: new Layers(join(dir, "layers")),
    plan: [{ name: entry?.name ?? "", metadata: entry?.metadata ?? {} }],
  };
  const go: GoRunner = async () => ({ code: 0, stdout: "", stderr: "" });
  await createBuild(signature, go)(context);
  expect(chosen.at(-1)?.map((c) => [c.target.name, c.details])).toEqual([
    ["Good", { doc: "Good takes a struct,\ndeclared here." }],
    ["Quiet", undefined],
  ]);
  expect(await readFile(join(dir, "app", "fnpacks-generated", "server", "main.go"), "utf8")).toBe("package main\n");
});
