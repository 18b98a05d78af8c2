import { join } from 'node:path';
import { writeFileAtomic } from '../../io/atomic-write.js';
import type { JsonValue } from '../../policy/cel-values.js';
import { evaluatePolicies } from '../../policy/evaluate-policy.js';
import { collectPolicyInput } from '../../policy/facts/collect-input.js';
import { readPolicies } from '../../policy/read-policies.js';
import { keyIdOf } from '../../signing/key-id.js';
import { type Keyring, keyringFromPublicKey } from '../../signing/keyring/keyring.js';
import { signAndRecord } from '../record-file.js';
import { inDist, type ReleaseContext, releaseFailOn } from '../release-context.js';
import { ReleaseError, ReleaseGateError } from '../release-error.js';

/**
 * Step 6: the policy gate. The built-in pack (unless `policy.builtin: false`) and the project's policies
 * are evaluated over this release's own evidence: its artifacts with their signatures, the project SBOM,
 * the provenance and the scan. Parameters the pack needs and only the release knows are filled in: the
 * release key, this build's builder and repository (the provenance was written by this very run), and
 * the scan threshold; `policy.params` in veriship.yaml overrides them. A deny writes the result, then
 * stops the release.
 */
/**
 * The policy files the gate evaluates, read and compiled. Run before the first step too, so that a release
 * without a gate or with a policy that does not compile stops before anything is signed.
 *
 * @throws ReleaseError RELEASE_CONFIG_INVALID when there is no gate; PolicyError for a bad policy file
 */
export async function releasePolicies(context: Pick<ReleaseContext, 'config' | 'fileSystem'>) {
  const paths = [...(context.config.policy.builtin ? ['builtin'] : []), ...context.config.policy.files];
  if (paths.length === 0) {
    // No gate is not a passed gate: verify-release requires the signed policy result, so a release made
    // without one could never verify.
    throw new ReleaseError({
      code: 'RELEASE_CONFIG_INVALID',
      file: 'veriship.yaml',
      message: 'policy.builtin is false and policy.files is empty: the release would have no policy gate',
    });
  }
  const policies = await readPolicies(paths, context.fileSystem);
  // A misspelt parameter (`trustedBuilder:`) would be ignored, and the release would fill the real one from
  // its own provenance: the gate the user meant to pin would trust whatever built this.
  const declared = new Set(policies.flatMap((policy) => Object.keys(policy.params)));
  const unknown = Object.keys(context.config.policy.params).filter((name) => !declared.has(name));
  if (unknown.length > 0) {
    throw new ReleaseError({
      code: 'RELEASE_CONFIG_INVALID',
      file: 'veriship.yaml',
      message: `policy.params: ${unknown.sort().join(', ')}: no policy in use declares ${unknown.length === 1 ? 'this parameter' : 'these parameters'} (declared: ${[...declared].sort().join(', ')})`,
    });
  }
  return policies;
}

export async function policyStep(
  context: ReleaseContext,
): Promise<{ detail: string; status: 'passed' | 'warned' }> {
  const policies = await releasePolicies(context);
  const keyring = releaseKeyring(context);
  const signer = context.signer.describe();
  const identity =
    'identity' in signer && signer.issuer ? { subject: signer.identity, issuer: signer.issuer } : undefined;
  const input = await collectPolicyInput({
    artifacts: context.artifacts,
    sbom: context.facts.projectSbom,
    scan: context.facts.scan?.report,
    provenance: context.facts.provenance?.statement,
    provenanceBundle: context.facts.provenance?.bundle,
    ...(keyring ? { keyring } : {}),
    ...(identity ? { identity } : {}),
    ...(context.trustedRoot ? { trustedRoot: context.trustedRoot } : {}),
    fileSystem: context.fileSystem,
    now: context.clock.now(),
  });
  const result = evaluatePolicies(policies, input, {
    now: context.clock.now(),
    params: releaseParams(context, input),
  });
  const path = inDist(context, 'policy', 'result.json');
  await writeFileAtomic(path, `${JSON.stringify(result, null, 2)}\n`);
  const blocking = result.rules.filter((rule) => rule.blocking);
  const warned = result.rules.filter((rule) => !rule.blocking && rule.decision === 'fail');
  context.facts.policy = {
    result: path,
    denied: blocking.length,
    warned: warned.length,
    passed: result.rules.filter((rule) => rule.decision === 'pass').length,
  };
  if (blocking.length > 0) {
    const first = blocking[0];
    const why = first?.error ? first.error.message : (first?.violations[0]?.message ?? '');
    throw new ReleaseGateError({
      code: 'RELEASE_GATE_FAILED',
      file: join(context.config.dist, 'policy', 'result.json'),
      message: `the policy denied the release: ${blocking.map((rule) => rule.id).join(', ')} (${first?.id}: ${why})`,
    });
  }
  await signAndRecord(context, path, 'policy-result');
  const detail = `${result.rules.length} rule(s): ${context.facts.policy.passed} passed, ${warned.length} warning(s)`;
  return { detail, status: warned.length > 0 ? 'warned' : 'passed' };
}

/**
 * The release key as a keyring, so the gate verifies the signatures this run made. Keyless signatures
 * are verified against the signer's identity and the `--trusted-root` given to the release; without one
 * they cannot be checked offline, and the signed-artifacts rule denies (fail closed).
 */
function releaseKeyring(context: ReleaseContext): Keyring | undefined {
  const publicKey = context.signer.publicKey;
  if (!publicKey) return undefined;
  return keyringFromPublicKey(publicKey.export({ type: 'spki', format: 'pem' }).toString(), 'release key');
}

function releaseParams(
  context: ReleaseContext,
  input: Awaited<ReturnType<typeof collectPolicyInput>>,
): Record<string, JsonValue> {
  const params: Record<string, JsonValue> = { severityThreshold: releaseFailOn(context) };
  const publicKey = context.signer.publicKey;
  if (publicKey) params.releaseKeyIds = [keyIdOf(publicKey)];
  const signer = context.signer.describe();
  if ('identity' in signer) params.releaseIdentities = [signer.identity];
  const provenance = input.provenance;
  if (provenance?.builderId) params.trustedBuilders = [provenance.builderId];
  if (provenance?.sourceRepository) params.trustedRepositories = [provenance.sourceRepository];
  return { ...params, ...context.config.policy.params };
}
