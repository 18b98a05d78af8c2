import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { SbomError } from '../../errors.js';
import { corpusLockfiles, hasCorpus } from '../../testing/corpus.js';
import { type LockfileYamlSchema, parseLockfileYaml, readYamlSubset } from './lockfile-yaml.js';

/** What eemeli/yaml, a complete YAML 1.2 parser, makes of the text: the reference. */
function reference(text: string, schema: LockfileYamlSchema): unknown[] {
  return parseAllDocuments(text, { schema }).map((document) => document.toJS());
}

async function assertAgrees(text: string, schema: LockfileYamlSchema = 'core'): Promise<void> {
  assert.deepEqual(await parseLockfileYaml('test.yaml', text, schema), reference(text, schema));
}

describe('parseLockfileYaml', () => {
  describe('when the text is in the subset lockfiles use', () => {
    const cases: Record<string, string> = {
      'nested block mappings and plain scalars': 'a:\n  b:\n    c: d\n  e: f\ng: h\n',
      'core-schema scalars':
        'a: true\nb: false\nc: null\nd: ~\ne: 5.4\nf: 10\ng: 0x1F\nh: 0o17\ni: 1e3\nj: .5\nk: 1.2.3\nl: -1\n',
      'quoted keys and values with escapes':
        "\"@babel/core@npm:7.0.0, @babel/core@npm:^7.0.0\":\n  resolution: \"a\\\"b\\\\c\\u00e9\\n\"\n  'it''s': 'x''y'\n",
      'flow mappings and sequences':
        "r: {integrity: sha512-AAA==, tarball: https://x.org/a.tgz}\ne: {node: '>=6', npm: ^8 || >=9}\no: [darwin, linux]\nn: {}\nm: []\n",
      'block sequences, indented or not': 'a:\n  - x\n  - "y"\nb:\n- z\nc: d\n',
      'compact mappings inside sequences':
        'v:\n  - resolution:\n      url: https://x\n    targets:\n      - cpu: arm64\n        os: darwin\n  - resolution:\n      url: https://y\n',
      'empty values': 'a:\nb: {x: , y: 1}\nc:\n',
      'comments and blank lines':
        '# header\n\na: 1 # trailing\n  # indented comment\nb:\n\n  c: "d" # after quotes\nd:\n  - e # used by: f\n',
      'several documents': "---\na: 1\n---\nlockfileVersion: '9.0'\n",
      'an explicitly ended document': 'a: 1\n...\n',
      'CRLF line ends': 'a:\r\n  b: c\r\n',
    };
    for (const [name, text] of Object.entries(cases)) {
      it(`reads ${name} as the full parser does, without falling back`, async () => {
        assert.notEqual(readYamlSubset(text, 'core'), undefined);
        await assertAgrees(text);
        await assertAgrees(text, 'failsafe');
      });
    }
  });

  describe('when the text leaves the subset', () => {
    const cases: Record<string, string> = {
      anchors: 'a: &x 1\nb: *x\n',
      'block scalars': 'a: |\n  line one\n  line two\n',
      'multi-line flow': 'a: {x: 1,\n  y: 2}\n',
      'multi-line plain scalars': 'a: one\n  two\n',
      tags: 'a: !!str 1\n',
      '__proto__ keys': '__proto__: 1\nb: 2\n',
      'explicit keys': '? a\n: b\n',
    };
    for (const [name, text] of Object.entries(cases)) {
      it(`gives ${name} to the full parser`, async () => {
        assert.equal(readYamlSubset(text, 'core'), undefined);
        await assertAgrees(text);
      });
    }
  });

  describe('when the text is not valid YAML', () => {
    for (const [name, text, line] of [
      ['a duplicate key', "lockfileVersion: '9.0'\npackages:\n  a@1.0.0: {}\n  a@1.0.0: {}\n", 4],
      // eemeli/yaml reports where the mapping should have closed.
      ['an unclosed flow mapping', 'packages:\n  a@1.0.0:\n    resolution: {integrity: x\nb: 1\n', 4],
      ['a bad indentation', 'a:\n    b: 1\n  c: 2\n', 3],
    ] as const) {
      it(`rejects ${name} as malformed, naming the file and line ${line}`, async () => {
        await assert.rejects(
          () => parseLockfileYaml('pnpm-lock.yaml', text, 'core'),
          (error: unknown) => {
            assert.ok(error instanceof SbomError);
            assert.equal(error.code, 'SBOM_LOCKFILE_MALFORMED');
            assert.equal(error.file, 'pnpm-lock.yaml');
            assert.match(error.message, new RegExp(`\\(line ${line}\\)`));
            return true;
          },
        );
      });
    }
  });

  it('reads empty text as no documents and strips a byte-order mark', async () => {
    assert.deepEqual(await parseLockfileYaml('x.yaml', '', 'core'), []);
    assert.deepEqual(await parseLockfileYaml('x.yaml', '\ufeffa: 1\n', 'core'), [{ a: 1 }]);
  });
});

describe('the real corpus', { skip: hasCorpus() ? false : 'no corpus beside the repository' }, () => {
  const files = hasCorpus()
    ? [
        ...['pnpm-v5', 'pnpm-v6', 'pnpm-v9'].flatMap((format) =>
          corpusLockfiles(format, (name) => name === 'pnpm-lock.yaml' || name === 'pnpm-workspace.yaml'),
        ),
        ...corpusLockfiles('yarn-berry', (name) => name === 'yarn.lock' || name === '.yarnrc.yml'),
      ]
    : [];
  it('has the pnpm and yarn-berry YAML files of the corpus to compare', () => {
    const count = (pattern: RegExp) => files.filter((file) => pattern.test(file)).length;
    assert.ok(count(/\/pnpm-v[569]\/[^/]+\/pnpm-lock\.yaml$/) >= 3, 'pnpm-lock.yaml files');
    assert.ok(count(/\/yarn-berry\/[^/]+\/yarn\.lock$/) >= 1, 'yarn-berry yarn.lock files');
  });
  for (const file of files) {
    const schema: LockfileYamlSchema =
      file.endsWith('yarn.lock') || file.endsWith('.yml') ? 'failsafe' : 'core';
    it(`${file.split('/').slice(-3).join('/')}: the fast reader handles it and agrees with the full parser`, () => {
      const text = readFileSync(file, 'utf8');
      const fast = readYamlSubset(text, schema);
      assert.notEqual(fast, undefined, 'fell back to the full parser');
      assert.deepEqual(fast, reference(text, schema));
    });
  }
});
