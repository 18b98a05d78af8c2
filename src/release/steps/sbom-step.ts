import { basename } from 'node:path';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { collectComponentGraph } from '../../sbom/generate.js';
import type { ComponentGraph } from '../../sbom/model/component.js';
import { npmPurl, pypiPurl } from '../../sbom/model/purl.js';
import { renderSbom } from '../../sbom/render.js';
import { validateSbom } from '../../sbom/validate/validate-sbom.js';
import { recordFile } from '../record-file.js';
import { inDist, type ReleaseContext } from '../release-context.js';
import { ReleaseGateError } from '../release-error.js';

/** `@scope/name` → `scope-name`: a file name from a package name. */
export function fileStem(name: string): string {
  return name.replace(/^@/, '').replace(/[^A-Za-z0-9._-]+/g, '-');
}

/**
 * Step 2: the project's SBOM (from its lockfiles and manifest, without development dependencies: they
 * are not shipped) and one per wheel (from the wheel's own METADATA and RECORD), CycloneDX 1.6, each
 * validated against the schema before anything signs it.
 */
export async function sbomStep(context: ReleaseContext): Promise<string> {
  const projectSbom = inDist(context, 'sbom', `${fileStem(context.name)}-sbom.json`);
  await writeSbom(context, [context.config.project], projectSbom, (graph) => asRelease(graph, context));
  context.facts.projectSbom = projectSbom;
  for (const wheel of context.artifacts.filter((path) => path.endsWith('.whl'))) {
    const output = inDist(context, 'sbom', `${basename(wheel, '.whl')}-sbom.json`);
    await writeSbom(context, [wheel], output);
    context.facts.wheelSboms.push(output);
  }
  return `${1 + context.facts.wheelSboms.length} SBOM(s), CycloneDX 1.6, valid`;
}

/**
 * The project SBOM describes the release: its root (`metadata.component`) takes the release's name and
 * version, which veriship.yaml may set where the manifest lacks them (or names the product otherwise).
 */
function asRelease(graph: ComponentGraph, context: ReleaseContext): ComponentGraph {
  const root = graph.root;
  if (root.name === context.name && root.version === context.version) return graph;
  const purl =
    root.ecosystem === 'pypi'
      ? pypiPurl(context.name, context.version)
      : root.ecosystem === 'npm'
        ? npmPurl(context.name, context.version)
        : undefined;
  const renamed = { ...root, name: context.name, version: context.version };
  if (purl === undefined) delete renamed.purl;
  else renamed.purl = purl;
  return { ...graph, root: renamed };
}

async function writeSbom(
  context: ReleaseContext,
  paths: string[],
  output: string,
  adjust: (graph: ComponentGraph) => ComponentGraph = (graph) => graph,
): Promise<void> {
  const graph = adjust(
    await collectComponentGraph({
      paths,
      recursive: false,
      omitDevelopment: true,
      fileSystem: context.fileSystem,
    }),
  );
  const content = renderSbom(graph, {
    format: 'cyclonedx-json',
    specVersion: '1.6',
    timestamp: context.clock.now(),
    toolVersion: context.toolVersion,
  });
  const report = await validateSbom(output, Buffer.from(content));
  if (!report.valid) {
    const first = report.errors[0];
    throw new ReleaseGateError({
      code: 'RELEASE_GATE_FAILED',
      file: output,
      message: `the generated SBOM is not valid CycloneDX 1.6 (${report.errors.length} error(s); first: ${first?.path ?? ''} ${first?.message ?? ''})`,
    });
  }
  await writeFileAtomic(output, content);
  await recordFile(context, output, 'sbom');
}
