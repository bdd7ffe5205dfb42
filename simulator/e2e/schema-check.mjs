/**
 * Validates messages against the protocol's JSON Schema
 * (schema/messages.schema.json) with Ajv, so that the end-to-end suite
 * fails when the gadget renames or drops a field.
 */
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';

const schema = JSON.parse(
  readFileSync(new URL('../../schema/messages.schema.json', import.meta.url)),
);
const ajv = new Ajv2020({ allErrors: true, strict: true });
const validateGadget = ajv.compile({
  ...schema,
  oneOf: undefined,
  $ref: '#/$defs/gadgetMessage',
});

/**
 * The schema's complaints about one message the gadget sent, as lines;
 * empty when it conforms.
 * @param {unknown} message
 * @returns {string[]}
 */
export function schemaErrors(message) {
  if (validateGadget(message)) return [];
  return (validateGadget.errors ?? []).map(
    (e) => `${e.instancePath || '/'} ${e.message}`,
  );
}
