// Method sets as Go defines them, from what the package declares: a type's own methods (value
// receivers in T's and *T's sets, pointer receivers only in *T's) and the methods promoted
// from its embedded fields, the shallowest depth winning and two at the same depth cancelling
// out. What comes from another package is not known here: the set says so rather than guess.
import type { GoFunc, GoMethod, GoPackage, GoType, IgnoredDecl, TypeRef } from "./model";
import { PREDECLARED_TYPES } from "./resolve";

export interface SetMethod {
  name: string;
  params: TypeRef[];
  results: TypeRef[];
  /** Where it is declared ("" for the predeclared `error`'s Error). */
  file: string;
  line: number;
  /** The type that declares it: the type itself, an embedded type or an interface. */
  receiverType: string;
  /** Declared `func (x *T)`; an interface's methods are not. */
  pointerReceiver: boolean;
  /** The embedded fields it is promoted through, outermost first; [] for the type's own. */
  promotedVia: string[];
}

export interface MethodSet {
  /** `T` or `*T`. */
  of: string;
  /** The methods certainly in the set, in declaration order of the types they come from. */
  methods: SetMethod[];
  /**
   * Names that are declared or promoted but not in the set, and why: a pointer receiver in a
   * value's set, two promoted at the same depth (ambiguous), or a signature with a syntax error.
   */
  excluded: { name: string; reason: string }[];
  /**
   * False when the set may hold names not listed in `methods` or `excluded`: the type (or a type
   * it embeds) embeds or is defined from a type of another package, or is generic.
   */
  complete: boolean;
  /** Why `complete` is false. */
  unknownReason?: string;
}

export type MethodLookup =
  | { kind: "found"; method: SetMethod }
  | { kind: "excluded"; reason: string }
  | { kind: "unknown"; reason: string }
  | { kind: "absent" };

/** Whether `name` is in the set, not in it for a reason, or cannot be known. */
export function lookupMethod(set: MethodSet, name: string): MethodLookup {
  const method = set.methods.find((m) => m.name === name);
  if (method) return { kind: "found", method };
  const excluded = set.excluded.find((e) => e.name === name);
  if (excluded) return { kind: "excluded", reason: excluded.reason };
  if (!set.complete) return { kind: "unknown", reason: set.unknownReason ?? "the method set is not known" };
  return { kind: "absent" };
}

/** Embedding deeper than real code nests; a cycle through pointers is cut by `seen` anyway. */
export const MAX_EMBEDDING_DEPTH = 16;

/** The package's types and methods by name, built once per match. */
export interface TypeIndex {
  types: ReadonlyMap<string, GoType>;
  methods: ReadonlyMap<string, readonly GoMethod[]>;
  /** Methods whose signature has a syntax error, by receiver type. */
  unreadable: ReadonlyMap<string, readonly IgnoredDecl[]>;
}

export type MethodSource = Pick<GoPackage, "types" | "methods"> & Partial<Pick<GoPackage, "files">>;

function push<K, V>(map: Map<K, V[]>, k: K, v: V): void {
  const list = map.get(k);
  if (list) list.push(v);
  else map.set(k, [v]);
}

export function indexTypes(pkg: MethodSource): TypeIndex {
  const types = new Map<string, GoType>();
  for (const t of pkg.types) if (!types.has(t.name)) types.set(t.name, t);
  const methods = new Map<string, GoMethod[]>();
  for (const m of pkg.methods) push(methods, m.receiverType, m);
  const unreadable = new Map<string, IgnoredDecl[]>();
  for (const file of pkg.files ?? []) for (const d of file.ignored) if (d.receiver !== undefined) push(unreadable, d.receiver, d);
  return { types, methods, unreadable };
}

const STRING: TypeRef = { importPath: "", name: "string", pointer: false, variadic: false, text: "string" };
/** The predeclared `error` interface's one method. */
const ERROR_METHOD: SetMethod = { name: "Error", params: [], results: [STRING], file: "", line: 0, receiverType: "error", pointerReceiver: false, promotedVia: [] };

/** What a type contributes at its depth: fields, interface methods, embedded fields to follow. */
interface Structure {
  fields: string[];
  interfaceMethods: SetMethod[];
  embedded: TypeRef[];
  isInterface: boolean;
  /** Set when part of it cannot be known. */
  unknown?: string;
}

const EMPTY: Structure = { fields: [], interfaceMethods: [], embedded: [], isInterface: false };

const interfaceMethod = (m: GoFunc, owner: string): SetMethod => ({
  name: m.name,
  params: m.params,
  results: m.results,
  file: m.file,
  line: m.line,
  receiverType: owner,
  pointerReceiver: false,
  promotedVia: [],
});

