import { InputError, UsageError } from '../../errors.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { attest, bundlePathFor, serializeStatement } from '../../provenance/attest.js';
import { predicateFor, predicateKinds } from '../../provenance/predicates.js';
import { subjectsFromFiles } from '../../provenance/subjects.js';
import { systemClock } from '../../runtime.js';
import { serializeBundle } from '../../signing/sign/bundle-json.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { pairedOutputPath, writeOutput } from '../output.js';
import { oneOf } from '../parse-arguments.js';
import { describeSigner, keylessFlagOptions, keyOptions, signingMethod } from '../signing-options.js';
import { stringOption } from '../trust-options.js';

export const attestCommand: Command = {
  name: 'attest',
  summary: 'sign an SBOM, scan report, OpenVEX or custom predicate as an in-toto attestation',
  usage:
    'veriship attest --predicate-type sbom|vuln|openvex|custom --predicate FILE --subject FILE... (--key KEY | --key-env NAME | --keyless) [-o FILE] [--predicate-type-uri URI]',
  description: [
    'Writes an in-toto Statement v1 about the --subject files whose predicate is the --predicate file,',
    'and the statement signed in a DSSE bundle beside it (X.json → X.sigstore.json). Predicate types:',
    '  sbom     CycloneDX JSON → https://cyclonedx.org/bom; SPDX JSON → https://spdx.dev/Document',
    '  vuln     a `veriship scan --format json` report → https://in-toto.io/attestation/vulns/v0.1',
    '  openvex  an OpenVEX document → https://openvex.dev/ns/v0.2.0',
    '  custom   any JSON object, with --predicate-type-uri URI',
    'Default output: attestation.json in the current directory. See also: veriship attest provenance.',
  ].join('\n'),
  options: {
    'predicate-type': { type: 'string', value: 'KIND', description: 'sbom, vuln, openvex or custom' },
    'predicate-type-uri': {
      type: 'string',
      value: 'URI',
      description: 'the predicate type of a custom predicate',
    },
    predicate: { type: 'string', value: 'FILE', description: 'the predicate document (JSON)' },
    subject: {
      type: 'string',
      multiple: true,
      value: 'FILE',
      description: 'a file the attestation is about (repeatable)',
    },
    ...keyOptions,
    ...keylessFlagOptions,
    output: {
      type: 'string',
      short: 'o',
      value: 'FILE',
      description: 'the statement (default attestation.json)',
    },
    format: { type: 'string', value: 'FORMAT', description: 'report: text (default) or json' },
  },
  async run(values, positionals, context) {
    if (positionals.length > 0) {
      throw new UsageError(
        `attest: unexpected ${positionals[0]} (subcommand: attest provenance; files go in --subject)`,
      );
    }
    const format = oneOf('attest', 'format', values.format, ['text', 'json'] as const, 'text');
    const output = pairedOutputPath('attest', values.output, 'attestation.json');
    if (values['predicate-type'] === undefined) {
      throw new UsageError(`attest: give --predicate-type ${predicateKinds.join('|')}`);
    }
    const kind = oneOf('attest', 'predicate-type', values['predicate-type'], predicateKinds, 'custom');
    const predicateFile = stringOption(values, 'predicate');
    if (predicateFile === undefined) throw new UsageError('attest: give --predicate FILE');
    const files = Array.isArray(values.subject) ? values.subject : [];
    if (files.length === 0) throw new UsageError('attest: give at least one --subject FILE');
    const clock = systemClock(context.environment);
    const raw = (await context.fileSystem.readFile(predicateFile)).toString('utf8');
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      throw new InputError({
        code: 'INPUT_MALFORMED',
        file: predicateFile,
        message: `not valid JSON: ${(error as Error).message}`,
        cause: error,
      });
    }
    const { predicateType, predicate } = predicateFor(kind, json, predicateFile, {
      customType: stringOption(values, 'predicate-type-uri'),
      now: clock.now(),
    });
    const signer = await signingMethod('attest', values, context);
    const subjects = await subjectsFromFiles(files);
    const attestation = await attest(subjects, predicateType, predicate, signer);
    const bundlePath = bundlePathFor(output);
    await writeFileAtomic(output, serializeStatement(attestation.statement));
    await writeFileAtomic(bundlePath, serializeBundle(attestation.bundle));
    const summary = {
      statement: output,
      bundle: bundlePath,
      predicateType,
      subjects: subjects.length,
      signer: signer.describe(),
    };
    await writeOutput(
      context,
      undefined,
      format === 'json'
        ? `${JSON.stringify(summary, null, 2)}\n`
        : `${output}\n${bundlePath}  ${predicateType}, ${subjects.length} subject(s), ${describeSigner(signer.describe())}\n`,
    );
    return ExitCode.ok;
  },
};
