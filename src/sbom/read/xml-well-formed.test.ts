import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { corpusPath } from '../../testing/corpus.js';
import { xmlStructureProblem } from './xml-well-formed.js';

describe('xmlStructureProblem', () => {
  it('accepts the well-formed XML of the corpus', () => {
    for (const file of [
      ['cyclonedx', 'spec-tests', '1.6', 'valid-bom-1.6.xml'],
      ['cyclonedx', 'spec-tests', '1.5', 'valid-bom-1.5.xml'],
      ['cyclonedx', 'real', 'cern-lhc-vdm-editor-e564943', 'bom.xml'],
    ]) {
      assert.equal(
        xmlStructureProblem(readFileSync(corpusPath('sbom', ...file), 'utf8')),
        undefined,
        file.join('/'),
      );
    }
  });
  const broken: [string, string, RegExp][] = [
    ['mismatched end tag', '<bom><a></b></bom>', /<\/b> closes <a>/],
    ['unclosed element', '<bom><a>', /<a> is never closed/],
    ['undeclared entity', '<bom>&foo;</bom>', /entity/],
    ['repeated attribute', '<bom a="1" a="2"/>', /repeated/],
    ['two roots', '<bom/><bom/>', /more than one root/],
    ['stray <', '<bom>a < b</bom>', /starts no tag/],
  ];
  for (const [name, text, expected] of broken) {
    it(`reports a ${name}`, () => {
      assert.match(xmlStructureProblem(text) ?? '', expected);
    });
  }
  it('accepts CDATA, comments and character references', () => {
    assert.equal(
      xmlStructureProblem('<?xml version="1.0"?><!-- <x> --><bom><d><![CDATA[<a></b>]]></d>&amp;&#60;</bom>'),
      undefined,
    );
  });
});
