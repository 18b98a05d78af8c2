import type { BundleJson } from '../signing/sign/bundle-json.js';
import type { SigningMethod } from '../signing/sign/signing-method.js';
import type { BuildContext } from './context/build-context.js';
import { buildProvenancePredicate, type ProvenanceTimes, type SlsaProvenanceV1 } from './slsa-v1.js';
import { buildStatement, type Statement, type Subject, slsaProvenanceV1 } from './statement.js';

export interface Attestation<Predicate = unknown> {
  statement: Statement<Predicate>;
  bundle: BundleJson;
}

/** Who signs statements: a key (`keySigningMethod`) or keyless (`keylessSigningMethod`). */
export type StatementSigner = Pick<SigningMethod, 'signStatement'>;

/** Signs a statement about `subjects` into a DSSE bundle (in-toto payload type, PAE signature). */
export async function attest<Predicate>(
  subjects: readonly Subject[],
  predicateType: string,
  predicate: Predicate,
  signer: StatementSigner,
): Promise<Attestation<Predicate>> {
  const statement = buildStatement(subjects, predicateType, predicate);
  return { statement, bundle: await signer.signStatement(statement) };
}

/** An SLSA Provenance v1 statement for `subjects`, built in `context`, signed by `signer`. */
export function attestProvenance(
  subjects: readonly Subject[],
  context: BuildContext,
  times: ProvenanceTimes,
  toolVersion: string,
  signer: StatementSigner,
): Promise<Attestation<SlsaProvenanceV1>> {
  return attest(subjects, slsaProvenanceV1, buildProvenancePredicate(context, times, toolVersion), signer);
}

/** `dist/provenance.json` → `dist/provenance.sigstore.json`; a name without `.json` gets the suffix added. */
export function bundlePathFor(statementPath: string): string {
  return statementPath.endsWith('.json')
    ? `${statementPath.slice(0, -'.json'.length)}.sigstore.json`
    : `${statementPath}.sigstore.json`;
}

/** The statement file's bytes: two-space JSON and a final newline, the same bytes for the same statement. */
export function serializeStatement(statement: Statement): string {
  return `${JSON.stringify(statement, null, 2)}\n`;
}
