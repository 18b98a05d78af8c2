import { Spec, Validation } from '@cyclonedx/cyclonedx-library';

const versions = {
  '1.5': Spec.Version.v1dot5,
  '1.6': Spec.Version.v1dot6,
  '1.7': Spec.Version.v1dot7,
} as const;

/**
 * The CycloneDX library's own strict JSON validator (official schemas), used in tests as an oracle
 * independent of veriship's validator. Resolves to null when valid, to the errors otherwise.
 */
export async function cycloneDxSchemaErrors(
  json: string,
  version: keyof typeof versions = '1.6',
): Promise<unknown> {
  return new Validation.JsonStrictValidator(versions[version]).validate(json);
}
