import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { corpusPath } from '../testing/corpus.js';
import { corpusSbom } from './__fixtures__/supplier-workspace.js';
import { cycloneDxSupplier, cycloneDxXmlSupplier, spdxPartyName, spdxSupplier } from './declared-supplier.js';

describe('cycloneDxSupplier', () => {
  for (const version of ['1.4', '1.5', '1.6']) {
    it(`reads metadata.supplier.name of the CycloneDX ${version} spec example`, async () => {
      const document = await corpusSbom('cyclonedx', 'spec-tests', version, `valid-bom-${version}.json`);
      const metadata = document.metadata as { supplier: { name: string } };
      assert.deepEqual(cycloneDxSupplier(document), {
        name: metadata.supplier.name,
        field: 'metadata.supplier.name',
      });
    });
  }

  it('falls back to the component supplier, then the manufacturer (1.6), then manufacture (1.2–1.5)', async () => {
    const document = await corpusSbom('cyclonedx', 'spec-tests', '1.5', 'valid-bom-1.5.json');
    const metadata = { ...(document.metadata as Record<string, unknown>) };
    delete metadata.supplier;
    assert.deepEqual(cycloneDxSupplier({ ...document, metadata }), {
      name: 'Acme, Inc.',
      field: 'metadata.manufacture.name',
    });
    const component = { ...(metadata.component as object), supplier: { name: 'Component Supplier' } };
    assert.deepEqual(cycloneDxSupplier({ ...document, metadata: { ...metadata, component } }), {
      name: 'Component Supplier',
      field: 'metadata.component.supplier.name',
    });
    const manufacturer = { name: 'Maker' };
    assert.equal(
      cycloneDxSupplier({ metadata: { manufacturer, manufacture: { name: 'Old' } } })?.name,
      'Maker',
    );
  });

  it('reads nothing from an SBOM without metadata or with an empty name', async () => {
    const minimal = await corpusSbom('cyclonedx', 'spec-tests', '1.6', 'valid-minimal-viable-1.6.json');
    assert.equal(cycloneDxSupplier(minimal), undefined);
    assert.equal(cycloneDxSupplier({ metadata: { supplier: { name: '   ' } } }), undefined);
    assert.equal(cycloneDxSupplier(null), undefined);
  });
});

describe('cycloneDxXmlSupplier', () => {
  for (const version of ['1.4', '1.5', '1.6']) {
    it(`reads metadata/supplier/name of the CycloneDX ${version} XML spec example, as its JSON twin declares`, async () => {
      const xml = await readFile(
        corpusPath('sbom', 'cyclonedx', 'spec-tests', version, `valid-bom-${version}.xml`),
        'utf8',
      );
      const json = await corpusSbom('cyclonedx', 'spec-tests', version, `valid-bom-${version}.json`);
      assert.deepEqual(await cycloneDxXmlSupplier(xml), cycloneDxSupplier(json));
    });
  }

  it('reads a namespace prefix and falls back to the manufacturer', async () => {
    const xml = [
      '<?xml version="1.0"?>',
      '<cdx:bom xmlns:cdx="http://cyclonedx.org/schema/bom/1.6" version="1">',
      '  <cdx:metadata><cdx:manufacturer><cdx:name> Maker Ltd </cdx:name></cdx:manufacturer></cdx:metadata>',
      '</cdx:bom>',
    ].join('\n');
    assert.deepEqual(await cycloneDxXmlSupplier(xml), {
      name: 'Maker Ltd',
      field: 'metadata.manufacturer.name',
    });
  });
});

describe('spdxSupplier', () => {
  it("reads the described package's supplier of the SPDX 2.3 example (documentDescribes)", async () => {
    const document = await corpusSbom('spdx', 'SPDXJSONExample-v2.3.spdx.json');
    const packages = document.packages as { SPDXID: string; supplier?: string }[];
    const index = packages.findIndex((entry) => entry.SPDXID === 'SPDXRef-Package');
    assert.equal(packages[index]?.supplier, 'Person: Jane Doe (jane.doe@example.com)');
    assert.deepEqual(spdxSupplier(document), {
      name: 'Jane Doe',
      field: `packages[${index}].supplier (SPDXRef-Package)`,
    });
  });

  it('falls back to the Organization creator when the described package names no supplier', async () => {
    const document = await corpusSbom('spdx', 'SPDXJSONExample-v2.3.spdx.json');
    const packages = (document.packages as Record<string, unknown>[]).map((entry) =>
      entry.SPDXID === 'SPDXRef-Package' ? { ...entry, supplier: 'NOASSERTION' } : entry,
    );
    // creators: Tool: LicenseFind-1.0, Organization: ExampleCodeInspect (), Person: Jane Doe ()
    assert.deepEqual(spdxSupplier({ ...document, packages }), {
      name: 'ExampleCodeInspect',
      field: 'creationInfo.creators[1]',
    });
  });

  it('follows DESCRIBES relationships when there is no documentDescribes', () => {
    const document = {
      SPDXID: 'SPDXRef-DOCUMENT',
      packages: [
        { SPDXID: 'SPDXRef-dep', supplier: 'Organization: Dependency Co' },
        { SPDXID: 'SPDXRef-app', supplier: 'Organization: Acme Corp (security@acme.example)' },
      ],
      relationships: [
        {
          spdxElementId: 'SPDXRef-DOCUMENT',
          relationshipType: 'DESCRIBES',
          relatedSpdxElement: 'SPDXRef-app',
        },
        { spdxElementId: 'SPDXRef-app', relationshipType: 'DEPENDS_ON', relatedSpdxElement: 'SPDXRef-dep' },
      ],
    };
    assert.deepEqual(spdxSupplier(document), {
      name: 'Acme Corp',
      field: 'packages[1].supplier (SPDXRef-app)',
    });
  });
});

describe('spdxPartyName', () => {
  it('takes the name out of SPDX 2.3 §7.5 supplier text', () => {
    assert.equal(spdxPartyName('Organization: Acme Corp (a@b.example)', ['Organization']), 'Acme Corp');
    assert.equal(
      spdxPartyName('Organization: ExampleCodeInspect ()', ['Organization']),
      'ExampleCodeInspect',
    );
    assert.equal(
      spdxPartyName('Person: Jane Doe', ['Organization']),
      undefined,
      'a person is not an organization',
    );
    assert.equal(spdxPartyName('Tool: syft-1.0', ['Person', 'Organization']), undefined);
    assert.equal(spdxPartyName('NOASSERTION', ['Person', 'Organization']), undefined);
  });
});
