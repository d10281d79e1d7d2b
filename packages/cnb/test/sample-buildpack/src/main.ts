// A sample buildpack: passes detect when the app has greeting.txt, and at launch greets with it.
import { readFile, writeFile, mkdir, chmod } from "node:fs/promises";
import { join } from "node:path";
import { type Buildpack, run } from "../../../src";

export const greeting: Buildpack = {
  async detect({ appDir }) {
    const text = await readFile(join(appDir, "greeting.txt"), "utf8").catch(() => undefined);
    if (text === undefined) return { pass: false, reason: "no greeting.txt in the app" };
    return {
      pass: true,
      plan: { provides: [{ name: "greeting" }], requires: [{ name: "greeting", metadata: { file: "greeting.txt" } }] },
    };
  },

  async build({ appDir, layers, logger, plan }) {
    const text = (await readFile(join(appDir, "greeting.txt"), "utf8")).trim();
    logger.process(`Greeting with ${JSON.stringify(text)} (plan: ${plan.map((entry) => entry.name).join(", ")})`);
    const layer = await layers.get("greeting");
    const previousRuns = Number(layer.metadata.runs ?? 0);
    await layer.reset();
    layer.types = { launch: true, build: true, cache: true };
    layer.metadata = { greeting: text, runs: previousRuns + 1 };
    await mkdir(join(layer.path, "bin"), { recursive: true });
    await writeFile(join(layer.path, "bin", "greet"), '#!/bin/sh\necho "greeting=$GREETING"\n');
    await chmod(join(layer.path, "bin", "greet"), 0o755);
    layer.launchEnv.override("GREETING", text);
    layer.buildEnv.default("SAMPLE_BUILD", "1");
    layer.sharedEnv.append("SAMPLE_PATH", "/sample", ":");
    return {
      layers: [layer],
      launch: { processes: [{ type: "greet", command: ["greet"], default: true }] },
    };
  },
};

run(greeting);
