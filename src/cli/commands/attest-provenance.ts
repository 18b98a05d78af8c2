import { UsageError } from '../../errors.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { attestProvenance, bundlePathFor, serializeStatement } from '../../provenance/attest.js';
import { detectBuildContext } from '../../provenance/context/detect.js';
import { systemGit } from '../../provenance/context/git-runner.js';
import { subjectsFromFiles } from '../../provenance/subjects.js';
import { systemClock } from '../../runtime.js';
import { serializeBundle } from '../../signing/sign/bundle-json.js';
import { verishipVersion } from '../../version.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { writeOutput } from '../output.js';
import { oneOf } from '../parse-arguments.js';
import { describeSigner, keylessFlagOptions, keyOptions, signingMethod } from '../signing-options.js';
import { stringOption } from '../trust-options.js';

const defaultOutput = 'dist/provenance/provenance.json';

export const attestProvenanceCommand: Command = {
  name: 'attest provenance',
  summary: 'write signed SLSA v1 build provenance (in-toto Statement v1) for files',
  usage:
    'veriship attest provenance --subject FILE... (--key KEY | --key-env NAME | --keyless) [-o dist/provenance/provenance.json] [overrides]',
  description: [
    'Writes an in-toto Statement v1 whose subjects are the files (name and SHA-256) with an SLSA',
    'Provenance v1 predicate, and beside it the statement signed as a DSSE envelope in a Sigstore bundle',
    '(provenance.json → provenance.sigstore.json). The build is detected from the environment: GitHub',
    'Actions, GitLab CI, else the local git checkout (commit, origin URL without credentials, and whether',
    'the tree is dirty: recorded, never hidden). Flags override what was detected. startedOn/finishedOn',
    'come from SOURCE_DATE_EPOCH when it is set. Fields and build types: docs/provenance.md.',
  ].join('\n'),
  options: {
    subject: {
      type: 'string',
      multiple: true,
      value: 'FILE',
      description: 'a file the build produced (repeatable)',
    },
    ...keyOptions,
    ...keylessFlagOptions,
    output: {
      type: 'string',
      short: 'o',
      value: 'FILE',
      description: `the statement (default ${defaultOutput})`,
    },
    'builder-id': { type: 'string', value: 'URI', description: 'override the detected builder id' },
    'source-uri': { type: 'string', value: 'URL', description: 'override the source repository URL' },
    'source-ref': {
      type: 'string',
      value: 'REF',
      description: 'override the git ref, e.g. refs/tags/v1.0.0',
    },
    'source-commit': { type: 'string', value: 'SHA', description: 'override the git commit' },
    'invocation-id': { type: 'string', value: 'ID', description: 'override the invocation id (CI run URL)' },
    'source-dir': { type: 'string', value: 'DIR', description: 'the git checkout to describe (default .)' },
    format: { type: 'string', value: 'FORMAT', description: 'report: text (default) or json' },
  },
  async run(values, positionals, context) {
    if (positionals.length > 0) throw new UsageError('attest provenance: name files with --subject FILE');
    const format = oneOf('attest provenance', 'format', values.format, ['text', 'json'] as const, 'text');
    const files = Array.isArray(values.subject) ? values.subject : [];
    if (files.length === 0) throw new UsageError('attest provenance: give at least one --subject FILE');
    const clock = systemClock(context.environment);
    const startedOn = clock.now();
    const signer = await signingMethod('attest provenance', values, context);
    const subjects = await subjectsFromFiles(files);
    const build = await detectBuildContext(
      context.environment,
      systemGit(stringOption(values, 'source-dir') ?? '.'),
      {
        builderId: stringOption(values, 'builder-id'),
        repository: stringOption(values, 'source-uri'),
        ref: stringOption(values, 'source-ref'),
        commit: stringOption(values, 'source-commit'),
        invocationId: stringOption(values, 'invocation-id'),
      },
    );
    const attestation = await attestProvenance(
      subjects,
      build,
      { startedOn, finishedOn: clock.now() },
      verishipVersion,
      signer,
    );
    const output = stringOption(values, 'output') ?? defaultOutput;
    const bundlePath = bundlePathFor(output);
    await writeFileAtomic(output, serializeStatement(attestation.statement));
    await writeFileAtomic(bundlePath, serializeBundle(attestation.bundle));
    const summary = {
      statement: output,
      bundle: bundlePath,
      builder: build.builderId,
      buildType: build.buildType,
      source: build.source ?? null,
      subjects: subjects.length,
      signer: signer.describe(),
    };
    const report =
      format === 'json'
        ? `${JSON.stringify(summary, null, 2)}\n`
        : `${output}\n${bundlePath}  ${subjects.length} subject(s), builder ${build.builderId}, ${describeSigner(signer.describe())}${build.source?.dirty ? '\nwarning: the git tree is dirty; the provenance records it' : ''}\n`;
    await writeOutput(context, undefined, report);
    return ExitCode.ok;
  },
};
