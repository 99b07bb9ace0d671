// Types of the validator esbuild.mjs compiles from runlens.schema.json at build time (ajv standalone
// code, with the options allErrors, verbose and allowUnionTypes).
declare module 'runlens:schema-validator' {
  import { type ValidateFunction } from 'ajv';
  /** Validates a parsed runlens.yaml; on failure its `errors` hold every violation. */
  export const validate: ValidateFunction;
}
