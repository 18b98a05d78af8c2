import { InputError } from '../../errors.js';
import type { SbomComponent, SbomDocument } from '../../sbom/read/read-sbom.js';
import { readSbom } from '../../sbom/read/read-sbom.js';
import { type ValidationReport, validateSbom } from '../../sbom/validate/validate-sbom.js';
import type { ComponentFact, SbomFact } from '../input-document.js';

function componentFact(component: SbomComponent): ComponentFact {
  const label = component.version ? `${component.name}@${component.version}` : component.name;
  return {
    id: component.purl ?? (component.group ? `${component.group}/${label}` : label),
    bomRef: component.bomRef ?? null,
    name: component.name,
    group: component.group ?? null,
    version: component.version ?? null,
    purl: component.purl ?? null,
    type: component.type,
    scope: component.scope ?? null,
    licenses: [...component.licenses],
    hashes: { ...component.hashes },
    distributionHashes: Object.fromEntries(
      Object.entries(component.distributionHashes ?? {}).map(([algorithm, values]) => [
        algorithm,
        [...values],
      ]),
    ),
  };
}

/**
 * The `sbom` fact from a read SBOM and its validation. No validation report (a format the validator does
 * not cover) means not valid: the gate never assumes validity it did not check.
 */
export function sbomFacts(
  file: string,
  document: SbomDocument,
  validation:
    | Pick<ValidationReport, 'valid' | 'errors'>
    | { valid: false; errors: { path: string; message: string }[] },
): SbomFact {
  return {
    file,
    format: document.format,
    specVersion: document.specVersion,
    valid: validation.valid && validation.errors.length === 0,
    validationErrors: validation.errors.map((error) => ({ path: error.path, message: error.message })),
    components: document.components.map(componentFact),
  };
}

/**
 * Reads and validates an SBOM file (`--sbom`). A document that reads but that the validator refuses
 * (SPDX 3, say) is reported as invalid with the validator's reason, not as an input error.
 *
 * @throws InputError when the file cannot be read as an SBOM at all (exit 3)
 */
export async function readSbomFacts(file: string, content: Uint8Array): Promise<SbomFact> {
  const document = await readSbom(file, content);
  let validation: Pick<ValidationReport, 'valid' | 'errors'>;
  try {
    validation = await validateSbom(file, Buffer.from(content));
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    validation = { valid: false, errors: [{ path: '', message: `cannot be validated: ${error.message}` }] };
  }
  return sbomFacts(file, document, validation);
}
