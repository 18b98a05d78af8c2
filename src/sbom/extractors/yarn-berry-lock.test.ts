import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SbomError } from '../../errors.js';
import { corpusLockfiles, corpusPath, hasCorpus } from '../../testing/corpus.js';
import { byRef, fileInput } from '../../testing/extraction.js';
import type { Component, Extraction } from '../model/component.js';
import type { ExtractorInput } from './extractor.js';
import { extractYarnBerryLock } from './yarn-berry-lock.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '__fixtures__');

function textInput(text: string): ExtractorInput {
  return {
    path: 'yarn.lock',
    content: Buffer.from(text),
    readRelative: async (relativePath) => {
      throw new Error(`no ${relativePath} in this test`);
    },
  };
}

const extract = (input: ExtractorInput) => extractYarnBerryLock(input, input.content.toString('utf8'));

function edgesOf(extraction: Extraction, ref: string): string[] {
  return extraction.dependencies.filter((edge) => edge.ref === ref).flatMap((edge) => edge.dependsOn);
}

function checksums(component: Component): string[] {
  return component.properties
    .filter((property) => property.name === 'veriship:yarn:checksum')
    .map((property) => property.value);
}

const isWorkspace = (component: Component) =>
  component.properties.some((property) => property.name === 'cdx:npm:package:path');

