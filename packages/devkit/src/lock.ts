import { statSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";

/**
 * An exclusive lock between processes (jest runs test files in parallel, the CLI may run
 * beside them): mkdir is atomic. A lock older than staleMs is taken to be a dead holder's.
 */
export async function lock(path: string, staleMs = 20 * 60_000): Promise<() => Promise<void>> {
  for (;;) {
    try {
      await mkdir(path);
      return () => rm(path, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const since = statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - since > staleMs) await rm(path, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
