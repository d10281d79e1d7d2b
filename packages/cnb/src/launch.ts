import { stringifyToml, type TomlTable } from "./toml";

export interface Process {
  type: string;
  /** The executable and any fixed arguments (Buildpack API ≥ 0.9: an array). */
  command: string[];
  /** Default arguments, replaceable by the user. */
  args?: string[];
  default?: boolean;
  workingDir?: string;
}

export interface Label {
  key: string;
  value: string;
}

export interface LaunchMetadata {
  processes?: Process[];
  labels?: Label[];
  /** App sub-paths each exported as their own layer. */
  slices?: Array<{ paths: string[] }>;
}

export function launchToml(launch: LaunchMetadata): string {
  const table: TomlTable = {};
  if (launch.labels?.length) table.labels = launch.labels.map(({ key, value }) => ({ key, value }));
  if (launch.processes?.length) {
    table.processes = launch.processes.map((process) => ({
      type: process.type,
      command: process.command,
      args: process.args ?? [],
      default: process.default ?? false,
      "working-dir": process.workingDir,
    }));
  }
  if (launch.slices?.length) table.slices = launch.slices.map(({ paths }) => ({ paths }));
  return stringifyToml(table);
}

export function isEmptyLaunch(launch: LaunchMetadata): boolean {
  return !launch.processes?.length && !launch.labels?.length && !launch.slices?.length;
}

/** build.toml: plan entries this buildpack was given but did not satisfy. */
export interface BuildMetadata {
  unmet?: Array<{ name: string }>;
}

export function buildToml(build: BuildMetadata): string {
  return stringifyToml(build.unmet?.length ? { unmet: build.unmet.map(({ name }) => ({ name })) } : {});
}
