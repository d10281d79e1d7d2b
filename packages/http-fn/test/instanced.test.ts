import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runInProcess, useWorkspaces } from "@fnpacks/cnb/testing";
import { go, gofmtUnformatted, type RunningServer, startProcess, startServer } from "@fnpacks/go-codegen/testing";
import { functionBuildpack } from "@fnpacks/go-function";
import { httpFunction } from "../src";

// Knative Functions' instanced form, end to end: detect plans New, build generates the server,
// the real go builds it, and the server runs the instance's lifecycle on the shared runtime.
jest.setTimeout(180_000);
const buildpack = functionBuildpack(httpFunction);
const workspace = useWorkspaces(join(__dirname, ".."), afterAll);
let binary: string;
let scratch: string;
const servers: RunningServer[] = [];

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "instanced-"));
  const ws = await workspace("instanced");
  expect(await runInProcess(buildpack, "detect", ws)).toMatchObject({ code: 0, stderr: "" });
  await ws.planBuildFromDetect();
  const build = await runInProcess(buildpack, "build", ws, { ...process.env });
  expect(build).toMatchObject({ code: 0, stderr: "" });
  expect(build.stdout).toContain("serving func (*MyFunction) Handle(http.ResponseWriter, *http.Request) of the instance, with Start, Stop, Ready, Alive");
  expect(await gofmtUnformatted(ws.appDir, "fnpacks-generated")).toBe("");
  await go(ws.appDir, ["vet", "./fnpacks-generated/server"]);
  binary = join(scratch, "server");
  await go(ws.appDir, ["build", "-o", binary, "./fnpacks-generated/server"]);
});
afterEach(async () => {
  for (const server of servers.splice(0)) await server.kill();
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

async function serve(env: NodeJS.ProcessEnv = {}): Promise<RunningServer> {
  const server = await startServer(binary, env);
  servers.push(server);
  return server;
}

const status = async (url: string, init: RequestInit = {}) => (await fetch(url, init)).status;

it("plans New with Handle's shape and the lifecycle methods it has", async () => {
  const ws = await workspace("instanced");
  await runInProcess(buildpack, "detect", ws);
  expect((await ws.detectPlan()).requires).toMatchObject([
    {
      metadata: {
        candidates: [
          {
            name: "New",
            shape: "handler-func",
            position: "handle.go:26",
            instance: { type: "*MyFunction", methods: ["Start", "Stop", "Ready", "Alive"], ignored: [] },
          },
        ],
      },
    },
  ]);
});

it("listens while Start runs: liveness 200, readiness and requests 503, then serves with Start's configuration", async () => {
  const server = await serve({ START_DELAY: "1500ms", GREETING: "Howdy" });
  await server.waitForLog("instance: Start");
  expect(await status(`${server.url}/health/liveness`, { headers: { "User-Agent": "kube-probe/1.31" } })).toBe(200);
  expect(await status(`${server.url}/health/readiness`)).toBe(503);
  expect(await status(`${server.url}/`)).toBe(503);
  for (let i = 0; i < 100 && (await status(`${server.url}/health/readiness`)) !== 200; i++) await new Promise((r) => setTimeout(r, 50));
  const answer = await fetch(`${server.url}/`);
  expect([answer.status, await answer.text()]).toEqual([200, "Howdy from the instance\n"]);
  expect(server.logs.filter((l) => l.includes("instance: New"))).toHaveLength(1);
});

it("Ready=false keeps readiness at 503 while liveness stays 200, also at Knative's paths for kube-probe", async () => {
  const maintenance = join(scratch, "maintenance");
  await writeFile(maintenance, "");
  const server = await serve({ NOT_READY_WHILE: maintenance });
  const kube = { headers: { "User-Agent": "kube-probe/1.31" } };
  for (let i = 0; i < 100 && (await status(`${server.url}/`)) !== 200; i++) await new Promise((r) => setTimeout(r, 50));
  expect(await status(`${server.url}/health/readiness`, kube)).toBe(503);
  expect(await status(`${server.url}/.fnpacks/ready`)).toBe(503);
  expect(await status(`${server.url}/health/liveness`, kube)).toBe(200);
  expect(await status(`${server.url}/.fnpacks/live`)).toBe(200);
  await rm(maintenance);
  expect(await status(`${server.url}/health/readiness`, kube)).toBe(200);
});

it("on SIGTERM under load, Stop runs exactly once, after the last in-flight request", async () => {
  const server = await serve({ FNPACKS_DRAIN_DELAY: "200ms" });
  for (let i = 0; i < 100 && (await status(`${server.url}/`)) !== 200; i++) await new Promise((r) => setTimeout(r, 50));
  const inFlight = Array.from({ length: 20 }, () => fetch(`${server.url}/?sleep=800ms`).then((r) => r.status));
  await new Promise((r) => setTimeout(r, 150));
  server.signal("SIGTERM");
  expect(await Promise.all(inFlight)).toEqual(Array(20).fill(200));
  expect(await server.exited).toBe(0);
  const stops = server.logs.filter((l) => l.includes("instance: Stop"));
  expect(stops).toHaveLength(1);
  // 20 slow requests plus the readiness-wait request(s) before them: all served, none in flight.
  expect(stops[0]).toMatch(/^instance: Stop #1 after \d+ requests, 0 in flight$/);
  expect(Number(/after (\d+) requests/.exec(stops[0] ?? "")?.[1])).toBeGreaterThanOrEqual(21);
});

it("a Start error exits non-zero without serving, its message logged", async () => {
  const server = startProcess(binary, { env: { ...process.env, PORT: "0", START_FAIL: "cannot reach the database" } });
  servers.push({ ...server, url: "" });
  expect(await server.exited).toBe(1);
  const failure = server.logs.find((l) => l.includes("the function failed to start"));
  expect(failure).toContain("cannot reach the database");
  expect(server.logs.some((l) => l.includes("instance: Stop"))).toBe(false);
});