/** A named type the package declares (importPath "", not a composite). */
const isLocalNamed = (t: TypeRef): boolean => t.importPath === "" && t.name !== "" && t.unresolvedQualifier === undefined;

/**
 * The fields and interface methods of a type, through `type T U` chains to the struct or
 * interface underneath; `hops` bounds chains and interfaces embedding interfaces.
 */
function structureOf(type: GoType, index: TypeIndex, hops = 0): Structure {
  if (hops > MAX_EMBEDDING_DEPTH) return { ...EMPTY, unknown: `${type.name}'s definition goes deeper than ${MAX_EMBEDDING_DEPTH} types` };
  if (type.generic) return { ...EMPTY, unknown: `${type.name} is generic: generic types are not supported` };
  switch (type.kind) {
    case "struct":
      return { ...EMPTY, fields: type.fields, embedded: type.embedded.map((e) => e.type) };
    case "interface":
      return interfaceStructure(type, index, hops);
    case "defined":
      return definedStructure(type, index, hops);
    default:
      return EMPTY;
  }
}

function interfaceStructure(type: GoType, index: TypeIndex, hops: number): Structure {
  const methods = type.interfaceMethods.map((m) => interfaceMethod(m, type.name));
  let unknown: string | undefined;
  for (const { type: e } of type.embedded) {
    const local = isLocalNamed(e) ? index.types.get(e.name) : undefined;
    if (local) {
      const inner = structureOf(local, index, hops + 1);
      methods.push(...inner.interfaceMethods.filter((m) => !methods.some((n) => n.name === m.name)));
      unknown ??= inner.unknown;
    } else if (isLocalNamed(e) && e.name === "error") {
      if (!methods.some((m) => m.name === "Error")) methods.push(ERROR_METHOD);
    } else if (!(isLocalNamed(e) && PREDECLARED_TYPES.has(e.name))) {
      unknown ??= `${type.name} embeds ${e.text}, ${whose(e)}: its methods are not known`;
    }
  }
  return { ...EMPTY, interfaceMethods: methods, isInterface: true, ...(unknown ? { unknown } : {}) };
}

function definedStructure(type: GoType, index: TypeIndex, hops: number): Structure {
  const from = type.definedFrom;
  if (from === undefined || from.pointer) return EMPTY;
  const local = isLocalNamed(from) ? index.types.get(from.name) : undefined;
  if (local) return structureOf(local, index, hops + 1);
  if (isLocalNamed(from) && from.name === "error") return { ...EMPTY, interfaceMethods: [ERROR_METHOD], isInterface: true };
  if (isLocalNamed(from) && PREDECLARED_TYPES.has(from.name)) return EMPTY;
  return { ...EMPTY, unknown: `${type.name} is defined from ${from.text}, ${whose(from)}: its fields are not known` };
}

function whose(t: TypeRef): string {
  if (t.unresolvedQualifier !== undefined) return `whose package ${t.unresolvedQualifier} is not imported`;
  if (t.name === "") return "an instance of a generic type (not supported)";
  if (t.importPath !== "") return "declared in another package";
  return "which is not declared in the package";
}

/** The field name an embedded type gives: `*pkg.T` → T, `G[int]` → G. */
function fieldName(t: TypeRef): string {
  if (t.name !== "") return t.name;
  const base = t.text.replace(/^\*/, "").split("[")[0] ?? "";
  return base.slice(base.lastIndexOf(".") + 1);
}

/** A type reached while walking embedded fields. */
interface Reach {
  typeName: string;
  /** Embedded field names from the root. */
  via: string[];
  /** Reached through a pointer (the root `*T` or an embedded `*E`): pointer methods count. */
  indirect: boolean;
  /** Reached more than once at this depth: whatever it has is ambiguous. */
  multiples: boolean;
}

type Member = { kind: "field" } | { kind: "method"; method: SetMethod } | { kind: "unreadable"; decl: IgnoredDecl };

/** Several paths to one type at one depth become one reach marked `multiples` (as go/types does). */
function consolidate(reaches: Reach[]): Reach[] {
  const byType = new Map<string, Reach>();
  for (const r of reaches) {
    const earlier = byType.get(r.typeName);
    if (earlier) earlier.multiples = true;
    else byType.set(r.typeName, { ...r });
  }
  return [...byType.values()];
}

const describeReach = (root: string, via: string[]) => (via.length === 0 ? root : `${root}.${via.join(".")}`);

