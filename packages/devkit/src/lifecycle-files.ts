import { parseToml, type TomlTable } from "@fnpacks/cnb";
import type { GroupEntry } from "./buildpacks";
import { DevkitError } from "./errors";

/** plan.toml as the detector resolved it: for each requirement, the buildpacks that provide it. */
export interface ResolvedPlan {
  entries: ResolvedPlanEntry[];
}

export interface ResolvedPlanEntry {
  providers: GroupEntry[];
  requires: Array<{ name: string; metadata?: TomlTable }>;
}

/** group.toml, which the detector writes: the group that passed, in order. */
export function parseGroupToml(text: string, file = "group.toml"): GroupEntry[] {
  const group = parse(text, file).group;
  if (!Array.isArray(group) || group.length === 0) {
    throw new DevkitError(`${file} names no buildpacks`, {
      where: file,
      fix: "this is a lifecycle bug or a damaged build dir: build again (BP_LOG_LEVEL=DEBUG shows the detector's reasoning)",
    });
  }
  return (group as TomlTable[]).map(entry);
}

/** plan.toml, which the detector writes; a group with no requirements leaves it empty or absent. */
export function parsePlanToml(text: string, file = "plan.toml"): ResolvedPlan {
  const entries = (parse(text, file).entries as TomlTable[] | undefined) ?? [];
  return {
    entries: entries.map((e) => ({
      providers: ((e.providers as TomlTable[] | undefined) ?? []).map(entry),
      requires: ((e.requires as TomlTable[] | undefined) ?? []).map((r) => ({
        name: String(r.name),
        ...(r.metadata ? { metadata: r.metadata as TomlTable } : {}),
      })),
    })),
  };
}

function parse(text: string, file: string): TomlTable {
  try {
    return parseToml(text);
  } catch (error) {
    throw new DevkitError(`${file} is not valid TOML: ${(error as Error).message}`, { where: file });
  }
}

function entry(table: TomlTable): GroupEntry {
  return { id: String(table.id), version: String(table.version) };
}
