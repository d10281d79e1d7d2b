// The package ships no types: it adds JSON Schema 2019-09's formats (idn-email, iri-reference,
// ...) to an Ajv instance, beside the draft-07 ones ajv-formats adds.
declare module "ajv-formats-draft2019" {
  import type Ajv from "ajv";
  function addFormats(ajv: Ajv, options?: { formats?: string[] }): Ajv;
  export = addFormats;
}
