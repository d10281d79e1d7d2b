import { isAbsolute, normalize } from "node:path";
import { UserError } from "@fnpacks/cnb";

/** Build-time variables a user may set; nothing is required. */
export const FUNCTION_NAME_VAR = "BP_FUNCTION_NAME";
export const FUNCTION_DIR_VAR = "BP_FUNCTION_DIR";

export interface FunctionConfig {
  /** Only this exported name may be the function. */
  name?: string;
  /** The function's package dir relative to the module root (the app dir); "." by default. */
  packageDir: string;
}

export function readFunctionConfig(env: NodeJS.ProcessEnv): FunctionConfig {
  const name = env[FUNCTION_NAME_VAR]?.trim() || undefined;
  if (name !== undefined && !/^\p{Lu}[\p{L}\p{N}_]*$/u.test(name)) {
    throw new UserError(`${FUNCTION_NAME_VAR}=${JSON.stringify(name)} is not an exported Go identifier`, {
      where: "build-time environment",
      fix: `set ${FUNCTION_NAME_VAR} to the name of an exported function or variable, e.g. Handler`,
    });
  }
  const dir = env[FUNCTION_DIR_VAR]?.trim() || ".";
  const packageDir = normalize(dir).replace(/\/+$/, "") || ".";
  if (isAbsolute(packageDir) || packageDir === ".." || packageDir.startsWith("../")) {
    throw new UserError(`${FUNCTION_DIR_VAR}=${JSON.stringify(dir)} points outside the app`, {
      where: "build-time environment",
      fix: `set ${FUNCTION_DIR_VAR} to a package directory relative to the module root (the directory with go.mod), e.g. ./functions/hello`,
    });
  }
  return { name, packageDir };
}
