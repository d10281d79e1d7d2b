import { parseToml, stringifyToml, type TomlTable } from "./toml";

export interface Provision {
  name: string;
}

export interface Requirement {
  name: string;
  metadata?: TomlTable;
}

/** What detect offers and asks for; `or` lists alternatives the lifecycle may pick instead. */
export interface BuildPlan {
  provides?: Provision[];
  requires?: Requirement[];
  or?: Array<{ provides?: Provision[]; requires?: Requirement[] }>;
}

/** The detect build plan file (`CNB_BUILD_PLAN_PATH`). Empty lists are left out. */
export function buildPlanToml(plan: BuildPlan): string {
  const table: TomlTable = {};
  Object.assign(table, planPart(plan));
  if (plan.or?.length) table.or = plan.or.map(planPart);
  return stringifyToml(table);
}

function planPart(part: { provides?: Provision[]; requires?: Requirement[] }): TomlTable {
  const table: TomlTable = {};
  if (part.provides?.length) table.provides = part.provides.map(({ name }) => ({ name }));
  if (part.requires?.length) {
    table.requires = part.requires.map(({ name, metadata }) => ({
      name,
      ...(metadata && Object.keys(metadata).length ? { metadata } : {}),
    }));
  }
  return table;
}

/** One entry of the buildpack plan that build receives (`CNB_BP_PLAN_PATH`). */
export interface PlanEntry {
  name: string;
  metadata: TomlTable;
}

export function parseBuildpackPlan(text: string): PlanEntry[] {
  const entries = parseToml(text).entries;
  if (!Array.isArray(entries)) return [];
  return entries.map((entry: TomlTable) => ({
    name: String(entry.name),
    metadata: (entry.metadata as TomlTable | undefined) ?? {},
  }));
}
