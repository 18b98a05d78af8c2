import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputError } from '../errors.js';
import { defaultConfig, parseVerishipConfig } from './veriship-config.js';

describe('parseVerishipConfig', () => {
  it('an empty file is the defaults', () => {
    assert.deepEqual(parseVerishipConfig('', 'veriship.yaml'), defaultConfig);
    assert.equal(defaultConfig.scan.failOn, undefined, 'each command has its own default threshold');
  });

  it('reads every documented key', () => {
    const config = parseVerishipConfig(
      [
        'apiVersion: veriship.dev/v1',
        'kind: Release',
        'name: hello',
        'version: 1.0.0',
        'dist: out',
        'project: app',
        "artifacts: ['*.whl']",
        'build: make dist',
        'scan: { failOn: medium, database: db, vex: [v.json], ignore: .ignore.yaml }',
        'policy: { builtin: false, files: [p/], params: { allowedLicenses: [MIT] } }',
        'provenance: { builderId: https://ci.example/builder }',
      ].join('\n'),
      'veriship.yaml',
    );
    assert.deepEqual(config, {
      name: 'hello',
      version: '1.0.0',
      dist: 'out',
      project: 'app',
      artifacts: ['*.whl'],
      build: 'make dist',
      scan: { failOn: 'medium', database: 'db', vex: ['v.json'], ignore: '.ignore.yaml' },
      policy: { builtin: false, files: ['p/'], params: { allowedLicenses: ['MIT'] } },
      provenance: { builderId: 'https://ci.example/builder' },
    });
  });

  const bad: [string, string, RegExp][] = [
    ['a typo at the top', 'scna: {}', /unknown key scna/],
    ['a typo in a section', 'scan: { failon: high }', /unknown key scan\.failon/],
    [
      'an unknown level',
      'scan: { failOn: severe }',
      /scan\.failOn must be one of none, low, medium, high, critical/,
    ],
    ['a wrong type', 'artifacts: dist/*.whl', /artifacts must be a list of strings/],
    ['another kind', 'kind: Policy', /kind must be Release/],
    ['broken YAML', 'scan: [', /not valid YAML/],
  ];
  for (const [name, text, message] of bad) {
    it(`rejects ${name}, naming the file`, () => {
      assert.throws(
        () => parseVerishipConfig(text, 'veriship.yaml'),
        (error: unknown) =>
          error instanceof InputError && error.file === 'veriship.yaml' && message.test(error.message),
      );
    });
  }
});