/** The method set of `T` (pointer false) or `*T` (pointer true), T declared in the package. */
export function methodSet(index: TypeIndex, typeName: string, pointer: boolean): MethodSet {
  const set: MethodSet = { of: `${pointer ? "*" : ""}${typeName}`, methods: [], excluded: [], complete: true };
  let unknownFrom = Number.POSITIVE_INFINITY;
  const unknownAt = (depth: number, reason: string) => {
    if (depth < unknownFrom) {
      unknownFrom = depth;
      set.complete = false;
      set.unknownReason = reason;
    }
  };
  const root = index.types.get(typeName);
  if (root === undefined) {
    unknownAt(0, `${typeName} is not declared in the package`);
    return set;
  }
  if (root.generic) {
    unknownAt(0, `${typeName} is generic: generic types are not supported`);
    return set;
  }
  // A pointer to an interface has no methods.
  if (pointer && structureOf(root, index).isInterface) return set;

  const decided = new Set<string>();
  const seen = new Set<string>();
  let current: Reach[] = [{ typeName, via: [], indirect: pointer, multiples: false }];
  for (let depth = 0; current.length > 0 && depth < unknownFrom; depth++) {
    if (depth > MAX_EMBEDDING_DEPTH) {
      unknownAt(depth, `${typeName} embeds types more than ${MAX_EMBEDDING_DEPTH} levels deep`);
      break;
    }
    const found = new Map<string, { member: Member; reach: Reach }[]>();
    const add = (name: string, member: Member, reach: Reach) => {
      if (!decided.has(name)) push(found, name, { member, reach });
    };
    const next: Reach[] = [];
    for (const reach of current) {
      if (seen.has(reach.typeName)) continue;
      seen.add(reach.typeName);
      const where = describeReach(typeName, reach.via);
      const type = index.types.get(reach.typeName);
      if (type === undefined) {
        if (reach.typeName === "error") add("Error", { kind: "method", method: { ...ERROR_METHOD, promotedVia: reach.via } }, reach);
        else if (!PREDECLARED_TYPES.has(reach.typeName)) unknownAt(depth, `${where} is not declared in the package`);
        continue;
      }
      for (const m of index.methods.get(reach.typeName) ?? []) {
        add(m.name, { kind: "method", method: { ...m, promotedVia: reach.via } }, reach);
      }
      for (const decl of index.unreadable.get(reach.typeName) ?? []) add(decl.name, { kind: "unreadable", decl }, reach);
      const structure = structureOf(type, index);
      // Nothing else is found at depth 0, so there the unknown part cannot hide what is known.
      if (structure.unknown) unknownAt(depth === 0 ? 1 : depth, structure.unknown);
      for (const f of structure.fields) add(f, { kind: "field" }, reach);
      for (const m of structure.interfaceMethods) add(m.name, { kind: "method", method: { ...m, promotedVia: reach.via } }, reach);
      for (const e of structure.embedded) {
        const name = fieldName(e);
        add(name, { kind: "field" }, reach);
        if (isLocalNamed(e)) next.push({ typeName: e.name, via: [...reach.via, name], indirect: reach.indirect || e.pointer, multiples: false });
        else unknownAt(depth + 1, `${where} embeds ${e.text}, ${whose(e)}: what it promotes is not known`);
      }
    }
    if (depth >= unknownFrom) break;
    for (const [name, members] of found) {
      decided.add(name);
      decide(set, typeName, name, members);
    }
    current = consolidate(next);
  }
  return set;
}

/** What the shallowest members named `name` make of it. */
function decide(set: MethodSet, typeName: string, name: string, members: { member: Member; reach: Reach }[]): void {
  const methods = members.filter((m) => m.member.kind !== "field");
  if (methods.length === 0) return; // a field, which hides deeper methods of that name
  const only = members.length === 1 ? members[0] : undefined;
  if (only === undefined) {
    const from = [...new Set(members.map((m) => describeReach(typeName, m.reach.via)))].join(" and ");
    set.excluded.push({ name, reason: `ambiguous: ${from} both have ${name} at the same depth` });
    return;
  }
  if (only.reach.multiples) {
    set.excluded.push({ name, reason: `ambiguous: ${typeName} embeds ${only.reach.typeName} along two paths of the same depth` });
    return;
  }
  const { member, reach } = only;
  if (member.kind === "unreadable") {
    set.excluded.push({ name, reason: `its declaration (${member.decl.file}:${member.decl.line}) has a syntax error` });
    return;
  }
  if (member.kind !== "method") return;
  const m = member.method;
  if (m.pointerReceiver && !reach.indirect) {
    set.excluded.push({ name, reason: `declared with a pointer receiver (*${m.receiverType}), so it is in *${typeName}'s method set, not ${typeName}'s` });
    return;
  }
  set.methods.push(m);
}

/** The method set of `T` or `*T` in a loaded package. */
export function methodSetOf(pkg: MethodSource, typeName: string, pointer: boolean): MethodSet {
  return methodSet(indexTypes(pkg), typeName, pointer);
}
