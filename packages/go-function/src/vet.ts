// A signature's closer look at each match of its specs (FunctionSignature.vet): what a shape
// cannot say — e.g. that the type a wildcard bound is one the SDK can use — decides whether a
// match is a candidate, and what build must know of it beyond its name and shape (e.g. an MCP
// tool's description, its doc comment) travels in the plan.
import type { Candidate, GoPackage } from "@fnpacks/go-detect";
import type { PlannedCandidate } from "./plan";

/** What vet says of a match: refused with why (a near miss), or kept with details for the plan. */
export type Vetted = { refused: string } | { details?: Record<string, string> };

/** Looks at a match with everything go-detect read of its package. */
export type Vet = (match: Candidate, pkg: GoPackage) => Vetted;

/** A match vet refused, and why. */
export interface RefusedMatch {
  name: string;
  /** file:line, relative to the module root. */
  position: string;
  reason: string;
}

/**
 * The matches as planned candidates, each vetted when the signature vets: refused ones are left
 * out and logged as near misses ("file:line: Name is not a candidate: why", as go-detect's own).
 */
export function vetMatches(
  matches: readonly Candidate[],
  pkg: GoPackage,
  planned: (match: Candidate) => PlannedCandidate,
  vet: Vet | undefined,
  debug: ((message: string) => void) | undefined,
): { kept: PlannedCandidate[]; refused: RefusedMatch[] } {
  if (!vet) return { kept: matches.map(planned), refused: [] };
  const kept: PlannedCandidate[] = [];
  const refused: RefusedMatch[] = [];
  for (const match of matches) {
    const verdict = vet(match, pkg);
    if ("refused" in verdict) {
      refused.push({ name: match.name, position: match.position, reason: verdict.refused });
      debug?.(`${match.position}: ${match.name} is not a candidate: ${verdict.refused}`);
    } else {
      kept.push({ ...planned(match), ...(verdict.details && Object.keys(verdict.details).length > 0 ? { details: verdict.details } : {}) });
    }
  }
  return { kept, refused };
}

/**
 * Why detect found nothing to serve, when vet refused matches: those named (BP_FUNCTION_NAME)
 * if any were, else all; the first few, on one line.
 */
export function refusedMatchesWhy(refused: readonly RefusedMatch[], unmatched: readonly string[], max = 3): string {
  const named = refused.filter((r) => unmatched.includes(r.name));
  const about = named.length > 0 ? named : unmatched.length > 0 ? [] : refused;
  if (about.length === 0) return "";
  const shown = about.slice(0, max).map((r) => `${r.position} ${r.name}: ${r.reason}`);
  const more = about.length > max ? [`and ${about.length - max} more`] : [];
  return `; not served: ${[...shown, ...more].join("; ")}`;
}
