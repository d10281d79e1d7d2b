// js-yaml 3 ships no types; the tests use only load (YAML text to plain values).
declare module "js-yaml" {
  export function load(text: string): unknown;
}
