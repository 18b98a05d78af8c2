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

  it('reads policy parameters of every JSON type, nested', () => {
    const config = parseVerishipConfig(
      'policy:\n  params:\n    a: [1, 2.5, 1e3, null, true, x]\n    b: { c: { d: "no" } }\n',
      'veriship.yaml',
    );
    assert.deepEqual(config.policy.params, {
      a: [1, 2.5, 1000, null, true, 'x'],
      b: { c: { d: 'no' } },
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
    // YAML pitfalls: each is an error, never a guess.
    ['a YAML 1.1 boolean', 'policy:\n  builtin: no', /^policy\.builtin must be true or false, at line 2$/],
    [
      'an unquoted version read as a number',
      'name: a\nversion: 1.10',
      /^version must be a non-empty string, at line 2$/,
    ],
    ['a duplicate key', 'dist: a\ndist: b', /^not valid YAML: Map keys must be unique, at line 2$/],
    ['two documents', 'dist: a\n---\ndist: b', /not valid YAML: Source contains multiple documents/],
    [
      'an alias bomb',
      'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      /not valid YAML: Excessive alias count/,
    ],
    ['a list', '- dist', /the file must be a mapping/],
    ['a scalar', 'dist', /the file must be a mapping/],
    ['an unresolved tag', 'dist: !custom out', /^not valid YAML: Unresolved tag: !custom, at line 1$/],
    [
      'a section that is an ordered map',
      'policy: !!omap [builtin: false]',
      /^policy must be a mapping, at line 1$/,
    ],
    [
      'a typo, with its line',
      'dist: out\nscan:\n  failOn: high\n  vexx: [v.json]',
      /^unknown key scan\.vexx \(known: failOn, database, vex, ignore\), at line 4$/,
    ],
    [
      'a policy parameter that is a set (an empty map to CEL)',
      'policy:\n  params:\n    trustedSuppliers: !!set { acme }',
      /^policy\.params\.trustedSuppliers must be a JSON value .*, at line 3$/,
    ],
    [
      'a policy parameter that is not a JSON number',
      'policy: { params: { limits: [1, .nan] } }',
      /policy\.params\.limits\.1 must be a JSON value/,
    ],
    [
      'a policy parameter that is a timestamp',
      'policy: { params: { cutoff: !!timestamp 2026-01-01 } }',
      /policy\.params\.cutoff must be a JSON value/,
    ],
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
