// tools/proctime (Go, standard library only) is built with the package (its build script), so
// no test pays for building it, and nothing runs from a shared temp dir.
import { existsSync } from "node:fs";
import { join } from "node:path";

/** Where the package's build leaves it: dist/tools/proctime, two levels above src/testing and dist/testing alike. */
const BUILT = join(__dirname, "..", "..", "dist", "tools", "proctime");

/** The path of the built proctime (see tools/proctime/main.go): `proctime -out FILE COMMAND [ARG...]`. */
export function proctimeExecutable(): string {
  if (!existsSync(BUILT)) throw new Error(`${BUILT} is not built: run pnpm build (it builds @fnpacks/cnb's tools/proctime with go)`);
  return BUILT;
}
