import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { corpusPath } from '../../testing/corpus.js';
import { type ValidationReport, validateSbom } from './validate-sbom.js';

type JsonRecord = Record<string, unknown>;

function read(...segments: string[]): Buffer {
  return readFileSync(corpusPath('sbom', ...segments));
}

function json(...segments: string[]): JsonRecord {
  return JSON.parse(read(...segments).toString('utf8')) as JsonRecord;
}

function validateJson(document: unknown, name = 'mutated.json'): Promise<ValidationReport> {
  return validateSbom(name, Buffer.from(JSON.stringify(document)));
}

function hasError(report: ValidationReport, path: string, message: string): boolean {
  return report.errors.some((error) => error.path === path && error.message.includes(message));
}

function assertError(report: ValidationReport, path: string, message: string): void {
  assert.ok(
    hasError(report, path, message),
    `expected ${path}: …${message}… in ${JSON.stringify(report.errors, null, 2)}`,
  );
}

/**
 * The violation each `invalid-*` spec test is about, found at its exact path (JSON Pointer, or the line
 * xmllint names). A corpus file missing here fails the suite until someone says what it tests.
 */
const expectedViolations: Readonly<Record<string, { path: string; message: string } | 'unsupported'>> = {
  '1.4/invalid-bomformat-1.4.json': { path: '/bomFormat', message: 'allowed values: "CycloneDX"' },
  '1.4/invalid-hash-md5-1.4.json': { path: '/components/0/hashes/0/content', message: 'must match pattern' },
  '1.4/invalid-scope-1.4.xml': {
    path: 'line 7',
    message: "Element 'scope': [facet 'enumeration'] The value 'foo'",
  },
  '1.5/invalid-component-type-1.5.json': {
    path: '/components/0/type',
    message: 'allowed values: "application"',
  },
  '1.5/invalid-hash-alg-1.5.xml': {
    path: 'line 9',
    message: "attribute 'alg': [facet 'enumeration'] The value 'FOO'",
  },
  '1.5/invalid-scope-1.5.json': {
    path: '/components/0/scope',
    message: '"required", "optional", "excluded"',
  },
  '1.6/invalid-bomformat-1.6.json': { path: '/bomFormat', message: 'allowed values: "CycloneDX"' },
  '1.6/invalid-component-ref-1.6.json': { path: '/components/1/bom-ref', message: 'fewer than 1 characters' },
  '1.6/invalid-component-type-1.6.xml': {
    path: 'line 4',
    message: "attribute 'type': [facet 'enumeration']",
  },
  '1.6/invalid-dependency-1.6.json': { path: '/dependencies/0/ref', message: 'is required and missing' },
  '1.6/invalid-hash-sha256-1.6.json': {
    path: '/components/0/hashes/2/content',
    message: 'must match pattern',
  },
  '1.6/invalid-license-choice-1.6.json': {
    path: '/components/0/licenses',
    message: 'exactly one schema in oneOf',
  },
  '1.6/invalid-metadata-timestamp-1.6.json': { path: '/metadata/timestamp', message: 'format "date-time"' },
  '1.6/invalid-missing-component-type-1.6.json': {
    path: '/components/0/type',
    message: 'is required and missing',
  },
  // The namespace `…/bom/12` names no CycloneDX version, so there is no XSD to hold it against: the file is
  // refused as unsupported (exit 3), as a JSON file with `specVersion: "12"` is, rather than reported invalid.
  '1.6/invalid-namespace-1.6.xml': 'unsupported',
  '1.6/invalid-serialnumber-1.6.json': { path: '/serialNumber', message: 'must match pattern "^urn:uuid:' },
};

