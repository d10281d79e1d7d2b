// A Go file's package clause, found the way go/build's header reader finds it: past
// comments and blank space, before any parse. It tells a `package main` application from
// a function package without building a syntax tree.

import { identPattern } from "./unicode";

/** Where Go puts the package name: `package` then an identifier, after comments only. */
export interface PackageClause {
  name: string;
  /** 1-based. */
  line: number;
}

const IDENTIFIER = identPattern((ident) => `^${ident}`);

/** The file's package clause, or undefined when the file does not start with one. */
export function readPackageClause(source: string): PackageClause | undefined {
  let i = 0;
  let line = 1;
  const skipSpaceAndComments = () => {
    while (i < source.length) {
      const c = source[i];
      if (c === "\n") {
        line++;
        i++;
      } else if (c === " " || c === "\t" || c === "\r") {
        i++;
      } else if (source.startsWith("//", i)) {
        const end = source.indexOf("\n", i);
        i = end < 0 ? source.length : end;
      } else if (source.startsWith("/*", i)) {
        const end = source.indexOf("*/", i + 2);
        if (end < 0) return false;
        for (let j = i; j < end; j++) if (source[j] === "\n") line++;
        i = end + 2;
      } else {
        return true;
      }
    }
    return false;
  };
  if (!skipSpaceAndComments() || !source.startsWith("package", i)) return undefined;
  i += "package".length;
  const afterKeyword = i;
  if (!skipSpaceAndComments() || i === afterKeyword) return undefined;
  const match = IDENTIFIER.exec(source.slice(i, i + 256));
  if (match === null) return undefined;
  return { name: match[0], line };
}