async function assertSbomError(input: ExtractorInput, code: string, message: RegExp): Promise<void> {
  await assert.rejects(extract(input), (error: unknown) => {
    assert.ok(error instanceof SbomError, `expected SbomError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.equal(error.file, 'yarn.lock');
    assert.match(error.message, message);
    return true;
  });
}

describe('when the berry lock is not usable', () => {
  it('rejects invalid YAML as malformed, naming the line', async () => {
    await assertSbomError(
      textInput(
        '__metadata:\n  version: 8\n\n"a@npm:1.0.0":\n  resolution: "a@npm:1.0.0"\n  resolution: "x"\n',
      ),
      'SBOM_LOCKFILE_MALFORMED',
      /line 6/,
    );
  });

  it('rejects an entry without a resolution as malformed', async () => {
    await assertSbomError(
      textInput('__metadata:\n  version: 8\n\n"a@npm:^1.0.0":\n  version: 1.0.0\n'),
      'SBOM_LOCKFILE_MALFORMED',
      /"a@npm:\^1\.0\.0" is not a package entry with a resolution/,
    );
  });

  it('rejects a workspace whose locator names no valid package as malformed, not a crash', async () => {
    await assertSbomError(
      textInput('__metadata:\n  version: 8\n\n"@s/@workspace:.":\n  resolution: "@s/@workspace:."\n'),
      'SBOM_LOCKFILE_MALFORMED',
      /"@s\/@workspace:\." names no valid package/,
    );
  });

  it('rejects __metadata versions before yarn 2.0 as unsupported', async () => {
    await assertSbomError(
      textInput('__metadata:\n  version: 3\n'),
      'SBOM_LOCKFILE_UNSUPPORTED',
      /4 and later/,
    );
  });
});

describe('a berry lock with no packages', () => {
  it('has no components and no warnings', async () => {
    const extraction = await extract(textInput('__metadata:\n  version: 8\n  cacheKey: 10\n'));
    assert.deepEqual(extraction.components, []);
    assert.deepEqual(extraction.warnings, []);
  });
});

describe('when two workspaces link the same folder, each by its own relative path', () => {
  // babel's lock: `$repo-utils@link:../scripts/repo-utils` bound to the `benchmark` workspace and
  // `$repo-utils@link:./scripts/repo-utils` bound to the root are both the project's `scripts/repo-utils`.
  const lock = [
    '__metadata:\n  version: 8\n  cacheKey: 10c0\n',
    '"tool@link:../scripts/tool::locator=bench%40workspace%3Abenchmark":',
    '  version: 0.0.0-use.local',
    '  resolution: "tool@link:../scripts/tool::locator=bench%40workspace%3Abenchmark"',
    '  languageName: node\n  linkType: soft\n',
    '"tool@link:./scripts/tool::locator=root%40workspace%3A.":',
    '  version: 0.0.0-use.local',
    '  resolution: "tool@link:./scripts/tool::locator=root%40workspace%3A."',
    '  languageName: node\n  linkType: soft\n',
    '"bench@workspace:benchmark":',
    '  version: 0.0.0-use.local\n  resolution: "bench@workspace:benchmark"',
    '  dependencies:\n    tool: "link:../scripts/tool"',
    '  languageName: unknown\n  linkType: soft\n',
    '"root@workspace:.":',
    '  version: 0.0.0-use.local\n  resolution: "root@workspace:."',
    '  dependencies:\n    bench: "workspace:*"\n    tool: "link:./scripts/tool"',
    '  languageName: unknown\n  linkType: soft\n',
  ].join('\n');

  it('is one component whose download_url is the folder relative to the project', async () => {
    const extraction = await extract(textInput(lock));
    const tool = 'pkg:npm/tool?download_url=link%3A.%2Fscripts%2Ftool';
    assert.deepEqual(
      extraction.components
        .filter((component) => component.name === 'tool')
        .map((component) => component.ref),
      [tool],
    );
    assert.deepEqual(edgesOf(extraction, 'pkg:npm/bench'), [tool]);
    assert.ok(extraction.directDependencies.includes(tool));
  });
});

describe('one package, metadata 6 (yarn-berry-one-package)', () => {
  it('resolves a range without the npm: protocol, keeps the checksum as written, names the project', async () => {
    const extraction = await extract(fileInput(join(fixtures, 'yarn-berry-one-package', 'yarn.lock')));
    assert.equal(extraction.components.length, 1);
    const leftPad = byRef(extraction, 'pkg:npm/left-pad@1.3.0');
    assert.deepEqual(checksums(leftPad), [createHash('sha512').update('left-pad@1.3.0').digest('hex')]);
    assert.deepEqual(leftPad.hashes, []);
    assert.deepEqual(extraction.directDependencies, ['pkg:npm/left-pad@1.3.0']);
    assert.equal(extraction.project?.purl, 'pkg:npm/one');
    // No package.json beside it: the one warning says development cannot be told apart.
    assert.equal(extraction.warnings.length, 1);
    assert.match(extraction.warnings[0]?.message ?? '', /no readable package\.json for workspace \./);
  });
});

describe('workspaces and every kind of source (yarn-berry-workspace)', async () => {
  const extraction = await extract(fileInput(join(fixtures, 'yarn-berry-workspace', 'yarn.lock')));
  const lib = 'pkg:npm/%40example/lib@2.0.0';

  it('makes the non-root workspace a component with its own edges, and the root the project', () => {
    assert.deepEqual(byRef(extraction, lib).properties, [
      { name: 'cdx:npm:package:path', value: 'packages/lib' },
    ]);
    assert.deepEqual(edgesOf(extraction, lib).sort(), ['pkg:npm/react@18.3.1', 'pkg:npm/scheduler@0.23.2']);
    assert.equal(extraction.project?.purl, 'pkg:npm/example-app@1.0.0');
    assert.equal(
      extraction.components.some((component) => component.name === 'example-app'),
      false,
    );
    assert.equal(extraction.directDependencies.length, 8);
    assert.ok(extraction.directDependencies.includes(lib));
  });

  it('maps a patch: entry to the package it patches, keeping both checksums', () => {
    const typescript = byRef(extraction, 'pkg:npm/typescript@5.4.5');
    assert.equal(checksums(typescript).length, 2);
    assert.equal(extraction.components.filter((component) => component.name === 'typescript').length, 1);
  });

  it('resolves a catalog: range through .yarnrc.yml and a parent/name resolution through package.json', () => {
    assert.ok(extraction.directDependencies.includes('pkg:npm/typescript@5.4.5'));
    // react asks loose-envify ^1.1.0; resolutions["react/loose-envify"] pins 1.4.0, scheduler keeps 1.3.1.
    assert.deepEqual(edgesOf(extraction, 'pkg:npm/react@18.3.1'), ['pkg:npm/loose-envify@1.4.0']);
    assert.deepEqual(edgesOf(extraction, 'pkg:npm/scheduler@0.23.2'), ['pkg:npm/loose-envify@1.3.1']);
    assert.deepEqual(extraction.warnings, []);
  });

  it('qualifies git, tarball and link sources and resolves a link bound to its parent locator', () => {
    byRef(
      extraction,
      'pkg:npm/is-even@1.0.0?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Fexample%2Fis-even.git%230123456789abcdef0123456789abcdef01234567',
    );
    const leftPad = byRef(
      extraction,
      'pkg:npm/left-pad@1.3.0?download_url=https%3A%2F%2Fexample.com%2Fleft-pad-1.3.0.tgz',
    );
    assert.deepEqual(leftPad.distributions, [{ url: 'https://example.com/left-pad-1.3.0.tgz', hashes: [] }]);
    // `0.0.0-use.local` is yarn's placeholder, not a version.
    assert.equal(byRef(extraction, 'pkg:npm/tool?download_url=link%3A.%2Ftools%2Ftool').version, '');
    assert.ok(extraction.directDependencies.includes('pkg:npm/string-width@4.2.3'));
  });

  it("computes development from each workspace's manifest", () => {
    const development = extraction.components
      .filter((component) => component.development)
      .map((component) => `${component.name}@${component.version}`)
      .sort();
    // scheduler is a devDependency of packages/lib, which the root depends on in production.
    assert.deepEqual(development, [
      'is-even@1.0.0',
      'is-odd@1.0.0',
      'left-pad@1.3.0',
      'loose-envify@1.3.1',
      'scheduler@0.23.2',
      'tool@',
      'typescript@5.4.5',
    ]);
  });

  it('marks what only optional dependencies reach optional', () => {
    assert.equal(byRef(extraction, 'pkg:npm/fsevents@2.3.3').optional, true);
    assert.equal(byRef(extraction, 'pkg:npm/node-gyp@10.0.1').optional, true);
    assert.equal(byRef(extraction, 'pkg:npm/react@18.3.1').optional, false);
  });
});

// ---------------------------------------------------------------------------------------------------------
// The real corpus

/**
 * Distinct non-workspace resolutions, `patch:` unwrapped and `::` parameters dropped, by regex alone; a
 * `link:` path bound to a workspace (`::locator=…%40workspace%3A<folder>`) counts by the folder it names.
 */
function lockedPackages(text: string): Set<string> {
  const found = new Set<string>();
  for (const match of text.matchAll(/^ {2}resolution: "(.+)"$/gm)) {
    let locator = match[1] ?? '';
    if (locator.includes('@workspace:')) continue;
    const patch = /^((?:@[^/]+\/)?[^@]+)@patch:([^#]+)#/.exec(locator);
    if (patch) locator = decodeURIComponent(patch[2] ?? '');
    const link = /^(.+@link:)(.+)::locator=.+%40workspace%3A(.+)$/.exec(locator);
    if (link) {
      found.add(`${link[1]}${posix.join(decodeURIComponent(link[3] ?? ''), link[2] ?? '')}`);
      continue;
    }
    found.add(locator.split('::')[0] ?? locator);
  }
  return found;
}

describe('the real corpus', { skip: hasCorpus() ? false : 'no corpus beside the repository' }, () => {
  for (const lockfile of hasCorpus() ? corpusLockfiles('yarn-berry', (name) => name === 'yarn.lock') : []) {
    const project = lockfile.split('/').at(-2);
    it(`yarn-berry/${project}: one component per locked package, every edge to a listed component`, async () => {
      const text = readFileSync(lockfile, 'utf8');
      const extraction = await extract(fileInput(lockfile));
      const packages = extraction.components.filter((component) => !isWorkspace(component));
      assert.equal(packages.length, lockedPackages(text).size);
      assert.equal(
        extraction.components.filter(isWorkspace).length,
        [...text.matchAll(/^ {2}resolution: ".+@workspace:(?!\.")/gm)].length,
      );
      const known = new Set(extraction.components.map((component) => component.ref));
      for (const edge of extraction.dependencies) {
        for (const target of edge.dependsOn) assert.ok(known.has(target), `${edge.ref} → unknown ${target}`);
      }
      // The corpus has the root package.json only; nothing else may be unresolved.
      for (const warning of extraction.warnings) assert.match(warning.message, /no readable package\.json/);
    });
  }

  it('prettier: dev flags from package.json, checksums as properties, a resolutions override', async () => {
    const extraction = await extract(
      fileInput(corpusPath('lockfiles', 'yarn-berry', 'prettier', 'yarn.lock')),
    );
    const jest = byRef(extraction, 'pkg:npm/jest@30.4.2');
    assert.equal(jest.development, true);
    assert.deepEqual(jest.hashes, []);
    assert.deepEqual(checksums(jest), [
      '10/3690f4009a46781b480fbd4c8c60dd910a3cf8af76626f29971003c28eb17dfa322e86f3203e3da168edcc9f7ba973f3b1fbf15ca12393cc5f86bc61f3289fef',
    ]);
    assert.equal(byRef(extraction, 'pkg:npm/acorn@8.17.0').development, false);
    // remark-parse asks trim "npm:0.0.1"; package.json resolutions.trim = 1.0.1.
    assert.deepEqual(
      edgesOf(extraction, 'pkg:npm/remark-parse@8.0.3').filter((ref) => ref.includes('/trim@')),
      ['pkg:npm/trim@1.0.1'],
    );
    assert.equal(extraction.project?.purl, 'pkg:npm/prettier@3.10.0-dev');
    assert.deepEqual(extraction.warnings, []);
  });

  it('babel (metadata 10): catalog: ranges through .yarnrc.yml, patches and links', async () => {
    const extraction = await extract(fileInput(corpusPath('lockfiles', 'yarn-berry', 'babel', 'yarn.lock')));
    const cli = extraction.components.find(
      (component) => component.name === '@babel/cli' && isWorkspace(component),
    );
    assert.ok(cli);
    assert.ok(edgesOf(extraction, cli.ref).includes('pkg:npm/%40jridgewell/trace-mapping@0.3.31'));
    assert.equal(checksums(byRef(extraction, 'pkg:npm/interpret@3.1.1')).length, 2);
    byRef(extraction, 'pkg:npm/%24repo-utils?download_url=link%3A.%2Fscripts%2Frepo-utils');
  });

  it('babel-2021 (metadata 4): ranges without npm: and an npm: alias to the real package', async () => {
    const extraction = await extract(
      fileInput(corpusPath('lockfiles', 'yarn-berry', 'babel-2021-metadata-v4', 'yarn.lock')),
    );
    assert.ok(
      extraction.dependencies.some((edge) => edge.dependsOn.includes('pkg:npm/%40babel/parser@7.14.5')),
    );
    assert.equal(
      extraction.components.some((component) => component.name === '@babel-baseline/parser'),
      false,
    );
  });
});
