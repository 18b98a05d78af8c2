import { InputError } from '../../errors.js';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A list that holds the document's inventory (CycloneDX `components`, SPDX 2 `packages`, SPDX 3 `@graph`).
 * Absent is empty. Anything else but an array of objects is malformed: reading around it would scan or
 * diff fewer components than the document holds, and report them clean.
 *
 * @param pointer JSON Pointer of the list, for the error message.
 * @throws InputError INPUT_MALFORMED
 */
export function inventoryList(file: string, value: unknown, pointer: string): JsonObject[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new InputError({ code: 'INPUT_MALFORMED', file, message: `${pointer} is not an array` });
  }
  value.forEach((entry, index) => {
    if (!isObject(entry)) {
      throw new InputError({
        code: 'INPUT_MALFORMED',
        file,
        message: `${pointer}/${index} is not an object`,
      });
    }
  });
  return value as JsonObject[];
}
