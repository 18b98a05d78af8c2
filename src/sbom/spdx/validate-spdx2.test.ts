import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { corpusPath } from '../../testing/corpus.js';
import { spdxTestGraph } from './__fixtures__/spdx-test-graph.js';
import { toSpdx2Json } from './spdx2-json.js';
import { validateSpdx2Json } from './validate-spdx2.js';

function corpusDocument(name: string): unknown {
  return JSON.parse(readFileSync(corpusPath('sbom', 'spdx', name), 'utf8'));
}

// biome-ignore lint/suspicious/noExplicitAny: the tests mutate parsed JSON at any depth, which is what `any` is for.
type Json = Record<string, any>;

/** Our own output, parsed, for tampering. Package 0 is the project, package 1 `@babel/core`. */
function ours(): Json {
  return JSON.parse(
    toSpdx2Json(spdxTestGraph(), { created: new Date('2026-01-02T03:04:05Z'), toolVersion: '0.0.0-test' }),
  );
}

function paths(document: unknown): string[] {
  return validateSpdx2Json(document).errors.map((error) => error.path);
}

function errorAt(document: unknown, path: string): string {
  const result = validateSpdx2Json(document);
  assert.equal(result.valid, false);
  const error = result.errors.find((candidate) => candidate.path === path);
  assert.ok(error, `no error at ${path}: ${JSON.stringify(result.errors)}`);
  return error.message;
}

