import { writeFileAtomic } from '../../io/atomic-write.js';
import { bundlePathFor, serializeStatement } from '../../provenance/attest.js';
import { detectBuildContext } from '../../provenance/context/detect.js';
import { systemGit } from '../../provenance/context/git-runner.js';
import { buildProvenancePredicate } from '../../provenance/slsa-v1.js';
import { buildStatement, slsaProvenanceV1 } from '../../provenance/statement.js';
import { subjectsFromFiles } from '../../provenance/subjects.js';
import { serializeBundle } from '../../signing/sign/bundle-json.js';
import { recordFile } from '../record-file.js';
import { inDist, type ReleaseContext, releasePath } from '../release-context.js';

/** Step 3: SLSA v1 provenance for every artifact, and its signed bundle. */
export async function provenanceStep(context: ReleaseContext, startedOn: Date): Promise<string> {
  const subjects = await subjectsFromFiles(context.artifacts);
  const build = await detectBuildContext(context.environment, systemGit(context.config.project), {
    builderId: context.config.provenance.builderId,
  });
  const predicate = buildProvenancePredicate(
    build,
    { startedOn, finishedOn: context.clock.now() },
    context.toolVersion,
  );
  const statement = buildStatement(subjects, slsaProvenanceV1, predicate);
  const path = inDist(context, 'provenance', 'provenance.json');
  const bundlePath = bundlePathFor(path);
  await writeFileAtomic(path, serializeStatement(statement));
  await writeFileAtomic(bundlePath, serializeBundle(await context.signer.signStatement(statement)));
  const bundle = await recordFile(context, bundlePath, 'signature', { signs: releasePath(context, path) });
  await recordFile(context, path, 'provenance', { signature: bundle.path });
  context.facts.provenance = { statement: path, bundle: bundlePath };
  context.facts.signed += 1;
  const dirty = build.source?.dirty ? ' (dirty tree recorded)' : '';
  return `${subjects.length} subject(s), builder ${build.builderId}${dirty}`;
}
