/** The DSSE payload type of an in-toto attestation (in-toto Attestation Framework, "Envelope"). */
export const inTotoPayloadType = 'application/vnd.in-toto+json';

const statementTypes = ['https://in-toto.io/Statement/v0.1', 'https://in-toto.io/Statement/v1'];

/**
 * Checks that the artifact is a subject of the in-toto statement: some `subject[].digest.sha256` equals
 * the artifact's SHA-256 (in-toto Statement v1 "subject"; v0.1 has the same shape). The statement must be
 * a JSON object of a known `_type` with a non-empty subject list, or the check fails.
 */
export function matchStatementSubject(payload: Buffer, sha256: Buffer): { passed: boolean; reason: string } {
  let statement: unknown;
  try {
    statement = JSON.parse(payload.toString('utf8'));
  } catch {
    return { passed: false, reason: 'the payload is not JSON' };
  }
  if (typeof statement !== 'object' || statement === null || Array.isArray(statement)) {
    return { passed: false, reason: 'the payload is not an in-toto statement' };
  }
  const { _type: type, subject } = statement as { _type?: unknown; subject?: unknown };
  if (typeof type !== 'string' || !statementTypes.includes(type)) {
    return { passed: false, reason: `unknown statement _type ${JSON.stringify(type)}` };
  }
  if (!Array.isArray(subject) || subject.length === 0) {
    return { passed: false, reason: 'the statement has no subject' };
  }
  const expected = sha256.toString('hex');
  const match = subject.find((item: unknown) => {
    const digest = (item as { digest?: { sha256?: unknown } } | null)?.digest?.sha256;
    return typeof digest === 'string' && digest.toLowerCase() === expected;
  }) as { name?: unknown } | undefined;
  if (!match) {
    return { passed: false, reason: `no subject of the statement has the artifact's sha256 ${expected}` };
  }
  const name = typeof match.name === 'string' ? ` (${match.name})` : '';
  return { passed: true, reason: `the artifact is a subject of the statement${name}` };
}
