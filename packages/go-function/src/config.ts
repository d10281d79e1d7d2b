import { UserError } from "@fnpacks/cnb";
import { GoDetectError, normalizePackageDir } from "@fnpacks/go-detect";

/** Build-time variables a user may set; nothing is required. */
export const FUNCTION_NAME_VAR = "BP_FUNCTION_NAME";
export const FUNCTION_DIR_VAR = "BP_FUNCTION_DIR";
/**
 * Google's buildpacks pick a Functions Framework function with this variable. Where it is
 * set (a build configured for Google's builder) it means what BP_FUNCTION_NAME means, which
 * wins when both are set; nothing requires it.
 */
export const GOOGLE_FUNCTION_TARGET_VAR = "GOOGLE_FUNCTION_TARGET";

export interface FunctionConfig {
  /** BP_FUNCTION_NAME as given (trimmed); the signature's selection parses it. */
  name?: string;
  /** The variable `name` came from when it is not BP_FUNCTION_NAME (GOOGLE_FUNCTION_TARGET), for messages. */
  nameFrom?: string;
  /** The function's package dir relative to the module root (the app dir); "." by default. */
  packageDir: string;
}

export function readFunctionConfig(env: NodeJS.ProcessEnv): FunctionConfig {
  // What a name may be is the signature's to say (CandidateSelection.parseNames).
  const name = env[FUNCTION_NAME_VAR]?.trim() || undefined;
  const googleTarget = env[GOOGLE_FUNCTION_TARGET_VAR]?.trim() || undefined;
  const dir = env[FUNCTION_DIR_VAR]?.trim() || ".";
  if (name === undefined && googleTarget !== undefined) return { name: googleTarget, nameFrom: GOOGLE_FUNCTION_TARGET_VAR, packageDir: packageDirOf(dir) };
  return { name, packageDir: packageDirOf(dir) };
}

/** go-detect decides what a package dir may be; the user hears it in terms of the variable. */
function packageDirOf(dir: string): string {
  try {
    return normalizePackageDir(dir);
  } catch (error) {
    if (!(error instanceof GoDetectError)) throw error;
    throw new UserError(`${FUNCTION_DIR_VAR}=${JSON.stringify(dir)} is not a package directory of the app: ${error.message}`, {
      where: "build-time environment",
      fix: `set ${FUNCTION_DIR_VAR} to a package directory relative to the module root (the directory with go.mod), e.g. ./functions/hello`,
    });
  }
}
