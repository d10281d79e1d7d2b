import type { PlanEntry, TomlTable } from "@fnpacks/cnb";
import type { PlannedRegistration } from "./registered";

/** The most candidates a plan lists. */
export const MAX_PLANNED_CANDIDATES = 100;

/** One function detect found, as recorded in the build plan. */
export interface PlannedCandidate {
  /** The exported func or var, the constructor, or the name a registration gave the function (see `registered`). */
  name: string;
  shape: string;
  /** file:line, relative to the module root. */
  position: string;
  /** As the user wrote it, for messages. */
  signature: string;
  /** Set when `name` is a constructor whose instance serves (Knative Functions' instanced form). */
  instance?: PlannedInstance;
  /** Set when `name` is the name a registration in init() gave `registered.func` (see registered.ts). */
  registered?: PlannedRegistration;
  /** What the signature's vet kept of the match for build (see vet.ts), e.g. a description. */
  details?: Record<string, string>;
}

export interface PlannedInstance {
  /** The constructed type, e.g. "*MyFunction". */
  type: string;
  /** Handle as the user wrote it. */
  handle: string;
  /** The lifecycle methods the runtime calls. */
  methods: string[];
  /** Lifecycle methods present but not called, each with why: build warns. */
  ignored: string[];
}

/** What detect hands build: enough to generate without parsing again. */
export interface FunctionPlan {
  modulePath: string;
  importPath: string;
  /** Relative to the module root. */
  packageDir: string;
  candidates: PlannedCandidate[];
  /** How many matched; more than candidates.length when the list was cut at MAX_PLANNED_CANDIDATES. */
  candidateCount: number;
}

export function planMetadata(plan: FunctionPlan): TomlTable {
  return {
    module: plan.modulePath,
    package: plan.importPath,
    "package-dir": plan.packageDir,
    candidates: plan.candidates.map((c) => ({ ...c })),
    ...(plan.candidateCount > plan.candidates.length ? { "candidate-count": plan.candidateCount } : {}),
  };
}

export function readPlanMetadata(entry: PlanEntry): FunctionPlan {
  const m = entry.metadata;
  const candidates = Array.isArray(m.candidates) ? (m.candidates as TomlTable[]) : [];
  return {
    modulePath: String(m.module ?? ""),
    importPath: String(m.package ?? ""),
    packageDir: String(m["package-dir"] ?? "."),
    candidateCount: typeof m["candidate-count"] === "number" ? m["candidate-count"] : candidates.length,
    candidates: candidates.map((c) => ({
      name: String(c.name),
      shape: String(c.shape),
      position: String(c.position),
      signature: String(c.signature),
      ...(isTable(c.instance) ? { instance: readInstance(c.instance) } : {}),
      ...(isTable(c.registered) ? { registered: readRegistration(c.registered) } : {}),
      ...(isTable(c.details) ? { details: Object.fromEntries(Object.entries(c.details).map(([key, value]) => [key, String(value)])) } : {}),
    })),
  };
}

const isTable = (value: unknown): value is TomlTable => typeof value === "object" && value !== null && !Array.isArray(value);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

function readInstance(t: TomlTable): PlannedInstance {
  return { type: String(t.type ?? ""), handle: String(t.handle ?? ""), methods: strings(t.methods), ignored: strings(t.ignored) };
}

function readRegistration(t: TomlTable): PlannedRegistration {
  return { func: String(t.func ?? ""), call: String(t.call ?? ""), at: String(t.at ?? "") };
}
