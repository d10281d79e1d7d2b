import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * How a layer's env file combines with the value a variable already has. Per the Buildpack
 * API, a file `NAME.<suffix>` in `env/`, `env.build/` or `env.launch/` holds the value, and
 * `NAME.delim` the delimiter used by append and prepend.
 */
export type EnvOperation = "override" | "default" | "append" | "prepend";

export interface EnvEntry {
  name: string;
  operation: EnvOperation;
  value: string;
  /** Only for append and prepend. */
  delimiter?: string;
}

/** The variables one env directory of a layer will hold. */
export class Environment {
  private readonly entries = new Map<string, EnvEntry>();

  override(name: string, value: string): this {
    return this.set({ name, operation: "override", value });
  }

  default(name: string, value: string): this {
    return this.set({ name, operation: "default", value });
  }

  append(name: string, value: string, delimiter?: string): this {
    return this.set({ name, operation: "append", value, delimiter });
  }

  prepend(name: string, value: string, delimiter?: string): this {
    return this.set({ name, operation: "prepend", value, delimiter });
  }

  get(name: string): EnvEntry | undefined {
    return this.entries.get(name);
  }

  list(): EnvEntry[] {
    return [...this.entries.values()];
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }

  private set(entry: EnvEntry): this {
    validateName(entry.name);
    this.entries.set(entry.name, entry);
    return this;
  }
}

/** The file names and contents an Environment becomes inside `dir`. */
export function envFiles(env: Environment): Array<{ file: string; content: string }> {
  const files: Array<{ file: string; content: string }> = [];
  for (const entry of env.list()) {
    files.push({ file: `${entry.name}.${entry.operation}`, content: entry.value });
    if (entry.delimiter !== undefined) files.push({ file: `${entry.name}.delim`, content: entry.delimiter });
  }
  return files;
}

export async function writeEnvironment(dir: string, env: Environment): Promise<void> {
  if (env.size === 0) return;
  await mkdir(dir, { recursive: true });
  for (const { file, content } of envFiles(env)) {
    await writeFile(join(dir, file), content);
  }
}

function validateName(name: string): void {
  // A name becomes a file name: a separator would write outside the env dir.
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new Error(`invalid environment variable name ${JSON.stringify(name)}`);
  }
}
