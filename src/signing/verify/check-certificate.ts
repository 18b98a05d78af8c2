import type { X509Certificate } from '@sigstore/core';
import type { SigningTime } from '../keyring/key-trust.js';
import {
  allowsDigitalSignature,
  extendedKeyUsages,
  OID_CODE_SIGNING,
  unhandledCriticalExtensions,
  verifyCertificateChain,
} from './certificate-chain.js';
import type { CheckCollector } from './checks.js';
import { type CompiledIdentityPolicy, certificateIssuer, certificateSubject } from './identity.js';
import { verifyEmbeddedScts } from './sct.js';
import type { TrustedRoot } from './trusted-root.js';

/**
 * The keyless checks: a verified signing time exists (`timestamp`), then `certificate-chain` at those
 * times, `sct`, `certificate-identity` and `certificate-issuer`.
 */
export function checkCertificate(options: {
  leaf: X509Certificate;
  /** Certificates a v0.1/v0.2 bundle ships after the leaf; they must lie on the trusted path. */
  chain: readonly X509Certificate[];
  trustedRoot: TrustedRoot | undefined;
  identity: CompiledIdentityPolicy | undefined;
  signingTimes: readonly SigningTime[];
  checks: CheckCollector;
}): void {
  const { leaf, trustedRoot, signingTimes, checks } = options;
  const times = signingTimes.map((time) => time.time);
  // A Fulcio certificate is checked at the signing time, so keyless verification needs one.
  if (times.length === 0) {
    checks.fail(
      'timestamp',
      'no verified signing time: the bundle needs an RFC 3161 timestamp or a verified inclusion promise',
    );
  } else if (!checks.has('timestamp')) {
    checks.pass(
      'timestamp',
      signingTimes.map((time) => `${time.source} ${time.time.toISOString()}`).join(', '),
    );
  }

  if (!trustedRoot) {
    checks.fail(
      'certificate-chain',
      'the bundle is signed with a certificate, but no trusted root was given',
    );
  } else if (times.length === 0) {
    checks.fail('certificate-chain', 'no verified signing time to check the certificate at');
  } else {
    const path = checkChain(leaf, options.chain, trustedRoot, times, checks);
    const issuer = path?.[1] ?? findIssuer(leaf, trustedRoot);
    if (!issuer) checks.fail('sct', 'no issuer certificate to check the SCT against');
    else {
      const sct = verifyEmbeddedScts(leaf, issuer, trustedRoot.ctlogs);
      checks.add('sct', sct.passed, sct.reason);
    }
  }
  checkIdentity(leaf, options.identity, checks);
}

/** `certificate-chain`; returns the verified path (leaf first) when there is one. */
function checkChain(
  leaf: X509Certificate,
  shipped: readonly X509Certificate[],
  trustedRoot: TrustedRoot,
  times: readonly Date[],
  checks: CheckCollector,
): X509Certificate[] | undefined {
  const failures = new Set<string>();
  for (const authority of trustedRoot.certificateAuthorities) {
    const outcome = verifyCertificateChain(leaf, authority, times);
    if (outcome.problem || !outcome.path) {
      failures.add(outcome.problem ?? 'no path');
      continue;
    }
    const path = outcome.path;
    const unhandled = unhandledCriticalExtensions(leaf);
    if (leaf.isCA) checks.fail('certificate-chain', 'the signing certificate is a CA certificate');
    else if (!extendedKeyUsages(leaf).includes(OID_CODE_SIGNING)) {
      checks.fail('certificate-chain', 'the signing certificate lacks the codeSigning extended key usage');
    } else if (!allowsDigitalSignature(leaf)) {
      checks.fail('certificate-chain', 'the signing certificate key usage lacks digitalSignature');
    } else if (unhandled.length > 0) {
      checks.fail(
        'certificate-chain',
        `the signing certificate has critical extensions this verifier does not process: ${unhandled.join(', ')}`,
      );
    } else if (shipped.some((certificate) => !path.some((trusted) => trusted.equals(certificate)))) {
      checks.fail(
        'certificate-chain',
        "the bundle's certificate chain holds certificates outside the trusted path",
      );
    } else {
      const at = times.map((time) => time.toISOString()).join(', ');
      checks.pass(
        'certificate-chain',
        `chains to ${authority.uri || 'a Fulcio CA of the trusted root'} at ${at}`,
      );
    }
    return path;
  }
  const why = [...failures].join('; ');
  checks.fail(
    'certificate-chain',
    `the certificate does not chain to a Fulcio CA of the trusted root at the signing time (${why})`,
  );
  return undefined;
}

function checkIdentity(
  leaf: X509Certificate,
  identity: CompiledIdentityPolicy | undefined,
  checks: CheckCollector,
): void {
  const subject = certificateSubject(leaf);
  if (!identity)
    checks.fail('certificate-identity', 'no certificate identity was given to check the signer against');
  else if (subject === undefined)
    checks.fail('certificate-identity', 'the certificate has no subject alternative name');
  else if (!identity.matchesSubject(subject)) {
    checks.fail('certificate-identity', `signed by ${subject}, expected ${identity.describe}`);
  } else checks.pass('certificate-identity', subject);

  const issuer = certificateIssuer(leaf);
  if (!identity)
    checks.fail('certificate-issuer', 'no OIDC issuer was given to check the certificate against');
  else if (issuer.issuer === undefined) checks.fail('certificate-issuer', issuer.problem ?? 'no issuer');
  else if (issuer.issuer !== identity.issuer) {
    checks.fail('certificate-issuer', `issued for ${issuer.issuer}, expected ${identity.issuer}`);
  } else checks.pass('certificate-issuer', issuer.issuer);
}

/** The trusted CA certificate that signed the leaf, for the SCT when no full path verified. */
function findIssuer(leaf: X509Certificate, trustedRoot: TrustedRoot): X509Certificate | undefined {
  for (const authority of trustedRoot.certificateAuthorities) {
    for (const certificate of authority.certificates) {
      try {
        if (certificate.subject.equals(leaf.issuer) && leaf.verify(certificate)) return certificate;
      } catch {
        // not this one
      }
    }
  }
  return undefined;
}
