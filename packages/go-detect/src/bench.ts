// pnpm bench: load + parse + match time of analyzeFunctionPackage for generated packages of
// 1, 20 and 200 files and one 5 MB file (median of several runs), parser start-up and peak
// memory; then, if a bun binary is around, the same inside a `bun build --compile` executable
// with the WASM files embedded, start-up included (how the buildpacks ship it).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { analyzeFunctionPackage } from "./analyze";
import { compileDetectExecutable, findBun } from "./bun";
import { matchCandidates, type SignatureSpec } from "./match";
import { createGoParser } from "./parser";

const RUNS = Number(process.env.BENCH_RUNS ?? 15);

const specs: SignatureSpec[] = [
  {
    kind: "func",
    id: "handler-func",
    params: [
      { importPath: "net/http", name: "ResponseWriter" },
      { importPath: "net/http", name: "Request", pointer: true },
    ],
    results: [],
  },
  { kind: "var", id: "handler-var", types: [{ importPath: "net/http", name: "Handler" }] },
];

/** A realistic file: build constraint, imports, types with methods, helpers, and (file 0) the handler. */
function goFile(index: number, targetBytes = 3000): string {
  const parts = [
    `//go:build linux || darwin\n\npackage fn\n\nimport (\n\t"context"\n\t"fmt"\n\t"net/http"\n\t"strings"\n)\n`,
    index === 0 ? "func Handler(w http.ResponseWriter, r *http.Request) {\n\tfmt.Fprintln(w, Greeting(r.URL.Path))\n}\n" : "",
  ];
  let n = 0;
  let size = parts.join("").length;
  while (size < targetBytes) {
    const chunk = `
// Store${index}x${n} keeps things.
type Store${index}x${n} struct {
	items map[string][]byte
	name  string
}

func (s *Store${index}x${n}) Get(ctx context.Context, key string) ([]byte, error) {
	if v, ok := s.items[key]; ok {
		return v, nil
	}
	return nil, fmt.Errorf("%s: %q not found", s.name, key)
}

func helper${index}x${n}(a, b int, names ...string) (int, string) {
	return a + b, strings.Join(names, ",")
}

func Exported${index}x${n}(ctx context.Context, in map[string]any) (out []string, err error) {
	for k := range in {
		out = append(out, k)
	}
	return
}
`;
    parts.push(chunk);
    size += chunk.length;
    n++;
  }
  if (index === 0) parts.push('\nfunc Greeting(p string) string { return "hi " + p }\n');
  return parts.join("");
}

interface BenchApp {
  label: string;
  dir: string;
  bytes: number;
  runs: number;
}

function makeApp(root: string, label: string, files: number, bytesPerFile?: number): BenchApp {
  const dir = join(root, label.replace(/\W+/g, "-"));
  mkdirSync(dir);
  writeFileSync(join(dir, "go.mod"), "module example.com/bench\n\ngo 1.22\n");
  let bytes = 0;
  for (let i = 0; i < files; i++) {
    const source = goFile(i, bytesPerFile);
    bytes += Buffer.byteLength(source);
    writeFileSync(join(dir, `file${i}.go`), source);
  }
  return { label, dir, bytes, runs: bytesPerFile === undefined ? RUNS : Math.min(RUNS, 5) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const row = (app: BenchApp, ms: number, note: string) => {
  const mib = app.bytes / (1024 * 1024);
  return `  ${app.label.padEnd(16)} ${(app.bytes / 1024).toFixed(0).padStart(6)} KiB ${ms.toFixed(1).padStart(9)} ms  (${(ms / mib).toFixed(0)} ms/MiB, ${note})`;
};

async function inProcess(apps: BenchApp[]): Promise<void> {
  const t0 = performance.now();
  const parser = await createGoParser();
  console.log(`in process (node ${process.version}, ${process.arch}); parser start-up ${(performance.now() - t0).toFixed(1)} ms`);
  let peakRss = process.memoryUsage().rss;
  for (const app of apps) {
    const times: number[] = [];
    let candidates = 0;
    for (let i = 0; i < app.runs; i++) {
      const start = performance.now();
      const result = await analyzeFunctionPackage({ appDir: app.dir, goarch: "amd64", parser });
      if (result.kind !== "package") throw new Error(result.reason);
      candidates = matchCandidates(result.pkg, specs).length;
      times.push(performance.now() - start);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
    console.log(row(app, median(times), `median of ${app.runs}, ${candidates} candidate`));
  }
  parser.delete();
  console.log(`  peak RSS ${(peakRss / (1024 * 1024)).toFixed(0)} MiB`);
}

function compiled(apps: BenchApp[], scratch: string): void {
  const bun = findBun();
  if (bun === undefined) {
    console.log("compiled executable: skipped (no bun binary; set BUN=/path/to/bun)");
    return;
  }
  const exe = join(scratch, "detect");
  compileDetectExecutable(bun, specs, exe);
  console.log("compiled executable (bun build --compile --bytecode, WASM embedded), wall time per run, start-up included");
  let peakRss = 0;
  for (const app of apps) {
    const times: number[] = [];
    let candidates = 0;
    for (let i = 0; i < app.runs; i++) {
      const start = performance.now();
      const run = spawnSync(exe, [app.dir], { encoding: "utf8" });
      times.push(performance.now() - start);
      if (run.status !== 0) throw new Error(`detect executable failed: ${run.stderr}`);
      const out = JSON.parse(run.stdout) as { candidates: unknown[]; rss: number };
      candidates = out.candidates.length;
      peakRss = Math.max(peakRss, out.rss);
    }
    console.log(row(app, median(times), `median of ${app.runs}, ${candidates} candidate`));
  }
  console.log(`  peak RSS ${(peakRss / (1024 * 1024)).toFixed(0)} MiB (target: ≤ 100 ms for 20 files)`);
}

async function main(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), "go-detect-bench-"));
  try {
    const apps = [
      makeApp(scratch, "1 file", 1),
      makeApp(scratch, "20 files", 20),
      makeApp(scratch, "200 files", 200),
      makeApp(scratch, "1 file of 5 MB", 1, 5 * 1024 * 1024),
    ];
    await inProcess(apps);
    compiled(apps, scratch);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
