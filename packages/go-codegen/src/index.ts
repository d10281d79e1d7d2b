export { GENERATED_HEADER, goString, packageFiles, renderMain, type MainFile } from "./go-source";
export {
  BUILD_TARGET,
  GENERATED_DIR,
  type GeneratedFile,
  type GeneratedPackage,
  MAIN_PACKAGE,
  MARKER_FILE,
  RUNTIME_PACKAGE,
  runtimeImportPath,
} from "./layout";
export { RUNTIME_FILES } from "./runtime-files.generated";
export type { FunctionTarget } from "./target";
export { writeGeneratedPackage } from "./write";
