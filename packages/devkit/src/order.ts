// Order resolution: which groups of buildpacks the detector tries, as a platform decides it
// from what it was asked for and what it has.
import { type BuildpackDir, type BuildpackSources, GO_BUILD, GO_DIST_STANDIN, GO_MOD_VENDOR_STANDIN, type GroupEntry } from "./buildpacks";
import { DevkitError } from "./errors";

export interface ResolvedOrder {
  groups: GroupEntry[][];
  /** What was substituted or left out, and why: printed so nobody mistakes it for Paketo's order. */
  notes: string[];
}

/**
 * A composite's order, restricted to the buildpacks devkit can provide: each id is looked up
 * (after substitutions such as go-dist → the stand-in) among `available`, at the version found
 * there. Optional members that are missing are left out; a group whose required member is
 * missing is left out whole. Identical groups collapse into one. The notes say what stands in
 * for what first, then what was left out.
 */
export function resolveComposite(
  composite: BuildpackDir,
  available: readonly BuildpackDir[],
  substitutes: Readonly<Record<string, string>> = {},
): ResolvedOrder {
  const byId = new Map(available.map((b) => [b.id, b]));
  const replaced = new Set<string>();
  const leftOut = new Set<string>();
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
          leftOut.add(`left out optional ${entry.id} ${entry.version}: devkit cannot provide it`);
          continue;
        }
        leftOut.add(`left out group ${index + 1}: it needs ${entry.id} ${entry.version}, which devkit cannot provide`);
        usable = false;
        break;
      }
      if (id !== entry.id) replaced.add(`${entry.id} ${entry.version} → ${buildpack.id} ${buildpack.version}`);
      else if (buildpack.version !== entry.version) replaced.add(`${entry.id} ${entry.version} → ${buildpack.version}, the version devkit has`);
      resolved.push({ id, version: buildpack.version, ...(entry.optional ? { optional: true } : {}) });
    }
    const key = JSON.stringify(resolved);
    if (usable && !seen.has(key)) {
      seen.add(key);
      groups.push(resolved);
    }
  }
  return { groups, notes: [...replaced, ...leftOut] };
}

/** The Paketo members of a Go group as devkit has them: its stand-ins and go-build. */
export interface GoMembers {
  goDist: BuildpackDir;
  goModVendor: BuildpackDir;
  goBuild: BuildpackDir;
}

/**
 * The order devkit uses when there is no composite, shaped as order/ shapes Paketo's: each
 * signature buildpack between go-dist and go-build, first with go-mod-vendor and then without,
 * then plain Go likewise. go-mod-vendor passes whenever go.mod exists, so the groups with it are
 * the ones a Paketo user's builds run; those without are Paketo's too (a plain Go app without
 * go.mod builds there). The explainer, when there is one, is optional in the plain Go groups
 * (after go-dist) and alone in a last group, as in order/buildpack.toml.
 */
export function groupsPerSignature(
  { goDist, goModVendor, goBuild }: GoMembers,
  signatures: readonly BuildpackDir[],
  explainer?: BuildpackDir,
): GroupEntry[][] {
  const entry = ({ id, version }: BuildpackDir): GroupEntry => ({ id, version });
  const withAndWithoutVendor = (middle: GroupEntry[]) => [
    [entry(goDist), ...middle, entry(goModVendor), entry(goBuild)],
    [entry(goDist), ...middle, entry(goBuild)],
  ];
  const plain = explainer ? withAndWithoutVendor([{ ...entry(explainer), optional: true }]) : withAndWithoutVendor([]);
  return [...signatures.flatMap((s) => withAndWithoutVendor([entry(s)])), ...plain, ...(explainer ? [[entry(explainer)]] : [])];
}

/** What a build asks for: its own groups, more buildpacks, or a composite (see BuildOptions). */
export interface OrderRequest {
  groups?: string[][];
  buildpacks?: string[];
  order?: string;
}

/** The order a build tries, with every buildpack its groups may name. */
export interface BuildOrder extends ResolvedOrder {
  buildpacks: BuildpackDir[];
}

/**
 * Paketo members the Go module proxy here refuses, by id, and devkit's stand-in for each (a
 * spec, as --buildpack takes). A composite's groups name the member; the build gets the stand-in.
 */
export const STANDINS: Readonly<Record<string, string>> = {
  "paketo-buildpacks/go-dist": GO_DIST_STANDIN,
  "paketo-buildpacks/go-mod-vendor": GO_MOD_VENDOR_STANDIN,
};

/**
 * The build's order: the groups asked for (each spec resolved once), or a composite's order
 * restricted to what devkit has (the repository's when none is named), or, on a checkout
 * without a composite, groups per signature buildpack and then plain Go (see groupsPerSignature).
 */
export async function resolveBuildOrder(request: OrderRequest, sources: BuildpackSources): Promise<BuildOrder> {
  const bySpec = new Map<string, BuildpackDir>();
  const resolveSpec = async (spec: string) => {
    const buildpack = bySpec.get(spec) ?? (await sources.buildpack(spec));
    bySpec.set(spec, buildpack);
    return buildpack;
  };
  const asked = request.groups ?? (request.buildpacks && !request.order ? [request.buildpacks] : undefined);
  if (asked) {
    const groups: GroupEntry[][] = [];
    for (const specs of asked) {
      const group: GroupEntry[] = [];
      for (const spec of specs) {
        const { id, version } = await resolveSpec(spec);
        group.push({ id, version });
      }
      groups.push(group);
    }
    return { groups, buildpacks: [...bySpec.values()], notes: [] };
  }
  // A bad --order is the user's first problem, whatever else is missing.
  const { repositoryOrder } = sources;
  const orderFile = request.order ?? (repositoryOrder.exists ? repositoryOrder.file : undefined);
  const composite = orderFile ? await sources.composite(orderFile) : undefined;
  if (orderFile && !composite?.order) {
    throw new DevkitError(`${orderFile} has no [[order]]: it is not a composite buildpack`, {
      where: orderFile,
      fix: "pass a composite's buildpack.toml with --order, or a buildpack's dir with --buildpack",
    });
  }
  const ours = await sources.repositoryBuildpacks();
  // With an order, --buildpack dirs are more buildpacks its groups may name.
  for (const spec of request.buildpacks ?? []) ours.push(await resolveSpec(spec));
  const substitutes: Record<string, string> = {};
  const standins: BuildpackDir[] = [];
  for (const [member, spec] of Object.entries(STANDINS)) {
    const standin = await resolveSpec(spec);
    substitutes[member] = standin.id;
    standins.push(standin);
  }
  const goBuild = await resolveSpec(GO_BUILD);
  const available = [...standins, goBuild, ...ours];
  if (!orderFile || !composite) {
    const members = { goDist: await resolveSpec(GO_DIST_STANDIN), goModVendor: await resolveSpec(GO_MOD_VENDOR_STANDIN), goBuild };
    const signatures = ours.filter((b) => !standins.some((s) => s.id === b.id) && b.id !== goBuild.id && !b.explainer);
    const explainer = ours.find((b) => b.explainer);
    return {
      groups: groupsPerSignature(members, signatures, explainer),
      buildpacks: available,
      notes: [`no ${repositoryOrder.file}: groups per signature buildpack, then plain Go, each with and then without the go-mod-vendor stand-in`],
    };
  }
  const { groups, notes } = resolveComposite(composite, available, substitutes);
  if (groups.length === 0) throw new DevkitError(`no group of ${orderFile} can be built with the buildpacks devkit has`, { where: orderFile });
  return { groups, buildpacks: available, notes: [`order from ${orderFile}`, ...notes] };
}
