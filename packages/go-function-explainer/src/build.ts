// The explainer's build: it never builds. It says why no signature buildpack took the app and
// go-build cannot build it either, lists the near misses with the fix for each, and fails
// with fnpacks' message — what, where, the fix to try first — instead of go-build's "no main
// packages to build".
import type { BuildContext, BuildFunc, Logger } from "@fnpacks/cnb";
import { UserError } from "@fnpacks/cnb";
import { createGoParser, type GoParserOptions } from "@fnpacks/go-detect";
import { type Explanation, explainApp, whereIn } from "./explain";
import type { RegisteredSignature } from "./registry";

/** The most near misses listed; the rest are counted. */
export const MAX_LISTED = 12;

/** The explanation as the build log shows it, before the error. */
export function logExplanation(explanation: Explanation, logger: Logger): void {
  logger.process(explanation.summary);
  if (explanation.items.length > 0) {
    logger.process("Near misses, nearest first, each with its fix:");
    for (const item of explanation.items.slice(0, MAX_LISTED)) {
      logger.subprocess(item.what);
      if (item.fix) logger.action(`fix: ${item.fix}`);
    }
    if (explanation.items.length > MAX_LISTED) logger.subprocess(`and ${explanation.items.length - MAX_LISTED} more`);
  }
  if (explanation.verdicts.length > 0) {
    logger.process("What each signature buildpack found:");
    // Buildpacks that found the same (package main, say) share a line.
    const byReason = new Map<string, string[]>();
    for (const { id, reason } of explanation.verdicts) byReason.set(reason, [...(byReason.get(reason) ?? []), id]);
    for (const [reason, ids] of byReason) logger.subprocess(`${ids.join(", ")}: ${reason}`);
  }
  for (const note of explanation.notes) logger.process(`Note: ${note}`);
  logger.break();
}

/** The failure the build ends with: what, where, the fix to try first. */
export function explanationError(explanation: Explanation, appDir: string): UserError {
  return new UserError(explanation.summary, { where: whereIn(appDir, explanation.where), fix: explanation.fix });
}

export function createExplainerBuild(signatures: () => readonly RegisteredSignature[], parserOptions: GoParserOptions = {}): BuildFunc {
  return async (context: BuildContext) => {
    const parser = await createGoParser(parserOptions);
    try {
      const explanation = await explainApp({
        appDir: context.appDir,
        env: context.env,
        goarch: context.target.arch,
        signatures: signatures(),
        parser,
        debug: (message) => context.logger.debug(message),
      });
      logExplanation(explanation, context.logger);
      throw explanationError(explanation, context.appDir);
    } finally {
      parser.delete();
    }
  };
}
