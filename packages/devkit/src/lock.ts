import { readFileSync, statSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * An exclusive lock between processes (jest runs test files and packages in parallel, the CLI
 * may run beside them): mkdir is atomic. The holder writes its pid inside; a lock whose holder
 * is gone (a killed test run) is taken over at once, and one older than staleMs in any case.
 */
export async function lock(path: string, staleMs = 20 * 60_000): Promise<() => Promise<void>> {
  for (;;) {
    try {
      await mkdir(path);
      await writeFile(join(path, "pid"), String(process.pid));
      return () => rm(path, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const since = statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (holderIsGone(path) || Date.now() - since > staleMs) await rm(path, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 200));
    }
  }
}

function holderIsGone(path: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(join(path, "pid"), "utf8"));
  } catch {
    return false; // just made, pid not written yet (or the lock is gone already)
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}
