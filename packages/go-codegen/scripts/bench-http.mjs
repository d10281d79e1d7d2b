#!/usr/bin/env node
// `pnpm bench`: throughput and latency of the generated server against a hand-written minimal
// net/http main around the same handler, measured in one run with the same load generator
// (bench/loadgen, a separate process on loopback). Rounds alternate between the two so drift
// on a busy machine hits both. Absolute numbers are machine-bound; the ratio is the figure.
import { execFileSync, spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const pkg = join(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "..");
const { generateHttpServer, writeGeneratedPackage } = await import(join(pkg, "dist", "index.js"));
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const seconds = process.env.BENCH_SECONDS ?? "5s";
const connections = process.env.BENCH_CONNECTIONS ?? "16";

const work = mkdtempSync(join(tmpdir(), "fnpacks-bench-http-"));
try {
  const app = join(work, "app");
  cpSync(join(pkg, "test", "fixtures", "handler-func"), app, { recursive: true });
  const modulePath = "example.com/fixtures/handler-func";
  await writeGeneratedPackage(app, generateHttpServer({ modulePath, importPath: modulePath, name: "Handler", position: "function.go:9" }, "handler-func"));
  mkdirSync(join(app, "_handwritten"));
  writeFileSync(join(app, "_handwritten", "main.go"), readFileSync(join(pkg, "bench", "handwritten", "main.go.txt")));
  const binaries = { generated: join(work, "generated"), handwritten: join(work, "handwritten") };
  execFileSync("go", ["build", "-o", binaries.generated, "./_fnpacks/server"], { cwd: app });
  execFileSync("go", ["build", "-o", binaries.handwritten, "./_handwritten"], { cwd: app });
  const loadgen = join(work, "loadgen");
  execFileSync("go", ["build", "-o", loadgen, "./loadgen"], { cwd: join(pkg, "bench") });

  const results = { generated: [], handwritten: [] };
  for (let round = 1; round <= rounds; round++) {
    for (const variant of Object.keys(binaries)) {
      const result = await measure(binaries[variant], loadgen);
      results[variant].push(result);
      console.log(`round ${round} ${variant.padEnd(11)} ${result.rps.toFixed(0)} req/s  p50 ${result.p50_us} µs  p99 ${result.p99_us} µs  errors ${result.errors}`);
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const summary = Object.fromEntries(
    Object.entries(results).map(([variant, rs]) => [variant, { rps: median(rs.map((r) => r.rps)), p99: median(rs.map((r) => r.p99_us)) }]),
  );
  const ratio = summary.generated.rps / summary.handwritten.rps;
  console.log(`\nmethod: ${rounds} alternating rounds of ${seconds} after 1 s warm-up, ${connections} keep-alive connections, GET /, medians of rounds`);
  console.log(`generated:   ${summary.generated.rps.toFixed(0)} req/s, p99 ${summary.generated.p99} µs`);
  console.log(`handwritten: ${summary.handwritten.rps.toFixed(0)} req/s, p99 ${summary.handwritten.p99} µs`);
  console.log(`throughput ratio generated/handwritten: ${ratio.toFixed(3)} (target ≥ 0.97)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

async function measure(binary, loadgen) {
  const port = await freePort();
  const server = spawn(binary, [], { env: { ...process.env, PORT: String(port), FNPACKS_LOG_LEVEL: "warn", FNPACKS_DRAIN_DELAY: "0s" }, stdio: "ignore" });
  try {
    const url = `http://127.0.0.1:${port}/`;
    await waitUntilServing(url);
    const out = execFileSync(loadgen, ["-url", url, "-c", connections, "-d", seconds], { encoding: "utf8" });
    return JSON.parse(out);
  } finally {
    server.kill("SIGKILL");
  }
}

async function waitUntilServing(url) {
  for (let i = 0; i < 500; i++) {
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${url} never answered`);
}

function freePort() {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}
