import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runInProcess, useWorkspaces } from "@fnpacks/cnb/testing";
import { go, type RunningServer, startServer } from "@fnpacks/go-codegen/testing";
import { functionBuildpack } from "@fnpacks/go-function";
import { cloudEventsFunction } from "../src";

// Knative Functions' instanced CloudEvents form, end to end with real events.
jest.setTimeout(180_000);
const buildpack = functionBuildpack(cloudEventsFunction);
const workspace = useWorkspaces(join(__dirname, ".."), afterAll);
let scratch: string;
let server: RunningServer;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "instanced-events-"));
  const ws = await workspace("instanced");
  expect(await runInProcess(buildpack, "detect", ws)).toMatchObject({ code: 0, stderr: "" });
  expect((await ws.detectPlan()).requires).toMatchObject([
    { metadata: { candidates: [{ name: "New", shape: "func(ctx, E) (*E, R)", instance: { type: "*MyFunction", methods: ["Stop"], ignored: [] } }] } },
  ]);
  await ws.planBuildFromDetect();
  expect(await runInProcess(buildpack, "build", ws, { ...process.env })).toMatchObject({ code: 0, stderr: "" });
  const binary = join(scratch, "server");
  await go(ws.appDir, ["build", "-o", binary, "./fnpacks-generated/server"]);
  server = await startServer(binary);
});
afterAll(async () => {
  await server?.kill();
  await rm(scratch, { recursive: true, force: true });
});

it("replies through the instance's Handle, one instance for every event, and runs Stop at shutdown", async () => {
  for (const n of [1, 2]) {
    const answer = await fetch(server.url, {
      method: "POST",
      headers: { "ce-specversion": "1.0", "ce-id": `e${n}`, "ce-source": "tests", "ce-type": "example.order", "content-type": "application/json" },
      body: JSON.stringify({ n }),
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("ce-type")).toBe("example.order.seen");
    expect(answer.headers.get("ce-id")).toBe(`reply-${n}`);
    expect(await answer.json()).toEqual({ n });
  }
  server.signal("SIGTERM");
  expect(await server.exited).toBe(0);
  expect(server.logs).toContain("instance: Stop after 2 events");
});
