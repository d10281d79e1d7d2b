#!/usr/bin/env node
// `pnpm bench`: what users feel — detect speed, build overhead, serving throughput, cold start,
// shutdown, sizes — each generated/fnpacks figure beside its hand-written or plain-Go
// counterpart measured in the same run. Writes bench/report.md and bench/chart.svg.
// Absolute times depend on the machine (named in the report); compare the ratios.
//
//   node bench/run.mjs [--only sizes,detect,build,serving,mcp,cold-start,shutdown]
// With --only, the chosen sections are printed and the report is left alone.
// Needs go; the serving section also needs taskset (util-linux) and two CPUs to pin on.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, totalmem, tmpdir } from "node:os";
import { basename, join } from "node:path";
import { createRequire } from "node:module";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";

const root = join(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "..");
const require = createRequire(import.meta.url);
const cloudEventsFunction = require(join(root, "packages", "cloudevents-fn", "dist", "index.js"));
const httpFunction = require(join(root, "packages", "http-fn", "dist", "index.js"));
const mcpTools = require(join(root, "packages", "mcp-fn", "dist", "index.js"));
const devkit = require(join(root, "packages", "devkit", "dist", "index.js"));
const { startProcess } = require(join(root, "packages", "go-codegen", "dist", "testing", "process.js"));
const QUICK = process.env.BENCH_QUICK === "1";
// Serving: many short alternating rounds rather than a few long ones, so drift of the machine
// lands on both servers alike and the per-pair ratios show their own spread.
const CONNECTIONS = 16;
const SESSIONS = 4; // fresh server processes this many times per workload
const PAIRS = QUICK ? 12 : 80; // in all, split evenly between the sessions
const ROUND = "200ms";
const ROUND_WARMUP = "50ms";
// This repository's buildpacks, named after their ids (fnpacks/go-http-function → go-http-function).
const buildpacks = Object.fromEntries(
  devkit.repoBuildpacks().map((dir) => [basename(String(/\bid\s*=\s*"([^"]+)"/.exec(readFileSync(join(dir, "buildpack.toml"), "utf8"))?.[1])), dir]),
);
const { values } = parseArgs({ options: { only: { type: "string" } } });
const only = values.only?.split(",");
/** A binary-mode CloudEvent, for the CloudEvents servers. */
const EVENT_HEADERS = ["ce-specversion: 1.0", "ce-id: bench", "ce-source: bench", "ce-type: bench.ping", "content-type: text/plain"];
const work = mkdtempSync(join(tmpdir(), "fnpacks-bench-"));
const report = { sections: [], chart: [] };
const log = (text) => process.stdout.write(`${text}\n`);

try {
  const binaries = buildServers();
  const sections = {
    sizes: () => sizes(binaries),
    detect,
    build: buildOverhead,
    serving: () => serving(binaries),
    mcp: mcpServing,
    "cold-start": () => coldStart(binaries),
    shutdown: () => shutdown(binaries),
  };
  for (const name of only ?? Object.keys(sections)) {
    if (!sections[name]) throw new Error(`--only ${name}: use ${Object.keys(sections).join(", ")}`);
    await sections[name]();
  }
  if (only) log(`\n${report.sections.join("\n")}`);
  else writeReport();
} finally {
  rmSync(work, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------

/** The generated servers and their hand-written counterparts, compiled alike. */
function buildServers() {
  log("compiling the servers…");
  const go = (cwd, ...args) => execFileSync("go", args, { cwd, stdio: ["ignore", "ignore", "inherit"] });
  const out = {};
  const http = join(work, "http");
  cpSync(join(root, "samples", "go", "http-hello"), http, { recursive: true });
  writeGenerated(http, httpFunction.generateHttpServer(target("example.com/hello", "Handler", "hello.go:10"), "handler-func"));
  mkdirSync(join(http, "_handwritten"));
  writeFileSync(
    join(http, "_handwritten", "main.go"),
    readFileSync(join(root, "packages", "go-codegen", "bench", "handwritten", "main.go.txt"), "utf8").replace(
      'function "example.com/fixtures/handler-func"',
      'function "example.com/hello"',
    ),
  );
  go(http, "build", "-trimpath", "-o", join(work, "http-generated"), "./fnpacks-generated/server");
  go(http, "build", "-trimpath", "-o", join(work, "http-handwritten"), "./_handwritten");
  const ce = join(work, "ce");
  cpSync(join(root, "samples", "go", "cloudevents-echo"), ce, { recursive: true });
  writeGenerated(ce, cloudEventsFunction.generateCloudEventsServer(target("example.com/echo", "Echo", "echo.go:12"), "func(ctx, E) (*E, R)"));
  mkdirSync(join(ce, "_handwritten"));
  cpSync(join(root, "packages", "go-codegen", "bench", "handwritten-cloudevents", "main.go.txt"), join(ce, "_handwritten", "main.go"));
  go(ce, "build", "-trimpath", "-o", join(work, "ce-generated"), "./fnpacks-generated/server");
  go(ce, "build", "-trimpath", "-o", join(work, "ce-handwritten"), "./_handwritten");
  go(join(root, "packages", "go-codegen", "bench"), "build", "-o", join(work, "loadgen"), "./loadgen");
  for (const name of ["http-generated", "http-handwritten", "ce-generated", "ce-handwritten"]) out[name] = join(work, name);
  return out;
}

function target(modulePath, name, position) {
  return { modulePath, importPath: modulePath, name, position };
}

function writeGenerated(dir, generated) {
  for (const file of generated.files) {
    mkdirSync(join(dir, file.path, ".."), { recursive: true });
    writeFileSync(join(dir, file.path), file.content);
  }
}

// ---------------------------------------------------------------------------------------------

function sizes(binaries) {
  log("sizes…");
  const rows = Object.entries(buildpacks).map(([name, dir]) => {
    const binary = readFileSync(join(dir, "bin", "run"));
    return [name, mb(binary.length), mb(gzipSync(binary, { level: 6 }).length)];
  });
  const app = (name) => statSync(binaries[name]).size;
  const appRows = [
    ["HTTP (samples/go/http-hello)", mb(app("http-generated")), mb(app("http-handwritten")), ratio(app("http-generated"), app("http-handwritten"))],
    ["CloudEvents (samples/go/cloudevents-echo)", mb(app("ce-generated")), mb(app("ce-handwritten")), ratio(app("ce-generated"), app("ce-handwritten"))],
  ];
  report.chart.push(["app binary size, HTTP", app("http-generated") / app("http-handwritten")]);
  report.chart.push(["app binary size, CloudEvents", app("ce-generated") / app("ce-handwritten")]);
  section(
    "Size",
    "Shipped buildpack executable (`bin/run`, one per buildpack and arch; gzip level 6), and the app binary `go build -trimpath` makes from the generated server vs a hand-written main around the same function. Target: ≤ 32 MB gzip per buildpack.",
    `${table(["buildpack", "raw MB", "gzip MB"], rows)}\n\n${table(["app", "generated MB", "hand-written MB", "ratio"], appRows)}`,
  );
}

// ---------------------------------------------------------------------------------------------

/**
 * Each buildpack's compiled `bin/detect` against the floor: a bun hello world compiled the
 * same way (bun-build.js: bytecode, minified) and run in turn with it, so that a busy machine
 * slows both alike; the ratio is detect ÷ floor per pair of runs. Targets (issue 16) are wall
 * times on the machine they were set on; the ratios are what to compare between reports.
 */
function detect() {
  log("detect…");
  // Many pairs: a detect takes milliseconds, and this machine's other work moves single runs by a fifth.
  const runs = QUICK ? 5 : 31;
  const floor = compileFloor();
  const noPath = mkdtempSync(join(work, "no-path-")); // PATH with nothing on it: no Node, no shell
  const env = (buildpack, platform) => ({ PATH: noPath, CNB_BUILDPACK_DIR: buildpack, CNB_PLATFORM_DIR: platform, CNB_BUILD_PLAN_PATH: join(platform, "plan.toml"), CNB_TARGET_ARCH: "amd64" });
  const apps = [
    ["empty dir (no go.mod)", mkdtempSync(join(work, "empty-app-")), { ms: 12 }],
    ["samples/go/http-hello", join(root, "samples", "go", "http-hello"), { ms: 15 }],
    ["samples/go/http-router", join(root, "samples", "go", "http-router")],
    ["samples/go/cloudevents-echo", join(root, "samples", "go", "cloudevents-echo")],
  ];
  for (const [files, target] of [[1], [20, { ms: 25 }], [200, { ms: 120, peakMb: 64 }]]) {
    const { dir, lines } = generatedPackage(files);
    apps.push([`generated package, ${files} files, ${lines.toLocaleString("en")} lines`, dir, target]);
  }
  const rows = [];
  for (const [app, dir, target] of apps) {
    for (const [name, buildpack] of Object.entries(buildpacks)) {
      const measured = alternate(runs, () => timed(join(buildpack, "bin", "detect"), dir, env(buildpack, mkdtempSync(join(work, "platform-")))), () => timed(floor, dir, {}));
      const verdict = measured.code === 0 ? "pass" : measured.code === 100 ? "fail" : `exit ${measured.code}`;
      rows.push([app, name, verdict, ...figures(measured), name === "go-http-function" ? targetMet(measured, target) : ""]);
    }
  }
  rows.push(buildPhase(runs, floor, noPath));
  section(
    "Detect",
    `Wall time of each buildpack's compiled \`bin/detect\` (process start to exit as packages/cnb/tools/proctime, a small Go program, times it — timed from Node, every figure also held Node's own spawning, about 2 ms; PATH with nothing on it: no Node.js) and of the floor, a bun hello world compiled the same way (bytecode, minified) that prints a line and exits; ${runs} pairs of runs, detect and floor in turn (A B B A …), medians. "÷ floor" is the median of detect ÷ floor per pair: absolute times depend on the machine, the ratio much less. Peak RSS from the process's own resource usage (the largest run). Generated packages hold one HTTP function among helper files of 40 unexported one-line funcs each (about 100 lines a file). The last row is \`bin/build\` of samples/go/http-hello with the plan its detect wrote (fnpacks' phase only: no lifecycle, no go-build). Targets (issue 16, for go-http-function): empty dir ≤ 12 ms, http-hello ≤ 15 ms, 20 files ≤ 25 ms, 200 files ≤ 120 ms and ≤ 64 MB, build ≤ 60 ms.`,
    table(["app", "buildpack", "result", "median ms", "floor ms", "÷ floor", "peak RSS MB", "target"], rows),
  );
}

/** The floor: a bun hello world compiled as the buildpacks are. */
function compileFloor() {
  const { bunArgs, bunExecutable } = require(join(root, "packages", "cnb", "dist", "compile", "compile.js"));
  const dir = join(work, "floor");
  mkdirSync(dir);
  writeFileSync(join(dir, "hello.ts"), 'console.log("hello");\nprocess.exit(100);\n');
  execFileSync(bunExecutable(), bunArgs(join(dir, "hello.ts"), join(dir, "hello"), process.arch === "arm64" ? "arm64" : "amd64"), { cwd: dir, stdio: "ignore" });
  return join(dir, "hello");
}

/**
 * One run of a command, timed by @fnpacks/cnb's proctime (a small Go program) from the
 * command's start to its exit: wall ms, peak RSS MB, exit code. Timed from here, each figure
 * would also hold Node's own spawning of a process, about 2 ms.
 */
function timed(command, cwd, env) {
  const { proctimeExecutable } = require(join(root, "packages", "cnb", "dist", "testing", "index.js"));
  const out = join(work, "proctime.json");
  const result = spawnSync(proctimeExecutable(), ["-out", out, command], { cwd, env, stdio: "ignore" });
  if (result.status !== 0) throw new Error(`proctime ${command} failed (${result.status})`);
  const { ms, peakKb, code } = JSON.parse(readFileSync(out, "utf8"));
  return { ms, peakMb: peakKb / 1024, code };
}

/** `runs` pairs of a and b in turn (A B, B A, …), with the median of a ÷ b per pair. */
function alternate(runs, a, b) {
  const pairs = [];
  for (let run = 0; run < runs; run++) {
    if (run % 2 === 0) {
      const x = a();
      pairs.push([x, b()]);
    } else {
      const y = b();
      pairs.push([a(), y]);
    }
  }
  return {
    ms: median(pairs.map(([x]) => x.ms)),
    floorMs: median(pairs.map(([, y]) => y.ms)),
    ratio: median(pairs.map(([x, y]) => x.ms / y.ms)),
    peakMb: Math.max(...pairs.map(([x]) => x.peakMb)),
    code: pairs[pairs.length - 1][0].code,
  };
}

function figures(m) {
  return [m.ms.toFixed(1), m.floorMs.toFixed(1), `**${m.ratio.toFixed(2)}**`, m.peakMb.toFixed(0)];
}

function targetMet(m, target) {
  if (!target) return "";
  const parts = [`≤ ${target.ms} ms: ${m.ms <= target.ms ? "met" : "not met"}`];
  if (target.peakMb) parts.push(`≤ ${target.peakMb} MB: ${m.peakMb <= target.peakMb ? "met" : "not met"}`);
  return parts.join(", ");
}

/** go-http-function's `bin/build` on a copy of samples/go/http-hello, with the plan its detect wrote. */
function buildPhase(runs, floor, noPath) {
  const { parseToml, stringifyToml } = require(join(root, "packages", "cnb", "dist", "index.js"));
  const buildpack = buildpacks["go-http-function"];
  const app = join(work, "build-app");
  cpSync(join(root, "samples", "go", "http-hello"), app, { recursive: true });
  const platform = mkdtempSync(join(work, "platform-"));
  const env = { PATH: noPath, CNB_BUILDPACK_DIR: buildpack, CNB_PLATFORM_DIR: platform, CNB_BUILD_PLAN_PATH: join(platform, "plan.toml"), CNB_TARGET_ARCH: "amd64" };
  const detected = spawnSync(join(buildpack, "bin", "detect"), [], { cwd: app, env, encoding: "utf8" });
  if (detected.status !== 0) throw new Error(`detect of samples/go/http-hello did not pass: ${detected.stdout}${detected.stderr}`);
  const plan = join(platform, "buildpack-plan.toml");
  writeFileSync(plan, stringifyToml({ entries: parseToml(readFileSync(join(platform, "plan.toml"), "utf8")).requires }));
  const build = () => timed(join(buildpack, "bin", "build"), app, { ...env, CNB_LAYERS_DIR: mkdtempSync(join(work, "layers-")), CNB_BP_PLAN_PATH: plan });
  const measured = alternate(runs, build, () => timed(floor, app, {}));
  return ["`bin/build` of samples/go/http-hello", "go-http-function", measured.code === 0 ? "built" : `exit ${measured.code}`, ...figures(measured), targetMet(measured, { ms: 60 })];
}

/** A package of one HTTP function and `files - 1` helper files of 40 unexported one-line funcs. */
function generatedPackage(files) {
  const dir = join(work, `package-${files}`);
  mkdirSync(dir);
  writeFileSync(join(dir, "go.mod"), "module example.com/generated\n\ngo 1.22\n");
  const handler = 'package generated\n\nimport "net/http"\n\nfunc Handler(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }\n';
  writeFileSync(join(dir, "handler.go"), handler);
  let lines = handler.split("\n").length - 1;
  for (let i = 1; i < files; i++) {
    const decls = Array.from({ length: 40 }, (_, j) => `${j % 2 ? "" : `// helper${i}x${j} is the distance between a and b.\n`}func helper${i}x${j}(a, b int) (int, error) { if a > b { return a - b, nil }; return b - a, nil }\n`);
    const text = `package generated\n\n${decls.join("\n")}`;
    writeFileSync(join(dir, `helpers${i}.go`), text);
    lines += text.split("\n").length - 1;
  }
  return { dir, lines };
}

// ---------------------------------------------------------------------------------------------

/** A full real-lifecycle build of a function vs the plain Go group building the equivalent main. */
async function buildOverhead() {
  log("builds through the real lifecycle…");
  const plain = join(work, "plain-hello");
  mkdirSync(plain);
  writeFileSync(join(plain, "go.mod"), "module example.com/hello\n\ngo 1.22\n");
  // The equivalent app: the same handler in package main with a hand-written main.
  writeFileSync(join(plain, "hello.go"), readFileSync(join(root, "samples", "go", "http-hello", "hello.go"), "utf8").replace("package hello", "package main"));
  writeFileSync(join(plain, "main.go"), 'package main\n\nimport (\n\t"net/http"\n\t"os"\n)\n\nfunc main() { http.ListenAndServe(":"+os.Getenv("PORT"), http.HandlerFunc(Handler)) }\n');
  // Each in the group a real Paketo builder runs for an app with go.mod: with go-mod-vendor
  // (devkit's stand-in), which passes detect whenever go.mod exists.
  const { GO_DIST_STANDIN, GO_MOD_VENDOR_STANDIN, GO_BUILD } = devkit;
  const cases = {
    "function (go-dist stand-in, go-http-function, go-mod-vendor stand-in, go-build)": [
      join(root, "samples", "go", "http-hello"),
      [[GO_DIST_STANDIN, buildpacks["go-http-function"], GO_MOD_VENDOR_STANDIN, GO_BUILD]],
    ],
    "plain main (go-dist stand-in, go-mod-vendor stand-in, go-build)": [plain, [[GO_DIST_STANDIN, GO_MOD_VENDOR_STANDIN, GO_BUILD]]],
  };
  const runs = QUICK ? 1 : 3;
  const times = {};
  for (let run = 0; run < runs; run++) {
    for (const [name, [appDir, groups]] of Object.entries(cases)) {
      const began = Date.now();
      const app = await devkit.buildApp({ appDir, groups });
      times[name] ??= [];
      times[name].push((Date.now() - began) / 1000);
      await app.remove();
    }
  }
  const [fn, base] = Object.values(times).map(median);
  report.chart.push(["lifecycle build time", fn / base]);
  section(
    "Build overhead",
    `Wall time of detect + build through the real lifecycle (devkit: detector and builder, real go-build), median of ${runs} alternating runs each, for samples/go/http-hello and the equivalent package main app. The share is what detection and generation add to the whole build.`,
    `${table(
      ["build", "median s"],
      Object.entries(times).map(([name, t]) => [name, median(t).toFixed(1)]),
    )}\n\nShare added by fnpacks: ${(((fn - base) / fn) * 100).toFixed(1)} % of the function's build.`,
  );
}

// ---------------------------------------------------------------------------------------------

async function serving(binaries) {
  log("serving…");
  const [serverCpu, loadCpu] = pinnedCpus();
  const workloads = [
    ["HTTP GET /", "http", [], ""],
    ["CloudEvents, binary mode, reply event", "ce", EVENT_HEADERS, "ping"],
  ];
  const headline = [];
  const raw = [];
  for (const [label, kind, headers, body] of workloads) {
    const probe = kind === "ce" ? { headers, body } : {};
    const pairs = [];
    let firstError = "";
    // Fresh processes for each session, so what is peculiar to one process (its memory
    // layout, its threads' placement) is averaged too. Within a session both servers stay up
    // on the server CPU; only one is loaded at a time.
    for (let session = 0; session < SESSIONS; session++) {
      const generated = await startServer(binaries[`${kind}-generated`], probe, { cpu: serverCpu });
      const handwritten = await startServer(binaries[`${kind}-handwritten`], probe, { cpu: serverCpu });
      try {
        const args = ["-c", String(CONNECTIONS), "-pairs", String(PAIRS / SESSIONS), "-d", ROUND, "-warmup", ROUND_WARMUP];
        args.push("-a", generated.url, "-a-pid", String(generated.process.pid), "-b", handwritten.url, "-b-pid", String(handwritten.process.pid));
        if (body) args.push("-method", "POST", "-body", body);
        for (const h of headers) args.push("-H", h);
        const result = JSON.parse(execFileSync("taskset", ["-c", String(loadCpu), join(work, "loadgen"), "rounds", ...args], { encoding: "utf8" }));
        pairs.push(...result.pairs);
        firstError ||= result.first_error ?? "";
      } finally {
        await generated.kill();
        await handwritten.kill();
      }
    }
    // A round in which the server never got its CPU (the VM's vCPU was descheduled, or other
    // work had it all) has nothing to measure per CPU-second: its pair is left out and counted.
    const unread = pairs.flatMap((p) => [p.a, p.b]).find((r) => r.cpu_error && !/used no CPU/.test(r.cpu_error));
    if (unread) throw new Error(`loadgen could not read a server's CPU time (/proc/PID/task/*/schedstat): ${unread.cpu_error}`);
    const measured = pairs.filter((p) => p.a.server_cpu_ms && p.b.server_cpu_ms);
    if (measured.length < pairs.length / 2) throw new Error(`the servers got no CPU at all in ${pairs.length - measured.length} of ${pairs.length} pairs of rounds: the machine is too busy to measure`);
    for (const p of measured) for (const r of [p.a, p.b]) r.requests_per_cpu_s ??= 0; // none served in the window
    const roundMs = Number.parseInt(ROUND, 10);
    const side = (key) => ({
      perCpu: median(measured.map((p) => p[key].requests_per_cpu_s)),
      rps: median(measured.map((p) => p[key].rps)),
      onCpu: median(measured.map((p) => p[key].server_cpu_ms / roundMs)),
      p50: median(measured.map((p) => p[key].p50_us)),
      p99: median(measured.map((p) => p[key].p99_us)),
      errors: pairs.reduce((n, p) => n + p[key].errors, 0),
    });
    const g = side("a");
    const h = side("b");
    const perCpu = spread(measured.map((p) => p.a.requests_per_cpu_s / p.b.requests_per_cpu_s));
    const left = pairs.length - measured.length;
    const rps = spread(measured.map((p) => p.a.rps / p.b.rps));
    const name = kind === "ce" ? "CloudEvents" : "HTTP";
    log(`  ${name}: generated ÷ hand-written per CPU-second ${perCpu.median.toFixed(3)} (95 % CI ${perCpu.ciLow.toFixed(3)}–${perCpu.ciHigh.toFixed(3)}, IQR ${perCpu.q1.toFixed(3)}–${perCpu.q3.toFixed(3)}); req/s ${rps.median.toFixed(3)} (IQR ${rps.q1.toFixed(3)}–${rps.q3.toFixed(3)}); servers on CPU ${pct(g.onCpu)} / ${pct(h.onCpu)}${left ? `; ${left} pairs without CPU left out` : ""}${firstError ? `; first error: ${firstError}` : ""}`);
    if (Math.min(g.onCpu, h.onCpu) < 0.9) log("  note: other work on the machine took CPU from the servers: the req/s ratios are noisy, the per-CPU-second ones hold");
    headline.push([label, g.perCpu.toFixed(0), h.perCpu.toFixed(0), `**${perCpu.median.toFixed(3)}**`, range(perCpu.ciLow, perCpu.ciHigh), range(perCpu.q1, perCpu.q3), range(perCpu.min, perCpu.max), `${measured.length} of ${pairs.length}`]);
    raw.push([label, g.rps.toFixed(0), h.rps.toFixed(0), rps.median.toFixed(3), range(rps.q1, rps.q3), `${pct(g.onCpu)} / ${pct(h.onCpu)}`, `${g.p50.toFixed(0)} / ${h.p50.toFixed(0)}`, `${g.p99.toFixed(0)} / ${h.p99.toFixed(0)}`, `${g.errors} / ${h.errors}`]);
    report.chart.push([`throughput per CPU, ${name}`, perCpu.median, [perCpu.q1, perCpu.q3]]);
  }
  section(
    "Serving",
    `Closed-loop load on loopback from bench/loadgen (rounds mode: ${CONNECTIONS} keep-alive connections opened afresh each round, ${ROUND_WARMUP} warm-up, then ${ROUND} measured), ${PAIRS} pairs of rounds alternating generated and hand-written (A B, B A, …) against both servers running side by side, in ${SESSIONS} sessions of fresh server processes. The servers are pinned to CPU ${serverCpu} and the load generator to CPU ${loadCpu} (\`taskset\`), so each server has exactly one core and never shares it with its load. Each server is CPU-bound (16 requests always waiting), so its throughput is what its core can do: requests served per second of the server's own CPU time (read from the scheduler's counters over the same window), which other work on the machine barely moves — unlike plain req/s, which drops whenever something else takes the core. The ratio is generated ÷ hand-written per pair of rounds: its median, the median's 95 % confidence interval (order statistics), the interquartile range and the range over the pairs (a pair with a round in which the server got no CPU at all is left out: "pairs" counts those kept). The hand-written mains (packages/go-codegen/bench/handwritten*) have the protections the runtime must have, at its defaults: ReadHeaderTimeout 10 s, IdleTimeout 120 s, and for CloudEvents a 32 MiB body limit (http.MaxBytesReader). Target: generated ≥ 0.97 of hand-written throughput.`,
    `${table(["workload", "generated req/CPU-s", "hand-written req/CPU-s", "ratio (median)", "95 % CI of median", "IQR", "range", "pairs"], headline)}\n\nThe same rounds in wall-clock terms (medians of rounds; "on CPU" is the share of each round the server ran, about 100 % on a quiet machine):\n\n${table(["workload", "generated req/s", "hand-written req/s", "req/s ratio (median)", "IQR", "servers on CPU gen / hand", "p50 µs gen / hand", "p99 µs gen / hand", "errors gen / hand"], raw)}`,
  );
}

/**
 * MCP tools: tools/call round trips through the SDK's own client (bench/mcp/load) against the
 * server fnpacks generates for samples/go/mcp-tools and a hand-written SDK server around the
 * same function (bench/mcp/handwritten), pinned and alternated as the serving rounds are.
 */
async function mcpServing() {
  log("MCP tools/call…");
  const [serverCpu, loadCpu] = pinnedCpus();
  const go = (cwd, ...args) => execFileSync("go", args, { cwd, stdio: ["ignore", "ignore", "inherit"] });
  const app = join(work, "mcp");
  cpSync(join(root, "samples", "go", "mcp-tools"), app, { recursive: true });
  // The same function on both sides: the generated server with the one tool the hand-written one has.
  const convert = { target: target("example.com/weather", "Convert", "weather.go:67"), description: "Convert converts a temperature between Celsius and Fahrenheit." };
  writeGenerated(app, mcpTools.generateMcpServer([convert]));
  mkdirSync(join(app, "_handwritten"));
  cpSync(join(root, "bench", "mcp", "handwritten", "main.go.txt"), join(app, "_handwritten", "main.go"));
  go(app, "build", "-trimpath", "-o", join(work, "mcp-generated"), "./fnpacks-generated/server");
  go(app, "build", "-trimpath", "-o", join(work, "mcp-handwritten"), "./_handwritten");
  go(join(root, "bench", "mcp"), "build", "-o", join(work, "mcpload"), "./load");
  const initialize = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "bench", version: "1" } } });
  const probe = { path: "/mcp", headers: ["content-type: application/json", "accept: application/json, text/event-stream"], body: initialize };
  const pairs = [];
  for (let session = 0; session < SESSIONS; session++) {
    const generated = await startServer(join(work, "mcp-generated"), probe, { cpu: serverCpu });
    const handwritten = await startServer(join(work, "mcp-handwritten"), probe, { cpu: serverCpu });
    try {
      const args = ["-sessions", String(CONNECTIONS), "-pairs", String(PAIRS / SESSIONS), "-d", ROUND, "-warmup", ROUND_WARMUP];
      args.push("-a", generated.url, "-a-pid", String(generated.process.pid), "-b", handwritten.url, "-b-pid", String(handwritten.process.pid));
      args.push("-tool", "Convert", "-args", '{"value":100,"from":"C"}');
      pairs.push(...JSON.parse(execFileSync("taskset", ["-c", String(loadCpu), join(work, "mcpload"), ...args], { encoding: "utf8" })).pairs);
    } finally {
      await generated.kill();
      await handwritten.kill();
    }
  }
  const failed = pairs.flatMap((p) => [p.a, p.b]).find((r) => r.errors > 0);
  if (failed) throw new Error(`tools/call failed during the rounds: ${failed.first_call_error}`);
  const unread = pairs.flatMap((p) => [p.a, p.b]).find((r) => r.cpu_error && !/used no CPU/.test(r.cpu_error));
  if (unread) throw new Error(`mcpload could not read a server's CPU time: ${unread.cpu_error}`);
  const measured = pairs.filter((p) => p.a.server_cpu_ms && p.b.server_cpu_ms);
  if (measured.length < pairs.length / 2) throw new Error(`the servers got no CPU in ${pairs.length - measured.length} of ${pairs.length} pairs of rounds: the machine is too busy to measure`);
  const roundMs = Number.parseInt(ROUND, 10);
  const side = (key) => ({
    perCpu: median(measured.map((p) => p[key].calls_per_cpu_s)),
    perSecond: median(measured.map((p) => p[key].calls_per_s)),
    onCpu: median(measured.map((p) => p[key].server_cpu_ms / roundMs)),
    p50: median(measured.map((p) => p[key].p50_us)),
    p99: median(measured.map((p) => p[key].p99_us)),
  });
  const g = side("a");
  const h = side("b");
  const perCpu = spread(measured.map((p) => p.a.calls_per_cpu_s / p.b.calls_per_cpu_s));
  const perSecond = spread(measured.map((p) => p.a.calls_per_s / p.b.calls_per_s));
  log(`  MCP: generated ÷ hand-written tools/call per CPU-second ${perCpu.median.toFixed(3)} (95 % CI ${perCpu.ciLow.toFixed(3)}–${perCpu.ciHigh.toFixed(3)}, IQR ${perCpu.q1.toFixed(3)}–${perCpu.q3.toFixed(3)}); calls/s ${perSecond.median.toFixed(3)}; servers on CPU ${pct(g.onCpu)} / ${pct(h.onCpu)}`);
  report.chart.push(["throughput per CPU, MCP tools/call", perCpu.median, [perCpu.q1, perCpu.q3]]);
  section(
    "MCP tools/call",
    `tools/call round trips of samples/go/mcp-tools' Convert through the MCP Go SDK's own client (bench/mcp/load, SDK v1.8.0): ${CONNECTIONS} sessions per server, each opened once (initialize) and calling back to back; ${PAIRS} pairs of rounds (${ROUND_WARMUP} warm-up, ${ROUND} measured) alternating the generated server and a hand-written SDK server around the same function (bench/mcp/handwritten: the same slowloris timeouts, the SDK's localhost protection off as behind a proxy), in ${SESSIONS} sessions of fresh server processes, servers pinned to CPU ${serverCpu} and the client to CPU ${loadCpu}. The figure is calls per second of the server's own CPU time, as in the serving rounds; the ratio is generated ÷ hand-written per pair. Target: ≥ 0.97.`,
    `${table(
      ["workload", "generated calls/CPU-s", "hand-written calls/CPU-s", "ratio (median)", "95 % CI of median", "IQR", "range", "pairs"],
      [["tools/call Convert", g.perCpu.toFixed(0), h.perCpu.toFixed(0), `**${perCpu.median.toFixed(3)}**`, range(perCpu.ciLow, perCpu.ciHigh), range(perCpu.q1, perCpu.q3), range(perCpu.min, perCpu.max), `${measured.length} of ${pairs.length}`]],
    )}\n\n${table(
      ["workload", "generated calls/s", "hand-written calls/s", "calls/s ratio (median)", "servers on CPU gen / hand", "p50 µs gen / hand", "p99 µs gen / hand"],
      [["tools/call Convert", g.perSecond.toFixed(0), h.perSecond.toFixed(0), perSecond.median.toFixed(3), `${pct(g.onCpu)} / ${pct(h.onCpu)}`, `${g.p50.toFixed(0)} / ${h.p50.toFixed(0)}`, `${g.p99.toFixed(0)} / ${h.p99.toFixed(0)}`]],
    )}`,
  );
}

/** Median, its 95 % confidence interval from order statistics, quartiles and range of values. */
function spread(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  // The median lies between the k-th smallest and k-th largest with 95 % confidence.
  const k = Math.max(0, Math.floor(n / 2 - (1.96 * Math.sqrt(n)) / 2));
  return {
    median: median(sorted),
    ciLow: sorted[k],
    ciHigh: sorted[n - 1 - k],
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
    min: sorted[0],
    max: sorted[n - 1],
  };
}

function range(low, high) {
  return `${low.toFixed(3)}–${high.toFixed(3)}`;
}

function pct(share) {
  return `${(share * 100).toFixed(0)} %`;
}

/**
 * The two CPUs the serving rounds pin the servers and the load generator to. Without taskset
 * (util-linux) or without two CPUs this process may use, the rounds share cores and the
 * ratios wander by ±10 %: refuse rather than print figures that cannot be trusted.
 */
function pinnedCpus() {
  const probe = spawnSync("taskset", ["-pc", String(process.pid)], { encoding: "utf8" });
  if (probe.error?.code === "ENOENT") {
    throw new Error("the serving section needs taskset (util-linux) to pin the servers and the load generator to separate CPUs: install it (e.g. apt-get install -y util-linux) and run again");
  }
  if (probe.status !== 0) throw new Error(`taskset -pc ${process.pid} failed: ${probe.stderr.trim()}`);
  // "pid 123's current affinity list: 0-3,6"
  const list = probe.stdout.split(":").pop().trim();
  const allowed = list.split(",").flatMap((part) => {
    const [lo, hi = lo] = part.split("-").map(Number);
    return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
  });
  if (allowed.length < 2) throw new Error(`the serving section needs two CPUs to pin the servers and the load generator apart; this process may use only ${list}`);
  return allowed.slice(0, 2);
}

// ---------------------------------------------------------------------------------------------

async function coldStart(binaries) {
  log("cold start…");
  const runs = QUICK ? 5 : 20;
  const rows = [];
  for (const kind of ["http", "ce"]) {
    const times = {};
    for (let run = 0; run < runs; run++) {
      for (const variant of ["generated", "handwritten"]) {
        const server = await startServer(binaries[`${kind}-${variant}`], kind === "ce" ? { headers: EVENT_HEADERS, body: "ping" } : {}, { pollMs: 1 });
        times[variant] ??= [];
        times[variant].push(Number(process.hrtime.bigint() - server.startedAt) / 1e6);
        await server.kill();
      }
    }
    const g = median(times.generated);
    const h = median(times.handwritten);
    rows.push([kind === "ce" ? "CloudEvents" : "HTTP", g.toFixed(1), h.toFixed(1), ratio(g, h)]);
    report.chart.push([`cold start, ${kind === "ce" ? "CloudEvents" : "HTTP"}`, g / h]);
  }
  section(
    "Cold start",
    `Process start to the first 200 response (polled every 1 ms), median of ${runs} alternating runs.`,
    table(["server", "generated ms", "hand-written ms", "ratio"], rows),
  );
}

// ---------------------------------------------------------------------------------------------

async function shutdown(binaries) {
  log("shutdown…");
  const runs = QUICK ? 1 : 3;
  const rows = [];
  for (let run = 1; run <= runs; run++) {
    const server = await startServer(binaries["http-generated"], {});
    const load = spawn(join(work, "loadgen"), ["steady", "-url", server.url, "-c", "16", "-d", "60s", "-until-unready", `${server.url}.fnpacks/ready`], { stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    load.stdout.on("data", (d) => (output += d));
    const loadDone = new Promise((r) => load.on("close", r));
    await sleep(1000);
    const began = process.hrtime.bigint();
    server.process.kill("SIGTERM");
    const unreadyMs = await untilUnready(server, began);
    await server.exited;
    const exitMs = Number(process.hrtime.bigint() - began) / 1e6;
    await loadDone;
    const result = JSON.parse(output);
    rows.push([run, result.requests, result.errors, unreadyMs.toFixed(1), (exitMs / 1000).toFixed(2)]);
  }
  section(
    "Shutdown",
    "The generated HTTP server with its defaults (drain delay 5 s, shutdown timeout 15 s) under steady load (16 connections); SIGTERM after 1 s. The load generator stops sending once readiness fails, as a load balancer would. Failed requests must be 0.",
    table(["run", "requests", "failed", "readiness 503 after ms", "exit after s"], rows),
  );
  await shutdownKeepAlive(binaries, runs);
}

/**
 * The keep-alive race: POST load (never retried by clients) that keeps using its open
 * connections through the drain and the shutdown, as a proxy does that has not yet noticed
 * readiness failing, and opens no new connection. A request written on an accepted connection
 * that gets no complete response is a failure; a `Connection: close` response ends that
 * connection's load without one.
 */
async function shutdownKeepAlive(binaries, runs) {
  log("shutdown under keep-alive POST load…");
  const rows = [];
  for (const kind of ["http", "ce"]) {
    const name = kind === "ce" ? "CloudEvents" : "HTTP";
    for (let run = 1; run <= runs; run++) {
      const probe = kind === "ce" ? { headers: EVENT_HEADERS, body: "ping" } : {};
      const server = await startServer(binaries[`${kind}-generated`], probe);
      const args = ["drain", "-url", server.url, "-c", "16", "-max", "40s", "-method", "POST", "-body", probe.body ?? "hello"];
      for (const h of probe.headers ?? []) args.push("-H", h);
      const load = spawn(join(work, "loadgen"), args, { stdio: ["ignore", "pipe", "inherit"] });
      let output = "";
      let announceReady;
      const ready = new Promise((r) => (announceReady = r));
      load.stdout.on("data", (d) => {
        output += d;
        if (output.startsWith("ready\n")) announceReady();
      });
      const loadDone = new Promise((r) => load.on("close", r));
      // The loadgen says "ready" once its 16 connections have each had a response; if it
      // fails before that, its exit ends the wait instead.
      const status = await Promise.race([ready.then(() => "ready"), loadDone]);
      if (status !== "ready") {
        await server.kill();
        throw new Error(`loadgen drain exited (${status}) before its connections were up`);
      }
      await sleep(1000);
      const sigtermAt = Date.now();
      const began = process.hrtime.bigint();
      server.process.kill("SIGTERM");
      const unreadyMs = await untilUnready(server, began);
      await server.exited;
      const exitS = Number(process.hrtime.bigint() - began) / 1e9;
      await loadDone;
      const result = JSON.parse(output.slice("ready\n".length));
      const after = (ms) => `+${((ms - sigtermAt) / 1000).toFixed(2)}`;
      const failedAt = [...new Set((result.failure_samples ?? []).map((f) => after(f.at_unix_ms)))].join(", ") || "—";
      log(`  ${name} run ${run}: ${result.failures} failed, ${result.closed_with_notice} closed with notice, ${result.closed_idle} closed idle${result.failure_samples ? `; first failure: ${result.failure_samples[0].error}` : ""}`);
      rows.push([
        name,
        run,
        result.requests,
        `**${result.failures}**`,
        failedAt,
        result.closed_with_notice,
        result.closed_idle,
        result.failed,
        result.open,
        unreadyMs.toFixed(1),
        exitS.toFixed(2),
      ]);
    }
  }
  section(
    "Shutdown under keep-alive POST load",
    "The generated servers with their defaults (drain delay 5 s, shutdown timeout 15 s). bench/loadgen drain opens 16 keep-alive connections and has one response on each before SIGTERM (sent 1 s later), then keeps POSTing back to back on those same connections through the drain and the shutdown, whatever readiness says — as a proxy that has not yet noticed — and never opens another (raw connections, no retries). A request written on an open connection that gets no complete response (reset, EOF) is a failure: POSTs are not retried by clients. A connection ends without loss when a response carries `Connection: close` or when the server closed it while idle and the client noticed before writing. Failed requests must be 0.",
    table(["server", "run", "requests", "failed", "failed at s after SIGTERM", "conns closed with notice", "conns closed idle", "conns ended by a failure", "conns still open", "readiness 503 after ms", "exit after s"], rows),
  );
}

/** Polls readiness (as the platform would) until it fails; ms since `began`. */
async function untilUnready(server, began) {
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const status = await fetch(`${server.url}.fnpacks/ready`).then((r) => r.status, () => 0);
    if (status !== 200) return Number(process.hrtime.bigint() - began) / 1e6;
    await sleep(1);
  }
  throw new Error("readiness still 200 long after SIGTERM");
}

// ---------------------------------------------------------------------------------------------

/**
 * Starts a server on a free port and resolves once it answers 200; `startedAt` is its spawn
 * time. With `cpu`, the server runs pinned to that CPU (taskset execs it: same pid).
 */
async function startServer(binary, probe, { pollMs = 10, cpu } = {}) {
  const port = await devkit.freePort();
  const startedAt = process.hrtime.bigint();
  const [command, args] = cpu === undefined ? [binary, []] : ["taskset", ["-c", String(cpu), binary]];
  // The same process harness devkit and the go-codegen tests use.
  const server = startProcess(command, { args, env: { ...process.env, PORT: String(port), FNPACKS_LOG_LEVEL: "warn" } });
  const url = `http://127.0.0.1:${port}${probe.path ?? "/"}`;
  let done = false;
  server.exited.then(() => {
    done = true;
  });
  const init = probe.body ? { method: "POST", headers: Object.fromEntries(probe.headers.map((h) => h.split(": "))), body: probe.body } : {};
  // Bounded: a server that neither answers nor exits within 30 s is a failure. Polled here,
  // not with waitForHttp, so that cold start is timed to the first 200 at pollMs resolution.
  const giveUp = Date.now() + 30_000;
  for (;;) {
    if (done) throw new Error(`${binary} exited before serving:\n${server.logs.join("\n")}`);
    if (Date.now() > giveUp) {
      await server.kill();
      throw new Error(`${binary} did not answer within 30 s`);
    }
    if (await fetch(url, init).then((r) => r.ok, () => false)) break;
    await sleep(pollMs);
  }
  return { startedAt, url, process: server.process, exited: server.exited, kill: () => server.kill() };
}

// ---------------------------------------------------------------------------------------------

function writeReport() {
  const date = new Date().toISOString().slice(0, 10);
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  const machine = `${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${process.platform}/${process.arch}, ${execFileSync("go", ["version"], { encoding: "utf8" }).trim()}, Node ${process.version}`;
  const md = [
    "# fnpacks benchmarks",
    "",
    `Measured ${date} at ${revision()} on ${machine}${QUICK ? " (BENCH_QUICK: fewer, shorter runs)" : ""}. Regenerate with \`pnpm bench\`.`,
    "Absolute times are bound to that machine; the ratios (fnpacks ÷ counterpart, same run) are the figures to compare run to run.",
    "",
    "![ratios](chart.svg)",
    "",
    ...report.sections,
  ].join("\n");
  writeFileSync(join(root, "bench", "report.md"), `${md}\n`);
  writeFileSync(join(root, "bench", "chart.svg"), chart(report.chart));
  log(`wrote bench/report.md and bench/chart.svg`);
}

/** The commit measured, and whether the tree had changes beyond it (they were measured too). */
function revision() {
  const git = (...args) => spawnSync("git", args, { cwd: root, encoding: "utf8" });
  const head = git("rev-parse", "--short", "HEAD");
  if (head.status !== 0) return "an unknown commit";
  const dirty = git("status", "--porcelain", "--untracked-files=no").stdout.trim() !== "";
  return `commit ${head.stdout.trim()}${dirty ? " plus uncommitted changes" : ""}`;
}

/** A horizontal bar per ratio, with 1.0 (parity) marked and, where a figure has one, its spread (IQR) as a whisker. */
function chart(bars) {
  const width = 720;
  const rowHeight = 28;
  const left = 230;
  const scale = (width - left - 60) / Math.max(2, ...bars.map(([, v, spread]) => Math.max(v, ...(spread ?? []))));
  const height = bars.length * rowHeight + 50;
  const rows = bars
    .map(([label, value, spread], i) => {
      const y = 30 + i * rowHeight;
      const whisker = spread
        ? `<line x1="${(left + spread[0] * scale).toFixed(1)}" y1="${y + 9}" x2="${(left + spread[1] * scale).toFixed(1)}" y2="${y + 9}" stroke="#111" stroke-width="2"/>`
        : "";
      const end = Math.max(value, spread?.[1] ?? 0);
      const text = spread ? `${value.toFixed(2)} (IQR ${spread[0].toFixed(2)}–${spread[1].toFixed(2)})` : value.toFixed(2);
      return `<text x="${left - 8}" y="${y + 14}" text-anchor="end">${escapeXml(label)}</text><rect x="${left}" y="${y}" width="${(value * scale).toFixed(1)}" height="18" fill="${withinTarget(label, value) ? "#2e7d32" : "#ef6c00"}"/>${whisker}<text x="${(left + end * scale + 6).toFixed(1)}" y="${y + 14}">${text}</text>`;
    })
    .join("\n  ");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="13">
  <text x="${left}" y="18" font-weight="bold">fnpacks ÷ counterpart (1.00 = parity; lower is better except throughput)</text>
  ${rows}
  <line x1="${left + scale}" y1="24" x2="${left + scale}" y2="${height - 10}" stroke="#333" stroke-dasharray="4 3"/>
</svg>
`;
}

/** Green where the figure meets its target: throughput ≥ 0.97 of the counterpart, anything else ≤ 1.03. */
function withinTarget(label, value) {
  return label.startsWith("throughput") ? value >= 0.97 : value <= 1.03;
}

function escapeXml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;");
}

function section(title, method, body) {
  report.sections.push(`## ${title}\n\nMethod: ${method}\n\n${body}\n`);
}

function table(headers, rows) {
  return [`| ${headers.join(" | ")} |`, `|${headers.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The p-quantile of values, interpolating between neighbours (p = 0.5 is the median). */
function quantile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * p;
  const lo = Math.floor(at);
  return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (at - lo);
}

function mb(bytes) {
  return (bytes / 2 ** 20).toFixed(1);
}

function ratio(a, b) {
  return (a / b).toFixed(3);
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}
