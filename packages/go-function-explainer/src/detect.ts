// The explainer's detect: it steps aside for every app that builds today, so such an app's
// group and build are what they were, and passes for what neither a signature buildpack nor
// go-build can build. It reads go.mod, the directory listing and the package clauses — never
// the parser — so it costs a plain Go build (a package main) next to nothing.
import type { DetectContext, DetectFunc, DetectResult } from "@fnpacks/cnb";
import { path } from "@fnpacks/host-io";
import { analyzeFunctionPackage, type GoMod, GoModError, type GoParser, normalizePackageDir, readGoMod } from "@fnpacks/go-detect";
import { FUNCTION_DIR_VAR, FUNCTION_NAME_VAR, GOOGLE_FUNCTION_TARGET_VAR } from "@fnpacks/go-function";
import { goFilesUnder, hasGoEntries } from "./walk";

/** The plan entry the explainer provides and requires, so nothing else satisfies it. */
export const EXPLAINER_PLAN = "fnpacks-go-function-explainer";

/** Package clauses are read without a parse (go-detect's clausesOnly): a parser that must not be used. */
const NO_PARSER: GoParser = {
  parse() {
    throw new Error("the explainer's detect reads no Go declarations");
  },
  delete() {},
};

const set = (value: string | undefined) => value !== undefined && value.trim() !== "";

/** Whether the user asked for a function: then a package without one is explained, never left to go-build. */
function asksForAFunction(env: NodeJS.ProcessEnv): boolean {
  return set(env[FUNCTION_NAME_VAR]) || set(env[FUNCTION_DIR_VAR]) || set(env[GOOGLE_FUNCTION_TARGET_VAR]);
}

/**
 * Steps aside (fails, exit 100, with why) when go-build builds the app or reports its problem
 * itself: no go.mod, BP_GO_TARGETS or BP_GO_WORKDIR set (go-build's own configuration), the
 * function package — the root or BP_FUNCTION_DIR — is `package main` with func main, or the
 * root holds no *.go and go-build's walk of cmd/ finds targets there (unless a function was
 * asked for). Passes otherwise: a library package, a package main without func main, no Go
 * files at the root, a BP_FUNCTION_DIR or BP_FUNCTION_NAME that no signature took.
 */
export function createExplainerDetect(): DetectFunc {
  return async ({ appDir, env, target }: DetectContext): Promise<DetectResult> => {
    const aside = (reason: string): DetectResult => ({ pass: false, reason });
    let goMod: GoMod | undefined;
    try {
      goMod = await readGoMod(appDir);
    } catch (error) {
      if (error instanceof GoModError) return aside(`go.mod cannot be read (${error.message}): go-build reports it`);
      throw error;
    }
    if (goMod === undefined) return aside("no go.mod: not a Go module");
    for (const variable of ["BP_GO_TARGETS", "BP_GO_WORKDIR"]) {
      if (set(env[variable])) return aside(`${variable} is set (${env[variable]?.trim()}): go-build builds what it says`);
    }
    const asked = asksForAFunction(env);
    let packageDir = ".";
    try {
      packageDir = normalizePackageDir(env[FUNCTION_DIR_VAR]);
    } catch {
      return pass(); // a BP_FUNCTION_DIR that cannot be a package dir: explained by build
    }
    const clauses = await analyzeFunctionPackage({ appDir, packageDir, goarch: target.arch, parser: NO_PARSER, goMod, clausesOnly: true });
    if (clauses.kind === "package" && clauses.isMain && clauses.pkg.declaresMain === true) {
      return aside(`${clauses.importPath} is package main with func main: a program, which go-build builds`);
    }
    if (!asked && !hasGoEntries(appDir)) {
      const underCmd = goFilesUnder(path.join(appDir, "cmd"));
      if (underCmd !== false) return aside("the module root holds no *.go file and cmd/ does: go-build builds the packages under cmd/");
    }
    return pass();
  };
}

function pass(): DetectResult {
  return { pass: true, plan: { provides: [{ name: EXPLAINER_PLAN }], requires: [{ name: EXPLAINER_PLAN }] } };
}
