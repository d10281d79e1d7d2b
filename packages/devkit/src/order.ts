import type { BuildpackDir, GroupEntry } from "./buildpacks";

export interface ResolvedOrder {
  groups: GroupEntry[][];
  /** What was substituted or left out, and why: printed so nobody mistakes it for Paketo's order. */
  notes: string[];
}

/**
 * A composite's order, restricted to the buildpacks devkit can provide: each id is looked up
 * (after substitutions such as go-dist → the stand-in) among `available`, at the version found
 * there. Optional members that are missing are left out; a group whose required member is
 * missing is left out whole. Identical groups collapse into one.
 */
export function resolveComposite(
  composite: BuildpackDir,
  available: readonly BuildpackDir[],
  substitutes: Readonly<Record<string, string>> = {},
): ResolvedOrder {
  const byId = new Map(available.map((b) => [b.id, b]));
  const notes = new Set<string>();
  const groups: GroupEntry[][] = [];
  const seen = new Set<string>();
  for (const [index, group] of (composite.order ?? []).entries()) {
    const resolved: GroupEntry[] = [];
    let usable = true;
    for (const entry of group) {
      const id = substitutes[entry.id] ?? entry.id;
      const buildpack = byId.get(id);
      if (!buildpack) {
        if (entry.optional) {
          notes.add(`left out optional ${entry.id} ${entry.version}: devkit cannot provide it`);
          continue;
        }
        notes.add(`left out group ${index + 1}: it needs ${entry.id} ${entry.version}, which devkit cannot provide`);
        usable = false;
        break;
      }
      if (id !== entry.id) notes.add(`${entry.id} ${entry.version} → ${buildpack.id} ${buildpack.version}`);
      else if (buildpack.version !== entry.version) notes.add(`${entry.id} ${entry.version} → ${buildpack.version}, the version devkit has`);
      resolved.push({ id, version: buildpack.version, ...(entry.optional ? { optional: true } : {}) });
    }
    const key = JSON.stringify(resolved);
    if (usable && !seen.has(key)) {
      seen.add(key);
      groups.push(resolved);
    }
  }
  return { groups, notes: [...notes] };
}

/**
 * The order devkit uses when there is no composite: each signature buildpack in its own group
 * between go-dist (the stand-in) and go-build, then plain Go, as order/ arranges them.
 */
export function groupsPerSignature(goDist: BuildpackDir, goBuild: BuildpackDir, signatures: readonly BuildpackDir[]): GroupEntry[][] {
  const entry = ({ id, version }: BuildpackDir): GroupEntry => ({ id, version });
  return [...signatures.map((s) => [entry(goDist), entry(s), entry(goBuild)]), [entry(goDist), entry(goBuild)]];
}
