import { readPackageClause } from "../src/header";

test.each([
  ["package fn\n", { name: "fn", line: 1 }],
  ["// Package fn does things.\n//go:build linux\n\npackage fn // trailing\n", { name: "fn", line: 4 }],
  ["/* a\nblock\n*/ package main\n", { name: "main", line: 3 }],
  ["package/* odd but legal */fn\n", { name: "fn", line: 1 }],
  ["package\n\tfn\n", { name: "fn", line: 2 }],
  ["package héllo_1\n", { name: "héllo_1", line: 1 }],
])("%j declares %j", (source, clause) => {
  expect(readPackageClause(source)).toEqual(clause);
});

test.each([
  "",
  "func X() {}\npackage fn\n",
  "packagefn\n",
  "package 1fn\n",
  "package\n",
  "/* never closed package fn\n",
  "// only a comment\n",
  "\uFEFFpackage fn\n",
])("%j has no package clause", (source) => {
  expect(readPackageClause(source)).toBeUndefined();
});
