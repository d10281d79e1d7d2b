import { mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Environment, writeEnvironment } from "./environment";
import { parseToml, stringifyToml, type TomlTable } from "./toml";

export interface LayerTypes {
  /** Exported into the app image. */
  launch: boolean;
  /** Visible to later buildpacks during this build. */
  build: boolean;
  /** Kept in the build cache for the next build. */
  cache: boolean;
}

/**
 * One layer of a build. Obtained through `Layers.get`, which restores whatever metadata the
 * lifecycle put back from a previous build, so a buildpack can compare it and reuse the layer
 * (set types again) or `reset()` it and start over. `run()` writes `<layer>.toml` and the env
 * directories for every layer a build returns.
 */
export class Layer {
  types: LayerTypes = { launch: false, build: false, cache: false };
  metadata: TomlTable;
  /** `env/`: for later buildpacks and, if launch, at launch. */
  readonly sharedEnv = new Environment();
  /** `env.build/`: only for later buildpacks. */
  readonly buildEnv = new Environment();
  /** `env.launch/`: only at launch. */
  readonly launchEnv = new Environment();
  private readonly processLaunchEnv = new Map<string, Environment>();

  constructor(
    readonly name: string,
    readonly path: string,
    restoredMetadata: TomlTable = {},
  ) {
    this.metadata = restoredMetadata;
  }

  /** `env.launch/<process>/`: at launch, only for that process type. */
  launchEnvFor(processType: string): Environment {
    let env = this.processLaunchEnv.get(processType);
    if (!env) {
      env = new Environment();
      this.processLaunchEnv.set(processType, env);
    }
    return env;
  }

  /** Empties the layer: contents, metadata, types and env, for a fresh start. */
  async reset(): Promise<this> {
    await rm(this.path, { recursive: true, force: true });
    await mkdir(this.path, { recursive: true });
    this.metadata = {};
    this.types = { launch: false, build: false, cache: false };
    for (const env of [this.sharedEnv, this.buildEnv, this.launchEnv]) env.clear();
    this.processLaunchEnv.clear();
    return this;
  }

  /** Writes `<layer>.toml` and the env dirs. */
  async write(): Promise<void> {
    await mkdir(this.path, { recursive: true });
    await writeFile(`${this.path}.toml`, layerToml(this));
    await writeEnvironment(join(this.path, "env"), this.sharedEnv);
    await writeEnvironment(join(this.path, "env.build"), this.buildEnv);
    await writeEnvironment(join(this.path, "env.launch"), this.launchEnv);
    for (const [processType, env] of this.processLaunchEnv) {
      await writeEnvironment(join(this.path, "env.launch", processType), env);
    }
  }
}

export function layerToml(layer: Pick<Layer, "types" | "metadata">): string {
  return stringifyToml({ types: { ...layer.types }, metadata: layer.metadata });
}

/** The layers directory of this buildpack (`CNB_LAYERS_DIR`). */
export class Layers {
  constructor(readonly path: string) {}

  async get(name: string): Promise<Layer> {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name) || name === "store" || name === "launch" || name === "build") {
      // launch.toml, build.toml and store.toml share the directory with layer tomls.
      throw new Error(`invalid layer name ${JSON.stringify(name)}`);
    }
    const path = join(this.path, name);
    return new Layer(name, path, await readRestoredMetadata(path));
  }

  /** Names of layers whose `<layer>.toml` the lifecycle restored. */
  async restored(): Promise<string[]> {
    const entries = await readdir(this.path).catch(() => [] as string[]);
    return entries
      .filter((entry) => entry.endsWith(".toml"))
      .map((entry) => entry.slice(0, -".toml".length))
      .filter((name) => !["launch", "build", "store"].includes(name));
  }

  /** Removes a restored layer so the lifecycle drops it from the image and cache. */
  async remove(name: string): Promise<void> {
    const path = join(this.path, name);
    await rm(`${path}.toml`, { force: true });
    await rm(path, { recursive: true, force: true });
  }
}

async function readRestoredMetadata(path: string): Promise<TomlTable> {
  const text = await readFile(`${path}.toml`, "utf8").catch(() => undefined);
  if (text === undefined) return {};
  const metadata = parseToml(text).metadata;
  return metadata && typeof metadata === "object" ? (metadata as TomlTable) : {};
}
