import { UsageError } from '../../errors.js';
import { evaluatePolicies } from '../../policy/evaluate-policy.js';
import { collectPolicyInput } from '../../policy/facts/collect-input.js';
import { policyInputFromJson } from '../../policy/facts/input-from-json.js';
import type { PolicyInput } from '../../policy/input-document.js';
import { PolicyError } from '../../policy/policy-error.js';
import { readPolicies } from '../../policy/read-policies.js';
import { formatPolicyTable } from '../../policy/render-result.js';
import { systemClock } from '../../runtime.js';
import { parseTrustedRoot } from '../../signing/verify/trusted-root.js';
import type { CliContext, Command, ParsedValues } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { writeOutput } from '../output.js';
import { oneOf } from '../parse-arguments.js';
import { identityPolicy, readKeyring, stringOption, trustOptionSpecs } from '../trust-options.js';

function listValue(values: ParsedValues, name: string): string[] {
  const value = values[name];
  return Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
}

async function readInput(values: ParsedValues, context: CliContext, now: Date): Promise<PolicyInput> {
  const inputFile = stringOption(values, 'input');
  // With --input nothing is read or verified, so trust options given with it would be silently ignored.
  const collected = [
    'sbom',
    'scan',
    'artifact',
    'bundle-dir',
    'provenance',
    'bundle',
    'supplier-facts',
    ...Object.keys(trustOptionSpecs),
  ].filter((name) => values[name] !== undefined);
  if (inputFile !== undefined) {
    if (collected.length > 0) {
      throw new UsageError(
        `policy eval: --input replaces --${collected.join(', --')}; give one or the other`,
      );
    }
    const text = (await context.fileSystem.readFile(inputFile)).toString('utf8');
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new PolicyError({
        code: 'POLICY_INPUT_INVALID',
        file: inputFile,
        message: `not valid JSON: ${(error as Error).message}`,
      });
    }
    return policyInputFromJson(data, inputFile);
  }
  if (stringOption(values, 'bundle') !== undefined && stringOption(values, 'provenance') === undefined) {
    throw new UsageError('policy eval: --bundle is the provenance bundle; it needs --provenance');
  }
  const keyring = await readKeyring('policy eval', values, context);
  const identity = identityPolicy('policy eval', values);
  if (keyring && identity) {
    throw new UsageError(
      'policy eval: use either a key (--key, --keyring) or a certificate identity, not both',
    );
  }
  const trustedRootPath = stringOption(values, 'trusted-root');
  if (identity && !trustedRootPath)
    throw new UsageError('policy eval: keyless verification needs --trusted-root');
  const trustedRoot = trustedRootPath
    ? parseTrustedRoot(await context.fileSystem.readFile(trustedRootPath), trustedRootPath)
    : undefined;
  return collectPolicyInput({
    sbom: stringOption(values, 'sbom'),
    scan: stringOption(values, 'scan'),
    artifacts: listValue(values, 'artifact'),
    bundleDirectory: stringOption(values, 'bundle-dir'),
    provenance: stringOption(values, 'provenance'),
    provenanceBundle: stringOption(values, 'bundle'),
    supplierFacts: stringOption(values, 'supplier-facts'),
    keyring,
    identity,
    trustedRoot,
    fileSystem: context.fileSystem,
    now,
  });
}

export const policyEvalCommand: Command = {
  name: 'policy eval',
  summary: 'evaluate CEL policy rules over SBOM, signatures, provenance and scan results',
  usage: [
    'veriship policy eval [--policy FILE|DIR|builtin ...] [--sbom F] [--scan F] [--artifact F ...]',
    '                     [--bundle-dir D] [--provenance F [--bundle B]] [--supplier-facts F]',
    '                     [--key PUB | --keyring KR | --certificate-identity X --certificate-oidc-issuer I]',
    '                     [--trusted-root R] [--input F] [--format table|json] [-o FILE] [--explain]',
  ].join('\n'),
  description: [
    'Builds the input document (docs/policy.md) from the files given, evaluates every rule of every policy',
    "(the built-in pack when no --policy is given; a DIR means each *.yaml in it) and prints each rule's",
    'outcome and violations. Artifacts are digested and their FILE.sigstore.json verified with the trust',
    'options, as `veriship verify` does; a missing or failing signature is a fact for the rules, not an error.',
    '--explain prints the input document (JSON) to stderr; --input evaluates a saved one instead.',
    'Exit 0 when allowed, 1 when a deny rule has violations or any rule errors at evaluation time (fail',
    'closed), 3 when a policy does not parse or type-check, or an input file is unreadable or malformed.',
  ].join('\n'),
  options: {
    policy: {
      type: 'string',
      multiple: true,
      value: 'PATH',
      description: 'policy file or directory (repeatable; default: builtin)',
    },
    sbom: { type: 'string', value: 'F', description: 'the SBOM (CycloneDX JSON/XML, SPDX 2.3 JSON, SPDX 3)' },
    scan: { type: 'string', value: 'F', description: 'the scan report (veriship scan --format json)' },
    artifact: { type: 'string', multiple: true, value: 'F', description: 'a release artifact (repeatable)' },
    'bundle-dir': {
      type: 'string',
      value: 'D',
      description: "where artifacts' NAME.sigstore.json are (default: beside them)",
    },
    provenance: { type: 'string', value: 'F', description: 'the provenance attestation' },
    bundle: { type: 'string', value: 'B', description: "the provenance's Sigstore bundle, when separate" },
    'supplier-facts': {
      type: 'string',
      value: 'F',
      description: 'supplier SBOM facts (JSON list, docs/policy.md)',
    },
    ...trustOptionSpecs,
    input: {
      type: 'string',
      value: 'F',
      description: 'evaluate this input document (JSON, as --explain prints) instead',
    },
    format: {
      type: 'string',
      value: 'FORMAT',
      description: 'table (default) or json (the decision document)',
    },
    output: {
      type: 'string',
      short: 'o',
      value: 'FILE',
      description: 'write the result to FILE (atomically)',
    },
    explain: { type: 'boolean', description: 'print the input document (JSON) to stderr' },
  },
  async run(values, positionals, context) {
    if (positionals.length > 0) throw new UsageError(`policy eval: unexpected argument '${positionals[0]}'`);
    const format = oneOf('policy eval', 'format', values.format, ['table', 'json'] as const, 'table');
    const now = systemClock(context.environment).now();
    const paths = listValue(values, 'policy');
    // Policies first: a broken policy fails before any artifact is hashed or verified.
    const policies = await readPolicies(paths.length > 0 ? paths : ['builtin'], context.fileSystem);
    const input = await readInput(values, context, now);
    if (values.explain) context.stderr.write(`${JSON.stringify(input, null, 2)}\n`);
    const result = evaluatePolicies(policies, input, { now });
    const text = format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formatPolicyTable(result);
    await writeOutput(context, values.output, text);
    return result.allowed ? ExitCode.ok : ExitCode.checkFailed;
  },
};
