/**
 * `signature` and `supplier-trusted`: did a supplier of the trust policy sign this SBOM?
 *
 * The bundle names its signer (a key id hint, or a Fulcio certificate's identity), but that claim is
 * unsigned: it only selects which suppliers' trust material to try. Each such supplier's keys or identity
 * are then handed to `verifyBundle` separately, so the supplier whose material verifies is known for
 * certain, and the bundle is never checked against a pool of every supplier's keys (which would verify
 * the signature but not say whose it is).
 */
import { isDeepStrictEqual } from 'node:util';
import { predicateTypes } from '../provenance/predicates.js';
import { statementTypeV1 } from '../provenance/statement.js';
import { keysForHint, normalizeHint } from '../signing/keyring/keyring.js';
import { artifactFromBytes } from '../signing/verify/artifact.js';
import { type Bundle, parseBundle } from '../signing/verify/bundle.js';
import { CheckCollector, type VerificationResult } from '../signing/verify/checks.js';
import {
  certificateIssuer,
  certificateSubject,
  compileIdentityPolicy,
  type IdentityPolicy,
} from '../signing/verify/identity.js';
import { verifyBundle } from '../signing/verify/verify-bundle.js';
import type { TrustedSupplier, TrustPolicy } from './load-trust-policy.js';
import { failed, passed, type SupplierCheck, type SupplierCheckDetail } from './supplier-checks.js';

export interface SupplierSignatureOptions {
  /** The bundle file's bytes. */
  bundle: Uint8Array;
  /**
   * The SBOM's bytes: the same bytes that are then validated and scanned, so that what was verified is
   * what was checked (no second read of a file that could change in between).
   */
  sbom: Uint8Array;
  sbomFile: string;
  policy: TrustPolicy;
  /** The verifier's clock (key windows when the bundle has no verified timestamp). */
  now: Date;
}

export interface SupplierSignatureResult {
  signature: SupplierCheck;
  trusted: SupplierCheck;
  /** The supplier whose trust material verified the signature; set only when both checks passed. */
  supplier: TrustedSupplier | undefined;
  /** Who the bundle says signed it (`key <id>`, `<identity> (issuer <issuer>)`), verified or not. */
  signer: string | undefined;
}

interface Candidate {
  supplier: TrustedSupplier;
  identity?: IdentityPolicy;
}

/** Verifies the bundle for the SBOM against the suppliers of the policy. Never throws for a bad bundle. */
export async function verifySupplierSignature(
  options: SupplierSignatureOptions,
): Promise<SupplierSignatureResult> {
  const parseChecks = new CheckCollector();
  const bundle = parseBundle(options.bundle, parseChecks);
  if (!bundle) {
    const details = parseChecks.result().checks;
    return {
      signature: failed('signature', 'the bundle could not be read', details),
      trusted: failed('supplier-trusted', 'not checked: the bundle names no signer that could be read'),
      supplier: undefined,
      signer: undefined,
    };
  }
  const { signer, candidates } = claimedSigner(bundle, options.policy);
  if (candidates.length === 0) {
    // Nothing trusted to verify with; run the bundle checks anyway, so digest problems are reported too.
    const result = await verifyBundle({
      bundle: options.bundle,
      artifact: artifactFromBytes(options.sbom, options.sbomFile),
      now: options.now,
    });
    return {
      signature: failed(
        'signature',
        `not verified: no supplier in ${options.policy.file} trusts the signer`,
        [...result.checks],
      ),
      trusted: failed(
        'supplier-trusted',
        `signed by ${signer ?? 'an unnamed key'}, which no supplier in ${options.policy.file} lists`,
      ),
      supplier: undefined,
      signer,
    };
  }

  const runs: { candidate: Candidate; result: VerificationResult; details: SupplierCheckDetail[] }[] = [];
  for (const candidate of candidates) {
    const verification = await verifyFor(candidate, bundle, options);
    runs.push({ candidate, ...verification });
  }
  const verified = runs.filter((run) => run.result.verified);
  const claimed = [...new Set(candidates.map((candidate) => candidate.supplier.name))].join(', ');
  if (verified.length === 0) {
    // Without a hint every supplier is tried: report the run whose key made the signature (its key window,
    // revocation or predicate is what failed), not the first supplier's "does not verify with key …".
    const signedBy = runs.find((run) =>
      run.details.some((detail) => detail.check === 'signature' && detail.passed),
    );
    const first = signedBy ?? (runs[0] as (typeof runs)[number]);
    const failing = first.details.find((detail) => !detail.passed);
    return {
      signature: failed(
        'signature',
        failing ? `${failing.check}: ${failing.reason ?? 'failed'}` : 'not verified',
        first.details,
      ),
      trusted: failed(
        'supplier-trusted',
        signedBy && failing
          ? `the signature is by ${signer ?? 'a key'} of ${signedBy.candidate.supplier.name}, but ${failing.check} failed, so it is not trusted`
          : `the bundle names ${signer ?? 'a key'} of ${claimed}, but the signature does not verify with it`,
      ),
      supplier: undefined,
      signer,
    };
  }
  const winner = verified[0] as (typeof runs)[number];
  const signatureDetail = winner.details.find((detail) => detail.check === 'signature');
  const signature = passed('signature', signatureDetail?.reason ?? 'verified', winner.details);
  const suppliers = [...new Set(verified.map((run) => run.candidate.supplier.name))];
  if (suppliers.length > 1) {
    // Keys are unique per supplier (checked when the policy loads), but identity patterns may overlap.
    return {
      signature,
      trusted: failed(
        'supplier-trusted',
        `${signer} is trusted for ${suppliers.length} suppliers (${suppliers.join(', ')}): an identity must belong to one supplier`,
      ),
      supplier: undefined,
      signer,
    };
  }
  return {
    signature,
    trusted: passed('supplier-trusted', `${winner.candidate.supplier.name}: ${signer}`),
    supplier: winner.candidate.supplier,
    signer,
  };
}