describe('validateSbom on the CycloneDX specification tests', () => {
  for (const version of ['1.4', '1.5', '1.6']) {
    for (const name of readdirSync(corpusPath('sbom', 'cyclonedx', 'spec-tests', version)).sort()) {
      const file = `${version}/${name}`;
      const content = read('cyclonedx', 'spec-tests', version, name);
      const format = name.endsWith('.xml') ? 'cyclonedx-xml' : 'cyclonedx-json';
      if (name.startsWith('valid-')) {
        it(`${file} is valid`, async () => {
          const report = await validateSbom(file, content);
          assert.deepEqual(report, { file, format, specVersion: version, valid: true, errors: [] });
        });
        continue;
      }
      it(`${file} is invalid`, async () => {
        const expected = expectedViolations[file];
        assert.ok(expected, `no expected violation recorded for ${file}`);
        if (expected === 'unsupported') {
          await assert.rejects(validateSbom(file, content), { code: 'INPUT_UNSUPPORTED', file });
          return;
        }
        const report = await validateSbom(file, content);
        assert.equal(report.valid, false);
        assert.equal(report.format, format);
        assert.equal(report.specVersion, version);
        assertError(report, expected.path, expected.message);
      });
    }
  }

  it('reports every violation of invalid-dependency-1.6.json, including the dangling ref', async () => {
    const file = '1.6/invalid-dependency-1.6.json';
    const report = await validateSbom(
      file,
      read('cyclonedx', 'spec-tests', '1.6', 'invalid-dependency-1.6.json'),
    );
    assert.deepEqual(report.errors, [
      { path: '/dependencies/0/ref', message: 'is required and missing' },
      { path: '/dependencies/1/ref', message: 'must NOT have fewer than 1 characters' },
      { path: '/dependencies/1/ref', message: 'no element of the BOM has bom-ref ""' },
    ]);
  });
});

describe('validateSbom on real SBOMs', () => {
  it('finds the 1.9 MB juice-shop CycloneDX 1.4 SBOM valid, and says how long it took', async (context) => {
    const content = read('cyclonedx', 'real', 'juice-shop-npm-flat', 'bom.1.4.json');
    const started = performance.now();
    const report = await validateSbom('juice-shop.json', content);
    const first = performance.now() - started;
    const again = performance.now();
    await validateSbom('juice-shop.json', content);
    const second = performance.now() - again;
    assert.deepEqual(report.errors, []);
    assert.equal(report.specVersion, '1.4');
    // Figures for the report, not assertions: the first call includes compiling the 1.4 schema.
    context.diagnostic(`juice-shop: first ${first.toFixed(0)} ms, second ${second.toFixed(0)} ms`);
  });

  for (const [project, file, version] of [
    ['dropwizard-1.3.15', 'bom.json', '1.2'],
    ['laravel-7.12.0', 'bom.1.3.json', '1.3'],
  ] as const) {
    it(`finds ${project} (CycloneDX ${version} JSON, strict schema) valid`, async () => {
      const report = await validateSbom(file, read('cyclonedx', 'real', project, file));
      assert.deepEqual([report.format, report.specVersion, report.errors], ['cyclonedx-json', version, []]);
    });
  }

  it('finds the CERN CycloneDX 1.2 XML SBOM valid', async () => {
    const report = await validateSbom(
      'bom.xml',
      read('cyclonedx', 'real', 'cern-lhc-vdm-editor-e564943', 'bom.xml'),
    );
    assert.deepEqual([report.format, report.specVersion, report.errors], ['cyclonedx-xml', '1.2', []]);
  });
});

