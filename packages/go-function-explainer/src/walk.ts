// Bounded looks at the app's directories. Whatever the app holds — a million files, deep trees,
// symlink loops — a look ends after a fixed number of entries, depth and dirs, and says when
// it stopped early; symlinked dirs are not followed (go build and go-build's walk do not).
import type { Dirent } from "node:fs";
import { listDirectory, path } from "@fnpacks/host-io";

/** How far a walk may go. */
export interface WalkLimits {
  /** Directory entries read, across the walk. */
  maxEntries: number;
  /** Levels below the start. */
  maxDepth: number;
}

export const DETECT_WALK: WalkLimits = { maxEntries: 4000, maxDepth: 12 };

function entries(dir: string): Dirent[] | undefined {
  try {
    // node:fs when a walk first needs it: loading it costs a compiled detect more than the walk.
    return (require("node:fs") as typeof import("node:fs")).readdirSync(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
}

/** Whether dir holds an entry named *.go, as go-build's `filepath.Glob(dir, "*.go")` asks. */
export function hasGoEntries(dir: string): boolean {
  // host-io lists names without node:fs, but in the compiled executable it leaves out FIFOs,
  // sockets and devices, which go-build's Glob counts: when it finds no *.go, node's listing
  // says for sure (and the walk of cmd/ that comes next loads node:fs anyway).
  const listing = listDirectory(dir);
  if (listing.kind === "listed" && [...listing.names, ...listing.notUtf8].some((name) => name.endsWith(".go"))) return true;
  return (entries(dir) ?? []).some((entry) => entry.name.endsWith(".go"));
}

/**
 * Whether go-build's default targets would come from cmd/: it walks cmd/ for dirs holding a
 * *.go entry when the root holds none. "unknown" when the walk could not finish (unreadable,
 * or past the limits): the caller then steps aside, as for an app that builds.
 */
export function goFilesUnder(dir: string, limits: WalkLimits = DETECT_WALK): boolean | "unknown" {
  let budget = limits.maxEntries;
  const visit = (at: string, depth: number): boolean | "unknown" => {
    const found = entries(at);
    if (found === undefined) return "unknown";
    budget -= found.length;
    if (budget < 0) return "unknown";
    if (found.some((entry) => !entry.isDirectory() && entry.name.endsWith(".go"))) return true;
    let unknown = false;
    for (const entry of found) {
      if (!entry.isDirectory()) continue;
      if (depth >= limits.maxDepth) return "unknown";
      const below = visit(path.join(at, entry.name), depth + 1);
      if (below === true) return true;
      if (below === "unknown") unknown = true;
    }
    return unknown ? "unknown" : false;
  };
  const top = entries(dir);
  if (top === undefined) return false; // no cmd/: go-build looks no further
  return visit(dir, 0);
}

/** Directories go build never treats as packages of the module: vendor/, testdata/, names starting with . or _. */
export function skippedByGo(name: string): boolean {
  return name === "vendor" || name === "testdata" || name.startsWith(".") || name.startsWith("_");
}

export interface GoDirs {
  /** Dirs holding *.go files, relative to the root, posix, breadth first ("." first when it has some). */
  dirs: string[];
  /** Set when the walk stopped at its limits: there may be more. */
  truncated: boolean;
}

/** The dirs under root that hold *.go files, breadth first, within the limits; the root itself when it holds some. */
export function goPackageDirs(root: string, limits: WalkLimits & { maxDirs: number }): GoDirs {
  const dirs: string[] = [];
  let budget = limits.maxEntries;
  let truncated = false;
  let level: string[] = ["."];
  for (let depth = 0; level.length > 0 && !truncated; depth++) {
    const next: string[] = [];
    for (const rel of level) {
      const found = entries(rel === "." ? root : path.join(root, rel));
      if (found === undefined) continue;
      budget -= found.length;
      if (budget < 0 || dirs.length >= limits.maxDirs) {
        truncated = true;
        break;
      }
      if (found.some((entry) => !entry.isDirectory() && entry.name.endsWith(".go"))) dirs.push(rel);
      for (const entry of found) {
        if (entry.isDirectory() && !skippedByGo(entry.name)) next.push(rel === "." ? entry.name : `${rel}/${entry.name}`);
      }
    }
    if (depth >= limits.maxDepth && next.length > 0) truncated = true;
    level = depth >= limits.maxDepth ? [] : next.sort();
  }
  return { dirs, truncated };
}
