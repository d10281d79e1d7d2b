// Functions registered in `init()`, e.g. the Functions Framework's
// `functions.HTTP("HelloHTTP", helloHTTP)`. A registration states the author's intent: when a
// package registers functions, the registered ones are its candidates, under their registered
// names, exported or not (go-codegen reaches an unexported one with //go:linkname). Which calls
// a signature serves is its own data (FunctionSignature.registrations); what a framework's other
// calls mean is the framework's (functions-framework.ts); turning the calls into candidates and
// refusals is this module's.
import { formatFuncSignature, type GoFile, type GoFunc, type GoRegistration, type Equivalence, matchFuncShape, type SignatureSpec } from "@fnpacks/go-detect";
import type { PlannedCandidate } from "./plan";

/** A call of a framework that registers a function, e.g. `functions.Typed`. */
export interface RegistrationCall {
  importPath: string;
  /** The callee's name; a trailing `*` matches every name with that prefix (`Register*`). */
  name: string;
  /** What it registers, for messages, e.g. "a typed function". */
  registers: string;
  /** Set when no fnpacks signature serves what it registers: why, and what to write instead. */
  refused?: string;
}

/** A framework whose registration calls fnpacks reads. */
export interface RegistrationFramework {
  /** For messages, e.g. "the Functions Framework". */
  name: string;
  /** Every registration call it has; calls of its packages not listed here are not registrations. */
  calls: readonly RegistrationCall[];
}

/**
 * A registration call a signature serves: `callee("Name", fn)` with a string literal and a
 * top-level func of the package whose type is one of `shapes`.
 */
export interface RegistrationForm<Shape extends string = string> {
  framework: RegistrationFramework;
  importPath: string;
  name: string;
  /**
   * The shapes the callee's func parameter has. Go compiles the call only with a func of
   * exactly that type, which is what lets the generated code declare it (see go-codegen's
   * linked.ts).
   */
  shapes: readonly Shape[];
}

/** A registration of one of the signature's frameworks that yields no candidate, and why. */
export interface RefusedRegistration {
  /** `file:line` of the call, relative to the module root. */
  position: string;
  /** The call as written, shortened, e.g. `functions.Typed("Add", add)`. */
  call: string;
  /** The name it registers, when it is a string literal. */
  name?: string;
  reason: string;
}

/** What a registration of a candidate records in the plan. */
export interface PlannedRegistration {
  /** The Go func registered: the generated server calls it (through //go:linkname when unexported). */
  func: string;
  /** The callee as written, e.g. "functions.HTTP". */
  call: string;
  /** `file:line` of the call. */
  at: string;
}

export interface FoundRegistrations {
  /** One per served registration, named by the registered name; `registered` is set on each. */
  candidates: PlannedCandidate[];
  refused: RefusedRegistration[];
}

export interface RegistrationInput {
  registrations: readonly GoRegistration[];
  files: readonly GoFile[];
  /** The package dir relative to the module root ("." for the root). */
  packageDir: string;
  forms: readonly RegistrationForm[];
  specs: readonly SignatureSpec[];
  equivalences: readonly Equivalence[];
  /** The signature's kind, e.g. "HTTP function", for the calls it does not serve. */
  kind: string;
}

function calleeMatches(call: Pick<RegistrationCall, "importPath" | "name">, callee: GoRegistration["callee"]): boolean {
  if (call.importPath !== callee.importPath) return false;
  return call.name.endsWith("*") ? callee.name.startsWith(call.name.slice(0, -1)) : call.name === callee.name;
}

/** The frameworks the forms belong to, once each. */
function frameworksOf(forms: readonly RegistrationForm[]): RegistrationFramework[] {
  return [...new Set(forms.map((form) => form.framework))];
}

const callText = (r: GoRegistration): string => `${r.callee.text}(${r.args.map((a) => a.text).join(", ")})`;

/**
 * The registered candidates and the refused registrations of a package. Calls of packages that
 * are not the forms' frameworks' registration calls are not registrations and are ignored.
 */
export function findRegistrations(input: RegistrationInput): FoundRegistrations {
  const found: FoundRegistrations = { candidates: [], refused: [] };
  if (input.forms.length === 0) return found;
  const frameworks = frameworksOf(input.forms);
  found.refused.push(...dotImports(input.files, frameworks, input.packageDir));
  const firstAt = new Map<string, string>();
  for (const registration of input.registrations) {
    const call = frameworks.flatMap((f) => f.calls).find((c) => calleeMatches(c, registration.callee));
    if (call === undefined) continue;
    const refuse = (reason: string, name?: string) =>
      found.refused.push({ position: registration.position, call: callText(registration), ...(name !== undefined ? { name } : {}), reason });
    const form = input.forms.find((f) => calleeMatches(f, registration.callee));
    if (form === undefined) {
      refuse(call.refused ?? `it registers ${call.registers}; this buildpack serves ${input.kind}s`);
      continue;
    }
    const verdict = servedFunction(registration, form, input);
    if ("reason" in verdict) {
      refuse(verdict.reason, verdict.name);
      continue;
    }
    const earlier = firstAt.get(verdict.name);
    if (earlier !== undefined) {
      refuse(`the name ${JSON.stringify(verdict.name)} is registered already at ${earlier}: ${form.framework.name} stops the program at start-up (log.Fatalf)`, verdict.name);
      continue;
    }
    firstAt.set(verdict.name, registration.position);
    const { func } = verdict;
    found.candidates.push({
      name: verdict.name,
      shape: verdict.shape,
      position: positionOf(input.packageDir, func),
      signature: formatFuncSignature(func),
      registered: { func: func.name, call: registration.callee.text, at: registration.position },
    });
  }
  return found;
}

