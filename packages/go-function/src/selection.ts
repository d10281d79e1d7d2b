import { UserError } from "@fnpacks/cnb";
import { FUNCTION_NAME_VAR } from "./config";

/**
 * How a signature picks what one build serves from what matched. HTTP and CloudEvents serve
 * exactly one function; a signature whose functions are parts of one server (MCP tools) serves
 * them all. Either way BP_FUNCTION_NAME is read by the signature, since only it knows what a
 * name is (an exported identifier, a list of them, a name registered in code).
 */
export interface CandidateSelection {
  /** "one": several matches fail the build with the list; "all": every match is served. */
  serves: "one" | "all";
  /** BP_FUNCTION_NAME (trimmed, non-empty) as the names it asks for; a UserError when it cannot mean anything. */
  parseNames(value: string): string[];
}

const EXPORTED_IDENTIFIER = /^\p{Lu}[\p{L}\p{Nd}_]*$/u;

function notAName(value: string, what: string, example: string): UserError {
  return new UserError(`${FUNCTION_NAME_VAR}=${JSON.stringify(value)} is not ${what}`, {
    where: "build-time environment",
    fix: `set ${FUNCTION_NAME_VAR} to ${example}`,
  });
}

/** One function per build, named by one exported Go identifier (the default). */
export const ONE_FUNCTION: CandidateSelection = {
  serves: "one",
  parseNames(value) {
    if (!EXPORTED_IDENTIFIER.test(value)) throw notAName(value, "an exported Go identifier", "the name of an exported function or variable, e.g. Handler");
    return [value];
  },
};

/** Every matching function in one build; BP_FUNCTION_NAME may narrow it to a comma-separated subset. */
export const EVERY_FUNCTION: CandidateSelection = {
  serves: "all",
  parseNames(value) {
    const names = value.split(",").map((name) => name.trim());
    const bad = names.find((name) => !EXPORTED_IDENTIFIER.test(name));
    if (bad !== undefined) throw notAName(value, "a comma-separated list of exported Go identifiers", "e.g. Forecast,Alerts");
    return [...new Set(names)];
  },
};
