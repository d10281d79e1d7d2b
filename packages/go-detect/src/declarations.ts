// Resolves what the files of one package declare into the package model: every type through
// its file's imports and the package's own declarations, methods to their receiver types,
// init calls to registrations.
import type { GoFile, GoFunc, GoImport, GoMethod, GoPackage, GoType } from "./model";
import { resolveRegistrations } from "./registrations";
import { type ImportFacts, type PackageScope, resolveImports, resolveType } from "./resolve";
import type { FileSyntax, WrittenFunc, WrittenType } from "./syntax";
import type { WrittenTypeDecl } from "./typedecl";

export interface ParsedFile {
  /** Relative to the package dir. */
  name: string;
  syntax: FileSyntax;
}

/** `file:line` relative to the module root, for messages. */
export function formatPosition(relDir: string, file: string, line: number): string {
  const rel = relDir === "." || relDir === "" ? file : `${relDir.replace(/\/+$/, "")}/${file}`;
  return `${rel}:${line}`;
}

/** The package-level type declarations, visible from every file. */
function packageScope(parsed: readonly ParsedFile[], fileImports: GoImport[][], facts: ImportFacts): PackageScope {
  const typeNames = new Set<string>();
  const aliases = new Map<string, { type: WrittenType; imports: GoImport[] }>();
  parsed.forEach((f, i) => {
    for (const t of f.syntax.types) typeNames.add(t.name);
    for (const a of f.syntax.typeAliases) aliases.set(a.name, { type: a.type, imports: fileImports[i] ?? [] });
  });
  return { typeNames, aliases, ...(facts.exports ? { exports: facts.exports } : {}) };
}

/** A receiver written through a local alias (`type A = T; func (a A) M()`) belongs to T. */
function receiverTypeName(name: string, scope: PackageScope): string {
  const alias = scope.aliases.get(name);
  if (alias === undefined) return name;
  const target = resolveType(alias.type, alias.imports, scope);
  return target.importPath === "" && target.name !== "" && !target.pointer && scope.typeNames.has(target.name) ? target.name : name;
}

function resolveTypeDecl(t: WrittenTypeDecl, file: string, imports: GoImport[], scope: PackageScope): GoType {
  const resolve = (w: WrittenType) => resolveType(w, imports, scope);
  const type: GoType = { name: t.name, file, line: t.line, generic: t.generic, kind: t.underlying.kind, fields: [], embedded: [], interfaceMethods: [] };
  const u = t.underlying;
  if (u.kind === "struct") {
    type.fields = u.fields;
    type.embedded = u.embedded.map((e) => ({ type: resolve(e.type), line: e.line }));
  } else if (u.kind === "interface") {
    type.embedded = u.embedded.map((e) => ({ type: resolve(e.type), line: e.line }));
    type.interfaceMethods = u.methods.map((m) => ({ name: m.name, file, line: m.line, params: m.params.map(resolve), results: m.results.map(resolve) }));
    if (u.constraint) type.constraint = true;
  } else if (u.kind === "defined") {
    type.definedFrom = resolve(u.type);
  }
  return type;
}

/**
 * Fills pkg.files, funcs, vars, methods, types and registrations from the parsed files, and
 * pkg.unexportedFuncs when `keepUnexported`.
 */
export function resolveDeclarations(parsed: readonly ParsedFile[], pkg: GoPackage, facts: ImportFacts, keepUnexported = false): void {
  const fileImports = parsed.map((f) => resolveImports(f.syntax.imports, facts));
  const scope = packageScope(parsed, fileImports, facts);
  const resolveFunc = (f: WrittenFunc, file: string, imports: GoImport[]): GoFunc => ({
    name: f.name,
    file,
    line: f.line,
    params: f.params.map((t) => resolveType(t, imports, scope)),
    results: f.results.map((t) => resolveType(t, imports, scope)),
    ...(f.doc !== undefined ? { doc: f.doc } : {}),
  });

  // Every top-level func by name, so a registration in one file can name a func of another.
  // Unexported ones are resolved only if a registration names them.
  const topLevel = new Map<string, GoFunc | (() => GoFunc)>();
  const exported = parsed.map(({ name, syntax }, i) => {
    const imports = fileImports[i] ?? [];
    const funcs = syntax.funcs.map((f) => resolveFunc(f, name, imports));
    for (const f of funcs) if (!topLevel.has(f.name)) topLevel.set(f.name, f);
    for (const f of syntax.unexportedFuncs) if (!topLevel.has(f.name)) topLevel.set(f.name, () => resolveFunc(f, name, imports));
    return funcs;
  });
  const topLevelFunc = (funcName: string): GoFunc | undefined => {
    const entry = topLevel.get(funcName);
    if (typeof entry !== "function") return entry;
    const resolved = entry();
    topLevel.set(funcName, resolved);
    return resolved;
  };

  if (keepUnexported) {
    pkg.unexportedFuncs = parsed.flatMap(({ name, syntax }) =>
      syntax.unexportedFuncs.flatMap((f) => {
        const resolved = topLevelFunc(f.name);
        // A name declared twice (a compile error) keeps its first declaration, as registrations read it.
        return resolved !== undefined && resolved.file === name && resolved.line === f.line ? [resolved] : [];
      }),
    );
  }

  parsed.forEach(({ name, syntax }, i) => {
    const imports = fileImports[i] ?? [];
    const file: GoFile = {
      name,
      packageName: syntax.packageName as string,
      packageLine: syntax.packageLine ?? 1,
      imports,
      funcs: exported[i] ?? [],
      methods: syntax.methods.map(
        (m): GoMethod => ({
          name: m.name,
          file: name,
          line: m.line,
          params: m.params.map((t) => resolveType(t, imports, scope)),
          results: m.results.map((t) => resolveType(t, imports, scope)),
          receiverType: receiverTypeName(m.receiver, scope),
          pointerReceiver: m.pointerReceiver,
        }),
      ),
      vars: syntax.vars.map((v) => ({ name: v.name, file: name, line: v.line, type: resolveType(v.type, imports, scope) })),
      types: syntax.types.map((t) => resolveTypeDecl(t, name, imports, scope)),
      registrations: resolveRegistrations(syntax.initCalls, imports, topLevelFunc, name, (line) => formatPosition(pkg.relDir, name, line)),
      ignored: syntax.ignored.map((d) => ({ ...d, file: name })),
      syntaxErrorLines: syntax.syntaxErrorLines,
    };
    pkg.files.push(file);
    pkg.funcs.push(...file.funcs);
    pkg.vars.push(...file.vars);
    pkg.methods.push(...file.methods);
    pkg.types.push(...file.types);
    pkg.registrations.push(...file.registrations);
  });
}
