// Turns the calls read from init bodies into registrations: the callee resolved through the
// file's imports, each argument classified (a string, a top-level func of the package, …).
// Which callees and argument forms a signature accepts is the signature's business.
import type { WrittenArg, WrittenCall } from "./initcalls";
import type { GoFunc, GoImport, GoRegistration, RegistrationArg } from "./model";

/** The package a qualifier names in this file, if it is an import's name. */
function importNamed(qualifier: string, imports: readonly GoImport[]): GoImport | undefined {
  return imports.find((i) => (i.kind === "default" || i.kind === "alias") && i.localName === qualifier);
}

function classify(arg: WrittenArg, imports: readonly GoImport[], funcs: (name: string) => GoFunc | undefined): RegistrationArg {
  switch (arg.kind) {
    case "identifier": {
      const func = funcs(arg.name);
      return func ? { kind: "func", name: arg.name, func, text: arg.text } : arg;
    }
    case "selector": {
      const imp = arg.operand === undefined ? undefined : importNamed(arg.operand, imports);
      return imp ? { kind: "qualified", importPath: imp.path, name: arg.field, text: arg.text } : { kind: "selector", text: arg.text };
    }
    default:
      return arg;
  }
}

/**
 * The calls whose callee is `x.F` with x one of the file's imports. `funcs` finds the package's
 * top-level funcs by name (from every file); `position` turns a line into `file:line`.
 */
export function resolveRegistrations(
  calls: readonly WrittenCall[],
  imports: readonly GoImport[],
  funcs: (name: string) => GoFunc | undefined,
  file: string,
  position: (line: number) => string,
): GoRegistration[] {
  const registrations: GoRegistration[] = [];
  for (const call of calls) {
    const imp = importNamed(call.callee.qualifier, imports);
    if (imp === undefined) continue;
    registrations.push({
      callee: { importPath: imp.path, name: call.callee.name, text: `${call.callee.qualifier}.${call.callee.name}` },
      args: call.args.map((a) => classify(a, imports, funcs)),
      file,
      line: call.line,
      position: position(call.line),
    });
  }
  return registrations;
}
