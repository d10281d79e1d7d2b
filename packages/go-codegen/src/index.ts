export { GENERATED_HEADER, packageFiles, renderMain, type MainFile } from "./go-source";
export { goComment, goString } from "./go-text";
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
export { callMain, describeTarget, instanceNeeds, reportedName, servingFunction } from "./instance";
export { isLinked, linkedName, linkerSymbol } from "./linked";
export { type FunctionTarget, type InstanceTarget, LIFECYCLE_METHODS, type LifecycleMethod, type RegisteredTarget } from "./target";
export { writeGeneratedPackage } from "./write";