describe('when a valid SBOM is changed', () => {
  const juiceShop = (): JsonRecord & { components: JsonRecord[]; dependencies: JsonRecord[] } =>
    json('cyclonedx', 'real', 'juice-shop-npm-flat', 'bom.1.4.json') as never;

  it('points at a hash that is not hex', async () => {
    const document = juiceShop();
    ((document.components[3] as { hashes: JsonRecord[] }).hashes[0] as JsonRecord).content = 'not-hex';
    const report = await validateJson(document);
    assert.deepEqual(report.errors, [
      {
        path: '/components/3/hashes/0/content',
        message:
          'must match pattern "^([a-fA-F0-9]{32}|[a-fA-F0-9]{40}|[a-fA-F0-9]{64}|[a-fA-F0-9]{96}|[a-fA-F0-9]{128})$"',
      },
    ]);
  });

  it('names a property the schema does not allow, at its own path', async () => {
    const document = juiceShop();
    (document.components[10] as JsonRecord).colour = 'blue';
    const report = await validateJson(document);
    assert.deepEqual(report.errors, [
      { path: '/components/10/colour', message: 'is not a property the schema allows here' },
    ]);
  });

  it('reports a bom-ref used twice, at the second use', async () => {
    const document = juiceShop();
    const reused = (document.components[2] as JsonRecord)['bom-ref'];
    (document.components[5] as JsonRecord)['bom-ref'] = reused;
    const report = await validateJson(document);
    assertError(
      report,
      '/components/5/bom-ref',
      `bom-ref "${reused}" is already used at /components/2/bom-ref`,
    );
  });

  it('reports a dependency on a bom-ref that nothing has', async () => {
    const document = juiceShop();
    const first = document.dependencies[0] as { dependsOn?: string[] };
    first.dependsOn = [...(first.dependsOn ?? []), 'pkg:npm/nothing@0.0.0'];
    const report = await validateJson(document);
    assert.deepEqual(report.errors, [
      {
        path: `/dependencies/0/dependsOn/${first.dependsOn.length - 1}`,
        message: 'no element of the BOM has bom-ref "pkg:npm/nothing@0.0.0"',
      },
    ]);
  });

  it('reports a repeated component through uniqueItems, with both indexes', async () => {
    const document = juiceShop();
    document.components.push(structuredClone(document.components[0] as JsonRecord));
    const last = document.components.length - 1;
    const report = await validateJson(document);
    assertError(
      report,
      '/components',
      `must NOT have duplicate items (items ## 0 and ${last} are identical)`,
    );
    assertError(report, `/components/${last}/bom-ref`, 'is already used at /components/0/bom-ref');
  });

  it('treats objects that differ only in key order as duplicates (uniqueItems equality)', async () => {
    const report = await validateJson({
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      version: 1,
      components: [
        { type: 'library', name: 'a', version: '1' },
        { version: '1', name: 'a', type: 'library' },
      ],
    });
    assert.deepEqual(report.errors, [
      { path: '/components', message: 'must NOT have duplicate items (items ## 0 and 1 are identical)' },
    ]);
  });

  it('locates an XML violation by line', async () => {
    const xml = read('cyclonedx', 'real', 'cern-lhc-vdm-editor-e564943', 'bom.xml')
      .toString('utf8')
      .replace(
        '<component type="library" bom-ref="pkg:npm/debug@4.1.1">',
        '<component type="bogus" bom-ref="pkg:npm/debug@4.1.1">',
      );
    const report = await validateSbom('bom.xml', Buffer.from(xml));
    assert.equal(report.valid, false);
    assert.deepEqual(
      report.errors.map((error) => error.path),
      ['line 65'],
    );
    assert.match(
      report.errors[0]?.message ?? '',
      /^Element 'component', attribute 'type': .*The value 'bogus'/,
    );
  });

  it('reports duplicate bom-refs in XML through the XSD unique constraint', async () => {
    const xml = read('cyclonedx', 'real', 'cern-lhc-vdm-editor-e564943', 'bom.xml')
      .toString('utf8')
      .replace('bom-ref="pkg:npm/debug@4.1.1"', 'bom-ref="pkg:npm/puppeteer@1.19.0"');
    const report = await validateSbom('bom.xml', Buffer.from(xml));
    assertError(report, 'line 65', "Duplicate key-sequence ['pkg:npm/puppeteer@1.19.0']");
  });
});

