import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { corpusPath } from '../testing/corpus.js';
import { corpusSbom } from './__fixtures__/supplier-workspace.js';
import { readDeclaredSupplier } from './check-sbom.js';
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

describe('cycloneDxXmlSupplier text', () => {
  const declared = (name: string) =>
    cycloneDxXmlSupplier(
      `<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1"><metadata><supplier><name>${name}</name></supplier></metadata></bom>`,
    );

  it('reads the name as XML means it: entities decoded, CDATA and text split by a comment joined', async () => {
    assert.equal((await declared('Acme &amp; Co &lt;EU&gt;'))?.name, 'Acme & Co <EU>');
    assert.equal((await declared('Acme &#38; Co'))?.name, 'Acme & Co');
    assert.equal((await declared('<![CDATA[Acme & Co]]>'))?.name, 'Acme & Co');
    assert.equal((await declared('Acme<!-- legal name --> Corp'))?.name, 'Acme Corp');
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

describe('readDeclaredSupplier of SPDX 3.0 JSON-LD', () => {
  const spdx3 = async (): Promise<{ '@graph': Record<string, unknown>[] }> =>
    JSON.parse(await readFile(corpusPath('sbom', 'spdx', 'spdx3-package_sbom.json'), 'utf8'));
  const read = (document: unknown) =>
    readDeclaredSupplier('sbom.spdx3.json', Buffer.from(JSON.stringify(document)));

  it("reads the root element's suppliedBy, then the first createdBy Organization", async () => {
    const document = await spdx3();
    const graph = document['@graph'];
    const root = graph.find((element) => element.type === 'software_Package') as Record<string, unknown>;
    const info = graph.find((element) => element.type === 'CreationInfo') as Record<string, unknown>;
    const sbom = graph.find((element) => element.type === 'software_Sbom') as Record<string, unknown>;
    sbom.rootElement = [root.spdxId];
    graph.push(
      { type: 'Organization', spdxId: 'urn:acme', creationInfo: '_:creationinfo', name: 'Acme Corp' },
      { type: 'Organization', spdxId: 'urn:globex', creationInfo: '_:creationinfo', name: 'Globex' },
    );
    info.createdBy = [...(info.createdBy as string[]), 'urn:globex'];
    assert.deepEqual(await read(document), {
      declared: { name: 'Globex', field: 'creationInfo.createdBy[1]' },
    });
    root.suppliedBy = 'urn:acme';
    assert.deepEqual(await read(document), {
      declared: { name: 'Acme Corp', field: `suppliedBy (${root.spdxId})` },
    });
  });

  it('reads no supplier, not an unreadable SBOM, from the corpus example (its creator is a Person)', async () => {
    assert.deepEqual(await read(await spdx3()), { declared: undefined });
  });
});