describe('validateSpdx2Json', () => {
  describe('with the SPDX tools-java examples', () => {
    for (const name of ['SPDXJSONExample-v2.3.spdx.json', 'SPDXJSONExample-v2.3-with-exception.spdx.json']) {
      it(`accepts ${name}`, () => {
        assert.deepEqual(validateSpdx2Json(corpusDocument(name)), { valid: true, errors: [] });
      });
    }

    it('finds in BadJSON the four errors tools-java finds, and its 2.2 version', () => {
      assert.deepEqual(paths(corpusDocument('BadJSON.spdx.json')), [
        '/spdxVersion',
        '/creationInfo/creators',
        '/packages/0/fileName',
        '/packages/0/filesAnalyzed',
        '/packages/1/name',
      ]);
    });

    for (const name of ['SPDXJSONExample-wrongversion.spdx.json', 'SPDXJSONExample-v2.2.spdx.json']) {
      it(`rejects ${name} as SPDX 2.3, naming its version`, () => {
        assert.match(errorAt(corpusDocument(name), '/spdxVersion'), /"SPDX-2\.2".*SPDX-2\.3 documents only/);
      });
    }

    it('reports SPDX 3 JSON-LD as not SPDX 2.3', () => {
      assert.match(errorAt(corpusDocument('spdx3-package_sbom.json'), ''), /SPDX 3 JSON-LD/);
    });
  });

  describe('when our own output is tampered with', () => {
    it('accepts it untouched', () => {
      assert.deepEqual(validateSpdx2Json(ours()).errors, []);
    });

    it('fails a package without a name at its path', () => {
      const document = ours();
      delete document.packages[1].name;
      assert.match(errorAt(document, '/packages/1/name'), /required/);
    });

    it('fails a malformed SPDXID', () => {
      const document = ours();
      document.packages[1].SPDXID = 'SPDXRef-has_underscore';
      assert.match(errorAt(document, '/packages/1/SPDXID'), /SPDXRef-.*letters, digits/);
    });

    it('fails a duplicated SPDXID', () => {
      const document = ours();
      document.packages[2].SPDXID = document.packages[1].SPDXID;
      assert.match(
        errorAt(document, '/packages/2/SPDXID'),
        /duplicates the SPDXID .* defined at \/packages\/1\/SPDXID/,
      );
    });

    it('fails a relationship to an element that does not exist', () => {
      const document = ours();
      document.relationships[1].relatedSpdxElement = 'SPDXRef-Nowhere';
      assert.match(
        errorAt(document, '/relationships/1/relatedSpdxElement'),
        /SPDXRef-Nowhere is not an SPDXID defined/,
      );
    });

    it('accepts NONE, NOASSERTION and declared external documents as relationship targets', () => {
      const document = ours();
      document.externalDocumentRefs = [
        {
          externalDocumentId: 'DocumentRef-other',
          spdxDocument: 'https://example.com/spdx/other-1',
          checksum: { algorithm: 'SHA1', checksumValue: 'a'.repeat(40) },
        },
      ];
      document.relationships[1].relatedSpdxElement = 'NONE';
      document.relationships[2].relatedSpdxElement = 'NOASSERTION';
      document.relationships[3].relatedSpdxElement = 'DocumentRef-other:SPDXRef-Package';
      assert.deepEqual(validateSpdx2Json(document).errors, []);
      document.relationships[3].relatedSpdxElement = 'DocumentRef-undeclared:SPDXRef-Package';
      assert.match(errorAt(document, '/relationships/3/relatedSpdxElement'), /does not declare/);
    });

    it('fails documentDescribes naming a missing element', () => {
      const document = ours();
      document.documentDescribes = ['SPDXRef-Missing'];
      assert.match(errorAt(document, '/documentDescribes/0'), /not an SPDXID defined/);
    });

    it('fails a checksum of the wrong length for its algorithm', () => {
      const document = ours();
      document.packages[1].checksums[0].checksumValue = 'ab'.repeat(32);
      assert.match(
        errorAt(document, '/packages/1/checksums/0/checksumValue'),
        /128 lowercase hexadecimal digits/,
      );
    });

    it('fails an unknown checksum algorithm and upper-case digits', () => {
      const document = ours();
      document.packages[1].checksums[0] = { algorithm: 'SHA-256', checksumValue: 'AB'.repeat(32) };
      assert.match(errorAt(document, '/packages/1/checksums/0/algorithm'), /"SHA-256" is not one of/);
      const upper = ours();
      upper.packages[1].checksums[0].checksumValue = '1F'.repeat(64);
      assert.match(errorAt(upper, '/packages/1/checksums/0/checksumValue'), /lowercase/);
    });

    it('fails a missing download location and accepts NONE', () => {
      const document = ours();
      delete document.packages[1].downloadLocation;
      assert.match(errorAt(document, '/packages/1/downloadLocation'), /required/);
      const none = ours();
      none.packages[1].downloadLocation = 'NONE';
      assert.deepEqual(validateSpdx2Json(none).errors, []);
      none.packages[1].downloadLocation = 'somewhere';
      assert.match(errorAt(none, '/packages/1/downloadLocation'), /URL or VCS location/);
    });

    it('fails a namespace with a # part and a creation time with milliseconds', () => {
      const document = ours();
      document.documentNamespace = 'https://example.com/spdx#doc';
      document.creationInfo.created = '2026-01-02T03:04:05.000Z';
      assert.match(errorAt(document, '/documentNamespace'), /without a "#" part/);
      assert.match(errorAt(document, '/creationInfo/created'), /YYYY-MM-DDThh:mm:ssZ/);
    });

    it('fails a creator without its Person/Organization/Tool prefix', () => {
      const document = ours();
      document.creationInfo.creators = ['veriship'];
      assert.match(errorAt(document, '/creationInfo/creators/0'), /"Person: ", "Organization: " or "Tool: "/);
    });

    it('fails an unknown relationship type and an unknown property', () => {
      const document = ours();
      document.relationships[1].relationshipType = 'USES';
      document.packages[1].licence = 'MIT';
      assert.match(
        errorAt(document, '/relationships/1/relationshipType'),
        /"USES" is not one of the 45 values/,
      );
      assert.match(errorAt(document, '/packages/1/licence'), /not an SPDX 2.3 property/);
    });

    it('accepts the PACKAGE_MANAGER spelling and rejects a bad package URL', () => {
      const document = ours();
      document.packages[1].externalRefs[0].referenceCategory = 'PACKAGE_MANAGER';
      assert.deepEqual(validateSpdx2Json(document).errors, []);
      document.packages[1].externalRefs[0].referenceLocator = 'npm:@babel/core';
      assert.match(
        errorAt(document, '/packages/1/externalRefs/0/referenceLocator'),
        /not a valid package URL/,
      );
    });

    it('fails licences that are not expressions and LicenseRefs that are not defined', () => {
      const document = ours();
      document.packages[1].licenseDeclared = 'MIT-ish';
      document.packages[2].licenseDeclared = 'MIT OR LicenseRef-undefined';
      document.hasExtractedLicensingInfos.push({ ...document.hasExtractedLicensingInfos[0] });
      assert.match(
        errorAt(document, '/packages/1/licenseDeclared'),
        /not NONE, NOASSERTION or an SPDX license expression/,
      );
      assert.match(errorAt(document, '/packages/2/licenseDeclared'), /LicenseRef-undefined is not defined/);
      assert.match(errorAt(document, '/hasExtractedLicensingInfos/1/licenseId'), /duplicates the licence/);
    });

    it('fails file details on a package whose files were not analysed', () => {
      const document = ours();
      document.packages[1].packageVerificationCode = { packageVerificationCodeValue: 'a'.repeat(40) };
      assert.match(
        errorAt(document, '/packages/1/packageVerificationCode'),
        /omitted when filesAnalyzed is false/,
      );
    });

    it('fails a file without its SHA1 checksum and a hasFiles entry that is not a file', () => {
      const document = ours();
      document.files = [
        {
          SPDXID: 'SPDXRef-File-a',
          fileName: './a.js',
          checksums: [{ algorithm: 'SHA256', checksumValue: 'a'.repeat(64) }],
        },
      ];
      document.packages[0].filesAnalyzed = true;
      document.packages[0].hasFiles = ['SPDXRef-File-a', document.packages[1].SPDXID];
      assert.match(errorAt(document, '/files/0/checksums'), /exactly one SHA1/);
      assert.match(errorAt(document, '/packages/0/hasFiles/1'), /is a package, not a file/);
    });

    it('fails a document that describes nothing among several packages', () => {
      const document = ours();
      delete document.documentDescribes;
      document.relationships.shift();
      assert.match(errorAt(document, '/documentDescribes'), /describes none/);
    });
  });

  it('rejects what is not a JSON object', () => {
    assert.deepEqual(validateSpdx2Json([]), {
      valid: false,
      errors: [{ path: '', message: 'an SPDX 2.3 JSON document is a JSON object' }],
    });
  });
});
