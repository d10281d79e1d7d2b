export { type BuildpackInfo, readBuildpackInfo } from "./buildpack-info";
export { type Config, readConfig } from "./config";
export type { BuildContext, DetectContext, Target } from "./context";
export { goArch } from "./context";
export { Environment, type EnvEntry, type EnvOperation } from "./environment";
export { isUserError, UserError } from "./errors";
export type { BuildMetadata, Label, LaunchMetadata, Process } from "./launch";
export { Layer, Layers, type LayerTypes } from "./layers";
export { createLogger, formatDuration, type Logger } from "./logger";
export type { BuildPlan, PlanEntry, Provision, Requirement } from "./plan";
export {
  type Buildpack,
  type BuildFunc,
  type BuildResult,
  type DetectFunc,
  type DetectResult,
  EXIT,
  type Invocation,
  run,
  runPhase,
} from "./run";
export { checkSbomFormats, SBOM_FORMATS, type SbomDocument, type SbomMediaType, type SbomScope, sbomFileName, writeSboms } from "./sbom";
export { parseToml, stringifyToml, type TomlTable } from "./toml";
