import type { SupplierFact } from '../input-document.js';
import { PolicyError } from '../policy-error.js';

/**
 * `--supplier-facts FILE`: a JSON list of `{ name, sbom?, signature: { verified, signer? } }` until the
 * supplier flow produces them itself (docs/policy.md "suppliers").
 *
 * @throws PolicyError POLICY_INPUT_INVALID naming the file and the entry
 */
export function supplierFacts(file: string, content: Uint8Array): SupplierFact[] {
  let data: unknown;
  try {
    data = JSON.parse(Buffer.from(content).toString('utf8'));
  } catch (error) {
    throw new PolicyError({
      code: 'POLICY_INPUT_INVALID',
      file,
      message: `not valid JSON: ${(error as Error).message}`,
    });
  }
  if (!Array.isArray(data)) {
    throw new PolicyError({
      code: 'POLICY_INPUT_INVALID',
      file,
      message: 'expected a JSON list of suppliers',
    });
  }
  return data.map((entry: unknown, index): SupplierFact => {
    const record = entry as Record<string, unknown> | null;
    const signature = record?.signature as Record<string, unknown> | undefined;
    if (
      typeof record !== 'object' ||
      record === null ||
      typeof record.name !== 'string' ||
      typeof signature !== 'object' ||
      signature === null ||
      typeof signature.verified !== 'boolean'
    ) {
      throw new PolicyError({
        code: 'POLICY_INPUT_INVALID',
        file,
        message: `[${index}]: expected { name: string, signature: { verified: boolean, signer?: string } }`,
      });
    }
    return {
      name: record.name,
      sbom: typeof record.sbom === 'string' ? record.sbom : null,
      signature: {
        verified: signature.verified,
        signer: typeof signature.signer === 'string' ? signature.signer : null,
      },
    };
  });
}
