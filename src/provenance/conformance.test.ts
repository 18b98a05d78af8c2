import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { corpusPath, hasCorpus } from '../testing/corpus.js';
import { checkSlsaProvenanceV1, checkStatementV1 } from './conformance.js';
import { buildProvenancePredicate } from './slsa-v1.js';
import { buildStatement, slsaProvenanceV1 } from './statement.js';

function ourStatement(): Record<string, unknown> {
  const predicate = buildProvenancePredicate(
    {
      kind: 'local',
      builderId: 'https://veriship.dev/builders/local',
      buildType: 'https://veriship.dev/buildtypes/local/v1',
      externalParameters: { repository: 'https://github.com/acme/app', ref: 'refs/heads/main' },
      internalParameters: { dirty: false },
      source: {
        repository: 'https://github.com/acme/app',
        ref: 'refs/heads/main',
        commit: 'c'.repeat(40),
        dirty: false,
      },
      invocationId: undefined,
    },
    { startedOn: new Date('2026-01-01T00:00:00Z'), finishedOn: new Date('2026-01-01T00:01:00Z') },
    '1.0.0',
  );
  const statement = buildStatement(
    [{ name: 'a.tgz', digest: { sha256: 'a'.repeat(64) } }],
    slsaProvenanceV1,
    predicate,
  );
  return JSON.parse(JSON.stringify(statement));
}

describe('in-toto Statement v1 and SLSA Provenance v1 conformance', () => {
  it('our provenance statement conforms', () => {
    assert.deepEqual(checkStatementV1(ourStatement()), []);
  });

  // Each mutation breaks one MUST of the specs; the checker must name its path.
  // biome-ignore lint/suspicious/noExplicitAny: each mutation reaches into the statement's JSON freely
  const mutations: [string, string, (s: any) => void][] = [
    [
      'wrong _type',
      '$._type',
      (s) => {
        s._type = 'https://in-toto.io/Statement/v0.1';
      },
    ],
    [
      'no subjects',
      '$.subject',
      (s) => {
        s.subject = [];
      },
    ],
    [
      'subject without digest',
      '$.subject[0].digest',
      (s) => {
        delete s.subject[0].digest;
      },
    ],
    [
      'short sha256',
      '$.subject[0].digest.sha256',
      (s) => {
        s.subject[0].digest.sha256 = 'abc';
      },
    ],
    [
      'upper-case hex',
      '$.subject[0].digest.sha256',
      (s) => {
        s.subject[0].digest.sha256 = 'A'.repeat(64);
      },
    ],
    [
      'predicateType not a URI',
      '$.predicateType',
      (s) => {
        s.predicateType = 'provenance';
      },
    ],
    [
      'no buildType',
      '$.predicate.buildDefinition.buildType',
      (s) => {
        delete s.predicate.buildDefinition.buildType;
      },
    ],
    [
      'no externalParameters',
      '$.predicate.buildDefinition.externalParameters',
      (s) => {
        delete s.predicate.buildDefinition.externalParameters;
      },
    ],
    [
      'no builder id',
      '$.predicate.runDetails.builder.id',
      (s) => {
        delete s.predicate.runDetails.builder.id;
      },
    ],
    [
      'local timestamp',
      '$.predicate.runDetails.metadata.startedOn',
      (s) => {
        s.predicate.runDetails.metadata.startedOn = '2026-01-01T01:00:00+01:00';
      },
    ],
    [
      'a timestamp of a day that does not exist (February 30th)',
      '$.predicate.runDetails.metadata.finishedOn',
      (s) => {
        s.predicate.runDetails.metadata.finishedOn = '2026-02-30T00:00:00Z';
      },
    ],
    [
      'gitCommit of neither SHA-1 nor SHA-256 length',
      '$.predicate.buildDefinition.resolvedDependencies[0].digest.gitCommit',
      (s) => {
        s.predicate.buildDefinition.resolvedDependencies[0].digest.gitCommit = 'c'.repeat(50);
      },
    ],
    [
      'empty resource descriptor',
      '$.predicate.buildDefinition.resolvedDependencies[0]',
      (s) => {
        s.predicate.buildDefinition.resolvedDependencies[0] = {};
      },
    ],
    [
      'gitCommit not hex',
      '$.predicate.buildDefinition.resolvedDependencies[0].digest.gitCommit',
      (s) => {
        s.predicate.buildDefinition.resolvedDependencies[0].digest.gitCommit = 'main';
      },
    ],
    [
      'no runDetails',
      '$.predicate.runDetails',
      (s) => {
        delete s.predicate.runDetails;
      },
    ],
  ];
  it('accepts a SHA-256 git commit (digest_set.md: gitCommit is 40 or 64 hex digits)', () => {
    const statement = ourStatement();
    // biome-ignore lint/suspicious/noExplicitAny: reaching into the statement's JSON
    (statement as any).predicate.buildDefinition.resolvedDependencies[0].digest.gitCommit = 'c'.repeat(64);
    assert.deepEqual(checkStatementV1(statement), []);
  });

  for (const [name, path, mutate] of mutations) {
    it(`rejects ${name} at ${path}`, () => {
      const statement = ourStatement();
      mutate(statement);
      const issues = checkStatementV1(statement);
      assert.ok(
        issues.some((issue) => issue.path === path),
        `an issue at ${path}; got ${JSON.stringify(issues)}`,
      );
    });
  }

  it('accepts the in-toto spec examples that are v1 statements', {
    skip: !hasCorpus() && 'no corpus',
  }, () => {
    const directory = corpusPath('slsa', 'in-toto-attestation-spec');
    let checked = 0;
    for (const name of readdirSync(directory)) {
      const statement = JSON.parse(readFileSync(`${directory}/${name}`, 'utf8'));
      if (statement._type !== 'https://in-toto.io/Statement/v1') continue;
      checked += 1;
      // Some examples elide digests ("4faeb1b2..."): those, and only those, are flagged.
      const issues = checkStatementV1(statement);
      const elided =
        JSON.stringify(statement.subject).includes('...') ||
        /"sha256":"[^"]*[A-F]/.test(JSON.stringify(statement.subject));
      assert.deepEqual(
        issues.filter((issue) => !issue.path.includes('.digest')),
        [],
        name,
      );
      assert.equal(
        issues.length > 0,
        elided,
        `${name}: digest issues exactly when the example elides its digests`,
      );
    }
    assert.ok(checked >= 3, `checked ${checked} spec examples`);
  });

  it('accepts the SLSA v1 predicates slsa-github-generator and npm wrote', {
    skip: !hasCorpus() && 'no corpus',
  }, () => {
    const files = [
      ['slsa-verifier', 'gha_delegator', 'v2.1.0', 'binary-linux-amd64-workflow_dispatch.build.slsa'],
      ['slsa-verifier', 'gha_maven', 'v2.1.0', 'binary-linux-amd64-workflow_dispatch.build.slsa'],
    ];
    for (const segments of files) {
      const bundle = JSON.parse(readFileSync(corpusPath('slsa', ...segments), 'utf8'));
      const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8'));
      assert.equal(statement.predicateType, slsaProvenanceV1, segments.join('/'));
      assert.deepEqual(checkSlsaProvenanceV1(statement.predicate), [], segments.join('/'));
    }
  });
});