/** Who the bundle says signed it, and the suppliers that trust that signer. */
function claimedSigner(
  bundle: Bundle,
  policy: TrustPolicy,
): { signer: string | undefined; candidates: Candidate[] } {
  const material = bundle.material;
  if (material.kind === 'public-key') {
    if (material.hint === undefined) {
      // No hint: every supplier's keys are tried, each supplier on its own.
      return {
        signer: 'a public key (the bundle names none)',
        candidates: policy.suppliers.filter((supplier) => supplier.keyring).map((supplier) => ({ supplier })),
      };
    }
    const keyId = normalizeHint(material.hint);
    const signer = `key ${keyId ?? material.hint}`;
    if (keyId === undefined) return { signer, candidates: [] };
    return {
      signer,
      candidates: policy.suppliers
        .filter((supplier) => supplier.keyring && keysForHint(supplier.keyring, keyId).length > 0)
        .map((supplier) => ({ supplier })),
    };
  }
  const subject = certificateSubject(material.leaf);
  const { issuer } = certificateIssuer(material.leaf);
  if (subject === undefined || issuer === undefined) {
    return { signer: 'a certificate without a readable identity', candidates: [] };
  }
  const candidates: Candidate[] = [];
  for (const supplier of policy.suppliers) {
    for (const identity of supplier.identities) {
      const compiled = compileIdentityPolicy(identity);
      if (compiled.issuer === issuer && compiled.matchesSubject(subject))
        candidates.push({ supplier, identity });
    }
  }
  return { signer: `${subject} (issuer ${issuer})`, candidates };
}

async function verifyFor(
  candidate: Candidate,
  bundle: Bundle,
  options: SupplierSignatureOptions,
): Promise<{ result: VerificationResult; details: SupplierCheckDetail[] }> {
  const trust = {
    keyring: candidate.identity ? undefined : candidate.supplier.keyring,
    identity: candidate.identity,
    trustedRoot: candidate.supplier.trustedRoot,
    now: options.now,
  };
  if (bundle.content.kind === 'message-signature') {
    const result = await verifyBundle({
      bundle: options.bundle,
      artifact: artifactFromBytes(options.sbom, options.sbomFile),
      ...trust,
    });
    return { result, details: [...result.checks] };
  }
  // A DSSE attestation of the SBOM: its subject is the software, the SBOM is its predicate. The signature
  // is verified without an artifact, then the predicate must be this SBOM.
  const signed = await verifyBundle({ bundle: options.bundle, ...trust });
  const predicate = checkSbomPredicate(bundle.content.payload, options.sbom);
  const details = [...signed.checks, predicate];
  return { result: { verified: signed.verified && predicate.passed, checks: signed.checks }, details };
}

/**
 * An in-toto Statement v1 whose predicate is a CycloneDX or SPDX SBOM (in-toto attestation vetted
 * predicates `https://cyclonedx.org/bom`, `https://spdx.dev/Document`) binds the signature to the SBOM only
 * when the predicate is the SBOM: compared as JSON values, so whitespace and key order do not matter.
 */
export function checkSbomPredicate(payload: Uint8Array, sbom: Uint8Array): SupplierCheckDetail {
  const fail = (reason: string): SupplierCheckDetail => ({ check: 'sbom-predicate', passed: false, reason });
  let statement: Record<string, unknown>;
  let document: unknown;
  try {
    statement = JSON.parse(Buffer.from(payload).toString('utf8'));
  } catch {
    return fail('the attestation payload is not JSON');
  }
  if (statement?._type !== statementTypeV1) return fail(`the statement _type is not ${statementTypeV1}`);
  const accepted: string[] = [predicateTypes.cyclonedx, predicateTypes.spdx];
  if (!accepted.includes(statement.predicateType as string)) {
    return fail(
      `predicateType ${JSON.stringify(statement.predicateType)} is not an SBOM (${accepted.join(', ')})`,
    );
  }
  try {
    document = JSON.parse(Buffer.from(sbom).toString('utf8'));
  } catch {
    return fail('the SBOM is not JSON, so it cannot be the predicate of the attestation');
  }
  return isDeepStrictEqual(statement.predicate, document)
    ? {
        check: 'sbom-predicate',
        passed: true,
        reason: `the ${statement.predicateType} predicate is this SBOM`,
      }
    : fail('the attestation is of a different SBOM (its predicate differs from this file)');
}
