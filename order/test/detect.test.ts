import { join } from "node:path";
import { detectApp } from "@fnpacks/devkit";

// The real lifecycle detector with order/buildpack.toml (as devkit can provide it: see its
// notes) decides, from the source alone, which signature applies.
jest.setTimeout(10 * 60_000);

const samples = join(__dirname, "..", "..", "samples", "go");
const devkitNotes: string[] = [];

async function detectedSignature(appDir: string, env: Record<string, string> = {}): Promise<string> {
  const detected = await detectApp({ appDir, env });
  try {
    devkitNotes.splice(0, devkitNotes.length, ...detected.notes);
    const ids = detected.group.map((b) => b.id);
    expect(ids[0]).toBe("fnpacks-devkit/go-dist-standin");
    expect(ids[ids.length - 1]).toBe("paketo-buildpacks/go-build");
    return ids.find((id) => id.startsWith("fnpacks/")) ?? "plain Go";
  } finally {
    await detected.remove();
  }
}

it.each([
  ["http-hello", "fnpacks/go-http-function"],
  ["http-router", "fnpacks/go-http-function"],
  ["http-knative", "fnpacks/go-http-function"],
  ["http-vendored", "fnpacks/go-http-function"],
  ["cloudevents-echo", "fnpacks/go-cloudevents-function"],
  ["cloudevents-sink", "fnpacks/go-cloudevents-function"],
  ["mcp-tools", "fnpacks/go-mcp-tools"],
])("samples/go/%s → %s", async (sample, signature) => {
  expect(await detectedSignature(join(samples, sample))).toBe(signature);
});

it("a package main app falls through to Paketo's plain Go group", async () => {
  expect(await detectedSignature(join(__dirname, "..", "..", "packages", "devkit", "test", "fixtures", "plain-app"))).toBe("plain Go");
});

it("a package with both an HTTP function and a CloudEvents receiver becomes a CloudEvents function", async () => {
  expect(await detectedSignature(join(__dirname, "fixtures", "both"))).toBe("fnpacks/go-cloudevents-function");
});

it("a package with both MCP tools and an HTTP function becomes an MCP server; naming the HTTP function builds that instead", async () => {
  const app = join(__dirname, "fixtures", "mcp-and-http");
  expect(await detectedSignature(app)).toBe("fnpacks/go-mcp-tools");
  expect(await detectedSignature(app, { BP_FUNCTION_NAME: "Handler" })).toBe("fnpacks/go-http-function");
});

it("says which Paketo members the offline order left out", async () => {
  await detectedSignature(join(samples, "http-hello"));
  expect(devkitNotes).toEqual(
    expect.arrayContaining([
      "paketo-buildpacks/go-mod-vendor 1.1.21 → fnpacks-devkit/go-mod-vendor-standin 0.0.1",
      "paketo-buildpacks/go-dist 2.10.9 → fnpacks-devkit/go-dist-standin 0.0.1",
    ]),
  );
});
