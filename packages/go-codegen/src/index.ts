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
export { callMain, instanceNeeds, servingFunction } from "./instance";
export { type FunctionTarget, type InstanceTarget, LIFECYCLE_METHODS, type LifecycleMethod } from "./target";
export { writeGeneratedPackage } from "./write";