type Verdict = { name: string; func: GoFunc; shape: string } | { reason: string; name?: string };

/** The func a served registration call names, or why it cannot be served. */
function servedFunction(registration: GoRegistration, form: RegistrationForm, input: RegistrationInput): Verdict {
  const callee = registration.callee.text;
  const [nameArg, fnArg, ...more] = registration.args;
  if (nameArg === undefined || fnArg === undefined || more.length > 0) {
    return { reason: `${callee} takes a name and a function; this call has ${registration.args.length} arguments` };
  }
  if (nameArg.kind !== "string") {
    return {
      reason: `the name ${nameArg.text} is not a string literal: fnpacks reads the name from the source without running it; write the name in quotes, e.g. ${callee}("HelloHTTP", …)`,
    };
  }
  const name = nameArg.value;
  if (name.trim() === "") return { reason: `the registered name is empty: ${form.framework.name} needs one to serve the function`, name };
  const named = (reason: string): Verdict => ({ reason, name });
  switch (fnArg.kind) {
    case "func": {
      const shapes = input.specs.filter((spec) => spec.kind === "func" && form.shapes.includes(spec.id));
      const match = matchFuncShape(fnArg.func, shapes as ReadonlyArray<SignatureSpec & { kind: "func" }>, input.equivalences);
      if (match === undefined) return named(`${formatFuncSignature(fnArg.func)} is not of the type ${callee} takes`);
      return { name, func: fnArg.func, shape: match.shape.id };
    }
    case "closure":
      return named(
        `it registers a func literal, which has no name the generated server can call (the framework's registry is internal to its module); declare it as a top-level func and register that`,
      );
    case "selector":
      return named(
        `${fnArg.text} is a method value or a field, not a top-level func: the generated server cannot reach it; register a top-level func (e.g. one that calls the method)`,
      );
    case "qualified":
      return named(
        `${fnArg.text} is a function of another package (${fnArg.importPath}): fnpacks serves functions of the package it builds; register a func of this package, or build that package (BP_FUNCTION_DIR)`,
      );
    case "identifier":
      return named(notAPlainFunc(fnArg.name, input.files, input.packageDir));
    default:
      return named(`${fnArg.text} is not the name of a top-level func: the generated server can only call a func declared at the top level of the package`);
  }
}

/** Why an identifier that is not a readable top-level func cannot be served. */
function notAPlainFunc(name: string, files: readonly GoFile[], packageDir: string): string {
  for (const file of files) {
    const ignored = file.ignored.find((d) => d.name === name && d.receiver === undefined && !d.reason.startsWith("method"));
    if (ignored) {
      return `${name} (${positionOf(packageDir, ignored)}) is not a plain top-level func: generic funcs (and funcs whose signature does not parse) cannot be called by the generated server; register a non-generic func`;
    }
  }
  return `${name} is not a top-level func of the package (a variable, a constant or a local?): the generated server can only call a func declared with \`func ${name}(…)\``;
}

/** A dot import hides every call of the package from the reader: say so rather than miss them. */
function dotImports(files: readonly GoFile[], frameworks: readonly RegistrationFramework[], packageDir: string): RefusedRegistration[] {
  const registering = new Set(frameworks.flatMap((f) => f.calls.map((c) => c.importPath)));
  return files.flatMap((file) =>
    file.imports
      .filter((i) => i.kind === "dot" && registering.has(i.path))
      .map((i) => ({
        position: positionOf(packageDir, { file: file.name, line: i.line }),
        call: `import . "${i.path}"`,
        reason: `registrations through a dot import are not read; import it by name and write e.g. ${i.path.split("/").pop()}.HTTP("HelloHTTP", helloHTTP)`,
      })),
  );
}

/** `file:line` relative to the module root, as go-detect writes positions. */
function positionOf(packageDir: string, at: { file: string; line: number }): string {
  return `${packageDir === "." || packageDir === "" ? "" : `${packageDir}/`}${at.file}:${at.line}`;
}

/** Whether the package registers functions with one of the signature's frameworks (served or not). */
export function registers(candidates: readonly PlannedCandidate[], refused: readonly RefusedRegistration[] | undefined): boolean {
  return (refused?.length ?? 0) > 0 || candidates.some((c) => c.registered !== undefined);
}

/** A registering package's candidates are its registered functions. */
export function preferRegistered(candidates: PlannedCandidate[]): PlannedCandidate[] {
  return candidates.filter((c) => c.registered !== undefined);
}

/**
 * The candidates BP_FUNCTION_NAME names. A registered name wins over a func of the same name
 * (an exported func registered under its own name is one function, not two).
 */
export function namedCandidates(candidates: readonly PlannedCandidate[], names: readonly string[]): PlannedCandidate[] {
  const registeredNames = new Set(candidates.filter((c) => c.registered).map((c) => c.name));
  return candidates.filter((c) => names.includes(c.name) && (c.registered !== undefined || !registeredNames.has(c.name)));
}

/** The refusals in one line, for a detect reason: the first few (calls refused alike share their reason), and how many more. */
export function describeRefusals(refused: readonly RefusedRegistration[], max = 3): string {
  const byReason = new Map<string, string[]>();
  for (const r of refused.slice(0, max)) byReason.set(r.reason, [...(byReason.get(r.reason) ?? []), `${r.call} at ${r.position}`]);
  const shown = [...byReason].map(([reason, calls]) => `${calls.join(", ")}: ${reason}`);
  const more = refused.length > max ? [`and ${refused.length - max} more`] : [];
  return [...shown, ...more].join("; ");
}
