// The build phase of run(): kept apart from run.ts, which loads it only for bin/build, so that
// a detect never evaluates layers, SBOMs and node:fs/promises.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { buildPaths } from "./context";
import { buildToml, isEmptyLaunch, launchToml } from "./launch";
import { Layers } from "./layers";
import type { Logger } from "./logger";
import { parseBuildpackPlan } from "./plan";
import { type BuildFunc, commonContext, EXIT, type Invocation } from "./run";
import { checkSbomFormats, writeSboms } from "./sbom";

export async function runBuild(build: BuildFunc, invocation: Invocation, logger: Logger): Promise<number> {
  const paths = buildPaths(invocation.env, invocation.args);
  const common = await commonContext(invocation, logger);
  const layers = new Layers(paths.layersDir);
  const plan = parseBuildpackPlan(await readFile(paths.planPath, "utf8").catch(() => ""));
  const restored = await layers.restored();

  logger.title(`${common.buildpack.name} ${common.buildpack.version}`);
  const result = await build({ ...common, platformDir: paths.platformDir, layers, plan });
  for (const documents of [result.launchSbom, result.buildSbom]) {
    checkSbomFormats(documents ?? [], common.buildpack.sbomFormats, common.buildpack.id);
  }

  await mkdir(paths.layersDir, { recursive: true });
  const kept = new Set<string>();
  for (const layer of result.layers ?? []) {
    await layer.write();
    kept.add(layer.name);
  }
  for (const name of restored.filter((name) => !kept.has(name))) await layers.remove(name);
  if (result.launch && !isEmptyLaunch(result.launch)) {
    await writeFile(join(paths.layersDir, "launch.toml"), launchToml(result.launch));
  }
  if (result.build?.unmet?.length) await writeFile(join(paths.layersDir, "build.toml"), buildToml(result.build));
  await writeSboms(paths.layersDir, "launch", result.launchSbom ?? []);
  await writeSboms(paths.layersDir, "build", result.buildSbom ?? []);
  logger.break();
  return EXIT.pass;
}
