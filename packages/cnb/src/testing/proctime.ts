// tools/proctime (Go, standard library only), built once per version of its source: into the
// system temp dir under a name of its content's hash, each build renaming its own copy into
// place, so parallel test processes never run a half-written binary.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, renameSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The tool's source: two levels above src/testing (tests) and dist/testing alike. */
const SOURCE_DIR = join(__dirname, "..", "..", "tools", "proctime");

/** The path of the built proctime (see its main.go): `proctime -out FILE COMMAND [ARG...]`. */
export function proctimeExecutable(): string {
  const hash = createHash("sha256");
  for (const file of ["go.mod", "main.go"]) hash.update(readFileSync(join(SOURCE_DIR, file)));
  const built = join(tmpdir(), `fnpacks-proctime-${hash.digest("hex").slice(0, 16)}`);
  if (!existsSync(built)) {
    const partial = `${built}.${process.pid}`;
    execFileSync("go", ["build", "-o", partial, "."], { cwd: SOURCE_DIR, stdio: ["ignore", "ignore", "inherit"] });
    renameSync(partial, built);
  }
  return built;
}