describe('the dependency rule in every CycloneDX version', () => {
  const jsonVersions = ['1.2', '1.3', '1.4', '1.5', '1.6', '1.7'];
  const bom = (specVersion: string, target: string) => ({
    bomFormat: 'CycloneDX',
    specVersion,
    version: 1,
    components: [{ type: 'library', 'bom-ref': 'a', name: 'a', version: '1' }],
    dependencies: [{ ref: 'a', dependsOn: [target] }],
  });
  for (const specVersion of jsonVersions) {
    it(`JSON ${specVersion}: accepts a ref that exists, rejects one that does not`, async () => {
      assert.deepEqual((await validateJson(bom(specVersion, 'a'))).errors, []);
      assert.deepEqual((await validateJson(bom(specVersion, 'b'))).errors, [
        { path: '/dependencies/0/dependsOn/0', message: 'no element of the BOM has bom-ref "b"' },
      ]);
    });
  }
  const xml = (specVersion: string, target: string) =>
    Buffer.from(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<bom xmlns="http://cyclonedx.org/schema/bom/${specVersion}" version="1">`,
        '  <components><component type="library" bom-ref="a"><name>a</name><version>1</version></component></components>',
        `  <dependencies><dependency ref="a"><dependency ref="${target}"/></dependency></dependencies>`,
        '</bom>',
      ].join('\n'),
    );
  for (const specVersion of jsonVersions) {
    it(`XML ${specVersion}: accepts a ref that exists, rejects one that does not`, async () => {
      assert.deepEqual((await validateSbom('a.xml', xml(specVersion, 'a'))).errors, []);
      assert.deepEqual((await validateSbom('b.xml', xml(specVersion, 'b'))).errors, [
        { path: 'line 4', message: `Element 'dependency': no element of the BOM has bom-ref "b"` },
      ]);
    });
  }
  for (const specVersion of ['1.0', '1.1']) {
    it(`XML ${specVersion} (no dependency graph yet) validates against its XSD`, async () => {
      // CycloneDX 1.0 still required `modified`.
      const modified = specVersion === '1.0' ? '<modified>false</modified>' : '';
      const document = `<bom xmlns="http://cyclonedx.org/schema/bom/${specVersion}" version="1"><components><component type="library"><name>a</name><version>1</version>${modified}</component></components></bom>`;
      const report = await validateSbom('old.xml', Buffer.from(document));
      assert.deepEqual([report.specVersion, report.errors], [specVersion, []]);
    });
  }
});

describe('validateSbom on SPDX', () => {
  for (const name of ['SPDXJSONExample-v2.3.spdx.json', 'SPDXJSONExample-v2.3-with-exception.spdx.json']) {
    it(`finds ${name} valid`, async () => {
      const report = await validateSbom(name, read('spdx', name));
      assert.deepEqual(report, {
        file: name,
        format: 'spdx-json',
        specVersion: '2.3',
        valid: true,
        errors: [],
        coverage:
          'a JSON schema written from the SPDX 2.3 specification (no package ships the official one), plus reference checks',
      });
    });
  }

  it('reports a violation of an SPDX 2.3 document through the SPDX validator', async () => {
    const document = json('spdx', 'SPDXJSONExample-v2.3.spdx.json');
    delete document.dataLicense;
    const report = await validateJson(document, 'broken.spdx.json');
    assert.equal(report.format, 'spdx-json');
    assert.equal(report.valid, false);
    assert.ok(
      report.errors.some((error) => error.path === '/dataLicense'),
      JSON.stringify(report.errors),
    );
  });

  // The SPDX validator knows 2.3 only. BadJSON (tools-java expects 4 errors) and wrongversion (2.3 syntax
  // under SPDX-2.2) are refused with the valid 2.2 example rather than half-checked.
  for (const name of [
    'SPDXJSONExample-v2.2.spdx.json',
    'BadJSON.spdx.json',
    'SPDXJSONExample-wrongversion.spdx.json',
  ]) {
    it(`refuses ${name} (SPDX-2.2) as unsupported`, async () => {
      await assert.rejects(validateSbom(name, read('spdx', name)), { code: 'INPUT_UNSUPPORTED', file: name });
    });
  }

  it('refuses SPDX tag-value as unsupported', async () => {
    await assert.rejects(validateSbom('tag.spdx', read('spdx', 'SPDXTagExample-v2.3.spdx')), {
      code: 'INPUT_UNSUPPORTED',
      message: /tag-value/,
    });
  });
});

describe('validateSbom on SPDX 3 JSON-LD', () => {
  const example = () => json('spdx', 'spdx3-package_sbom.json') as JsonRecord & { '@graph': JsonRecord[] };

  it('accepts the spec example as 3.0.1 and says what it checked', async () => {
    const report = await validateSbom('example.json', read('spdx', 'spdx3-package_sbom.json'));
    assert.deepEqual(
      [report.format, report.specVersion, report.valid, report.errors],
      ['spdx3-json', '3.0.1', true, []],
    );
    assert.match(report.coverage ?? '', /structural checks.*not the SPDX JSON schema/);
  });

  it('reports a dangling reference and a digest of the wrong length with their paths', async () => {
    const document = example();
    const relationshipAt = document['@graph'].findIndex((node) => node.type === 'Relationship');
    const packageAt = document['@graph'].findIndex((node) => node.type === 'software_Package');
    assert.ok(relationshipAt >= 0 && packageAt >= 0);
    (document['@graph'][relationshipAt] as JsonRecord).from = 'https://example.com/nowhere';
    (document['@graph'][packageAt] as JsonRecord).verifiedUsing = [
      { type: 'Hash', algorithm: 'sha256', hashValue: 'abc' },
    ];
    const report = await validateJson(document);
    assert.equal(report.valid, false);
    assertError(report, `/@graph/${relationshipAt}/from`, 'is not an element of this document');
    assertError(report, `/@graph/${packageAt}/verifiedUsing/0/hashValue`, '');
  });

  it('refuses, rather than judges, another 3.x version or classes of profiles it does not check', async () => {
    const older = example();
    for (const node of older['@graph']) if (node.type === 'CreationInfo') node.specVersion = '3.0.0';
    await assert.rejects(validateJson(older), { code: 'INPUT_UNSUPPORTED', message: /SPDX 3\.0\.0/ });
    const security = example();
    security['@graph'].push({
      type: 'security_Vulnerability',
      spdxId: 'https://example.com/vuln-1',
      creationInfo: '_:creationinfo',
    });
    await assert.rejects(validateJson(security), {
      code: 'INPUT_UNSUPPORTED',
      message: /also uses security_Vulnerability/,
    });
  });
});

describe('when the input is not a readable SBOM', () => {
  const juiceShop = () => read('cyclonedx', 'real', 'juice-shop-npm-flat', 'bom.1.4.json');

  it('refuses truncated JSON as malformed, naming the file', async () => {
    await assert.rejects(validateSbom('cut.json', juiceShop().subarray(0, 100_000)), {
      code: 'INPUT_MALFORMED',
      file: 'cut.json',
      message: /^not valid JSON/,
    });
  });

  it('refuses truncated XML as malformed, with the line', async () => {
    const cut = read('cyclonedx', 'real', 'cern-lhc-vdm-editor-e564943', 'bom.xml').subarray(0, 20_000);
    await assert.rejects(validateSbom('cut.xml', cut), {
      code: 'INPUT_MALFORMED',
      file: 'cut.xml',
      message: /^not well-formed XML: line \d+: /,
    });
  });

  it('refuses an empty file and bytes that are not UTF-8 as malformed', async () => {
    await assert.rejects(validateSbom('empty.json', Buffer.from(' \n')), { code: 'INPUT_MALFORMED' });
    await assert.rejects(validateSbom('latin1.json', Buffer.from([0x7b, 0xe9, 0x7d])), {
      code: 'INPUT_MALFORMED',
      message: 'not UTF-8 text',
    });
  });

  it('refuses unknown formats and versions as unsupported', async () => {
    const cases: [string, string, RegExp][] = [
      ['{"name":"x","version":"1"}', 'package.json', /neither CycloneDX/],
      ['{"bomFormat":"CycloneDX","specVersion":"1.1"}', 'old.json', /specVersion "1.1"/],
      ['{"bomFormat":"CycloneDX"}', 'none.json', /specVersion undefined/],
      ['[1,2]', 'array.json', /is an object/],
      [
        '<?xml version="1.0"?><project xmlns="http://maven.apache.org/POM/4.0.0"/>',
        'pom.xml',
        /not a CycloneDX/,
      ],
      ['lockfileVersion: 9', 'pnpm-lock.yaml', /neither JSON nor XML/],
    ];
    for (const [content, file, message] of cases) {
      await assert.rejects(validateSbom(file, Buffer.from(content)), {
        code: 'INPUT_UNSUPPORTED',
        file,
        message,
      });
    }
  });

  it('refuses XML with a DOCTYPE before reading it (XXE, entity expansion)', async () => {
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE bom [<!ENTITY x SYSTEM "file:///etc/passwd">]><bom xmlns="http://cyclonedx.org/schema/bom/1.6">&x;</bom>';
    await assert.rejects(validateSbom('xxe.xml', Buffer.from(xxe)), { code: 'INPUT_UNSAFE' });
  });

  it('reads a namespace given through a prefix and skips comments before the root', async () => {
    const xml =
      '<?xml version="1.0"?>\n<!-- made by hand -->\n<c:bom xmlns:c="http://cyclonedx.org/schema/bom/1.5" version="1"/>';
    const report = await validateSbom('prefixed.xml', Buffer.from(xml));
    assert.deepEqual([report.format, report.specVersion, report.valid], ['cyclonedx-xml', '1.5', true]);
  });
});
