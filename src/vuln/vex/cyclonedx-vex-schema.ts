/**
 * A CycloneDX VEX document is checked against the official JSON schema of its spec version before it may
 * suppress anything: a suppression source that is not valid CycloneDX is rejected, not half-read.
 */
import { validateCycloneDxJsonSchema } from '../../sbom/validate/cyclonedx-json-schema.js';
import { cycloneDxVexVersions } from './cyclonedx-vex.js';
import { VexError } from './vex-error.js';

/** At most this many violations are quoted in the error; `veriship sbom validate` lists them all. */
const quotedIssues = 3;

/**
 * @throws VexError VEX_UNSUPPORTED for a spec version without VEX analysis (before 1.4), VEX_MALFORMED
 *   quoting the first violations for a document the schema rejects.
 */
export async function checkCycloneDxVexSchema(json: unknown, file: string): Promise<void> {
  const specVersion = (json as { specVersion?: unknown }).specVersion;
  const version = cycloneDxVexVersions.find((known) => known === specVersion);
  if (version === undefined) {
    throw new VexError({
      code: 'VEX_UNSUPPORTED',
      file,
      message: `CycloneDX specVersion ${JSON.stringify(specVersion)} has no VEX analysis; ${cycloneDxVexVersions.join(', ')} do`,
    });
  }
  const issues = await validateCycloneDxJsonSchema(version, json);
  if (issues.length === 0) return;
  const quoted = issues.slice(0, quotedIssues).map((issue) => `${issue.path || '/'}: ${issue.message}`);
  const more =
    issues.length > quotedIssues
      ? ` (and ${issues.length - quotedIssues} more; see 'veriship sbom validate')`
      : '';
  throw new VexError({
    code: 'VEX_MALFORMED',
    file,
    message: `not valid CycloneDX ${version}: ${quoted.join('; ')}${more}`,
  });
}
