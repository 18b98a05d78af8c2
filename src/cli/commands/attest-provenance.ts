import { InputError, UsageError } from '../../errors.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { attestProvenance, bundlePathFor, serializeStatement } from '../../provenance/attest.js';
import { type BuildContextOverrides, detectBuildContext } from '../../provenance/context/detect.js';
import { systemGit } from '../../provenance/context/git-runner.js';
import { hasScheme, repositoryUrl } from '../../provenance/context/local-git.js';
import { subjectsFromFiles } from '../../provenance/subjects.js';
import { systemClock } from '../../runtime.js';
import { serializeBundle } from '../../signing/sign/bundle-json.js';
import { verishipVersion } from '../../version.js';
import type { Command, ParsedValues } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { pairedOutputPath, writeOutput } from '../output.js';
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
    'source-uri': {
      type: 'string',
      value: 'URL',
      description: 'override the source repository URL, e.g. https://github.com/OWNER/REPO',
    },
    'source-ref': {
      type: 'string',
      value: 'REF',
      description: 'override the git ref, e.g. refs/tags/v1.0.0',
    },
    'source-commit': { type: 'string', value: 'SHA', description: 'override the git commit (full id)' },
    'invocation-id': { type: 'string', value: 'ID', description: 'override the invocation id (CI run URL)' },
    'source-dir': { type: 'string', value: 'DIR', description: 'the git checkout to describe (default .)' },
    format: { type: 'string', value: 'FORMAT', description: 'report: text (default) or json' },
  },
  async run(values, positionals, context) {
    if (positionals.length > 0) throw new UsageError('attest provenance: name files with --subject FILE');
    const format = oneOf('attest provenance', 'format', values.format, ['text', 'json'] as const, 'text');
    const files = Array.isArray(values.subject) ? values.subject : [];
    if (files.length === 0) throw new UsageError('attest provenance: give at least one --subject FILE');
    const overrides = readOverrides(values); // usage errors before anything is read or signed
    const output = pairedOutputPath('attest provenance', values.output, defaultOutput);
    const clock = systemClock(context.environment);
    const startedOn = clock.now();
    const signer = await signingMethod('attest provenance', values, context);
    const subjects = await subjectsFromFiles(files);
    const sourceDirectory = stringOption(values, 'source-dir');
    // An explicit checkout that is not there is a typo, not a build without a source.
    if (sourceDirectory !== undefined && (await context.fileSystem.kind(sourceDirectory)) !== 'directory') {
      throw new InputError({ code: 'INPUT_NOT_FOUND', file: sourceDirectory, message: 'no such directory' });
    }
    const build = await detectBuildContext(context.environment, systemGit(sourceDirectory ?? '.'), overrides);
    const attestation = await attestProvenance(
      subjects,
      build,
      { startedOn, finishedOn: clock.now() },
      verishipVersion,
      signer,
    );
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
        : `${output}\n${bundlePath}  ${subjects.length} subject(s), builder ${build.builderId}, ${describeSigner(signer.describe())}\n`;
    // A warning, like every other, on stderr (docs/exit-codes.md), in text and JSON mode alike.
    if (build.source?.dirty) {
      context.stderr.write('veriship: warning: the git tree is dirty; the provenance records it\n');
    }
    await writeOutput(context, undefined, report);
    return ExitCode.ok;
  },
};

/**
 * The override flags, refused when they would make provenance that does not conform (SLSA v1 builder.id and
 * the source's `uri` are URIs, `gitCommit` is hex) or that no `--source-ref`/`--source-tag` could match.
 */
function readOverrides(values: ParsedValues): BuildContextOverrides {
  const builderId = stringOption(values, 'builder-id');
  if (builderId !== undefined && !/^[a-zA-Z][a-zA-Z0-9+.-]+:\S+$/.test(builderId)) {
    throw new UsageError(`attest provenance: --builder-id must be a URI (got ${JSON.stringify(builderId)})`);
  }
  const sourceUri = stringOption(values, 'source-uri');
  const repository = sourceUri === undefined ? undefined : repositoryUrl(sourceUri);
  if (repository !== undefined && !hasScheme(repository)) {
    throw new UsageError(
      `attest provenance: --source-uri must be a URL such as https://github.com/OWNER/REPO (got ${JSON.stringify(sourceUri)})`,
    );
  }
  const ref = stringOption(values, 'source-ref');
  if (ref !== undefined && !/^refs\/\S+$/.test(ref)) {
    throw new UsageError(
      `attest provenance: --source-ref must be a full git ref such as refs/tags/v1.2.0 (got ${JSON.stringify(ref)})`,
    );
  }
  const commit = stringOption(values, 'source-commit')?.toLowerCase();
  if (commit !== undefined && !/^([0-9a-f]{40}|[0-9a-f]{64})$/.test(commit)) {
    throw new UsageError(
      `attest provenance: --source-commit must be a full commit id, 40 or 64 hex digits (got ${JSON.stringify(commit)})`,
    );
  }
  return { builderId, repository, ref, commit, invocationId: stringOption(values, 'invocation-id') };
}
