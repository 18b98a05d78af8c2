import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { InputError, SbomError } from '../../errors.js';
import type { Extraction } from '../model/component.js';
import {
  recordDigest,
  type WheelOptions,
  writeWheel,
  writeZip,
} from './__fixtures__/wheel-zip-writer/zip-writer.js';
import { pythonWheelExtractor, REQUIRES_DIST_PROPERTY, WHEEL_FILE_PROPERTY } from './python-wheel.js';

const MiB = 1024 * 1024;

const METADATA = `Metadata-Version: 2.4
Name: Demo.Pkg
Version: 1.2.0
Summary: A demonstration package
License-Expression: MIT OR Apache-2.0
Classifier: Programming Language :: Python :: 3
Classifier: License :: OSI Approved :: MIT License
Requires-Dist: requests>=2.31
Requires-Dist: rich; extra == "cli"
Provides-Extra: cli
Description-Content-Type: text/markdown

# Demo

Version: 9.9.9 (body text, not a header)
`;

function extract(fileName: string, content: Buffer): Promise<Extraction> {
  return pythonWheelExtractor.extract({
    path: `dist/${fileName}`,
    content,
    readRelative: () => Promise.reject(new Error('a wheel reads no other file')),
  });
}

function wheel(overrides: Partial<WheelOptions> = {}): Buffer {
  return writeWheel({
    name: 'demo_pkg',
    version: '1.2.0',
    metadata: METADATA,
    files: [{ name: 'demo_pkg/__init__.py', data: '__version__ = "1.2.0"\n' }],
    ...overrides,
  });
}

function withMetadata(headers: string): Buffer {
  return wheel({ metadata: `Metadata-Version: 2.1\nName: demo-pkg\nVersion: 1.2.0\n${headers}\n` });
}

function wheelInvalid(text: string) {
  return (error: unknown) => {
    assert.ok(error instanceof SbomError, `expected an SbomError, got ${String(error)}`);
    assert.equal(error.code, 'SBOM_WHEEL_INVALID', error.message);
    assert.match(error.file ?? '', /^dist\/.+\.whl$/);
    assert.match(error.message, new RegExp(text));
    return true;
  };
}

function inputError(code: 'INPUT_UNSAFE' | 'INPUT_TOO_LARGE', text: string) {
  return (error: unknown) => {
    assert.ok(error instanceof InputError, `expected an InputError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    assert.match(error.file ?? '', /^dist\/.+\.whl$/);
    assert.match(error.message, new RegExp(text));
    return true;
  };
}

describe('pythonWheelExtractor.matches', () => {
  it('takes .whl files only', () => {
    assert.equal(pythonWheelExtractor.matches('demo_pkg-1.2.0-py3-none-any.whl'), true);
    assert.equal(pythonWheelExtractor.matches('demo_pkg-1.2.0.tar.gz'), false);
    assert.equal(pythonWheelExtractor.matches('demo.whl.txt'), false);
  });
});

describe('pythonWheelExtractor', () => {
  it('describes the wheel as one component from its METADATA', async () => {
    const content = wheel();
    const extraction = await extract('demo_pkg-1.2.0-py3-none-any.whl', content);
    assert.equal(extraction.components.length, 1);
    const [component] = extraction.components;
    assert.ok(component);
    assert.equal(component.purl, 'pkg:pypi/demo-pkg@1.2.0');
    assert.equal(component.ref, component.purl);
    assert.equal(component.name, 'Demo.Pkg');
    assert.equal(component.version, '1.2.0', 'a Version: line in the body is not a header');
    assert.equal(component.license, 'MIT OR Apache-2.0');
    assert.equal(component.description, 'A demonstration package');
    assert.deepEqual(component.hashes, [
      { algorithm: 'SHA-256', content: createHash('sha256').update(content).digest('hex') },
    ]);
    assert.deepEqual(component.properties, [
      { name: WHEEL_FILE_PROPERTY, value: 'demo_pkg-1.2.0-py3-none-any.whl' },
      { name: REQUIRES_DIST_PROPERTY, value: 'requests>=2.31' },
      { name: REQUIRES_DIST_PROPERTY, value: 'rich; extra == "cli"' },
    ]);
    assert.deepEqual(extraction.directDependencies, ['pkg:pypi/demo-pkg@1.2.0']);
    assert.deepEqual(extraction.dependencies, []);
    assert.deepEqual(extraction.warnings, []);
  });

  it('accepts a build tag and compressed tag sets in the file name', async () => {
    const extraction = await extract('demo_pkg-1.2.0-1-py2.py3-none-any.whl', wheel());
    assert.equal(extraction.components[0]?.purl, 'pkg:pypi/demo-pkg@1.2.0');
  });

  describe('licence, when there is no License-Expression', () => {
    const cases: [string, string, string | undefined][] = [
      ['a License field that is an SPDX expression', 'License: BSD-3-Clause', 'BSD-3-Clause'],
      [
        'a classifier that names one SPDX id, over free text',
        'License: The MIT licence, see LICENSE\nClassifier: License :: OSI Approved :: MIT License',
        'MIT',
      ],
      [
        'several classifiers, listed, not guessed into AND/OR',
        'Classifier: License :: OSI Approved :: MIT License\nClassifier: License :: OSI Approved :: GNU General Public License v3 (GPLv3)',
        'MIT; GPL-3.0-only',
      ],
      [
        'an ambiguous classifier and a short name',
        'License: BSD\nClassifier: License :: OSI Approved :: BSD License',
        'BSD',
      ],
      [
        'a folded licence text',
        'License: Copyright (c) 2024\n        Permission is hereby granted',
        undefined,
      ],
      ["setuptools' placeholder", 'License: UNKNOWN', undefined],
    ];
    for (const [when, headers, expected] of cases) {
      it(`with ${when}: ${expected ?? 'none'}`, async () => {
        const extraction = await extract('demo_pkg-1.2.0-py3-none-any.whl', withMetadata(headers));
        assert.equal(extraction.components[0]?.license, expected);
      });
    }
  });

  it('warns when METADATA and the file name disagree on the version', async () => {
    const extraction = await extract(
      'demo_pkg-1.2.0-py3-none-any.whl',
      wheel({ metadata: METADATA.replace('Version: 1.2.0', 'Version: 1.3.0') }),
    );
    assert.equal(extraction.components[0]?.version, '1.3.0');
    assert.equal(extraction.warnings.length, 2);
    assert.match(extraction.warnings[0]?.message ?? '', /says version 1\.3\.0, the file name 1\.2\.0/);
  });

  describe('when the input is not a wheel', () => {
    it('fails with SBOM_WHEEL_INVALID for a file that is not a zip', async () => {
      await assert.rejects(
        extract('demo_pkg-1.2.0-py3-none-any.whl', Buffer.from('<html>404</html>')),
        wheelInvalid('not a zip archive'),
      );
    });
    it('fails with SBOM_WHEEL_INVALID for a zip without dist-info/METADATA', async () => {
      const content = writeZip([{ name: 'demo_pkg/__init__.py', data: '' }]);
      await assert.rejects(
        extract('demo_pkg-1.2.0-py3-none-any.whl', content),
        wheelInvalid('no .dist-info'),
      );
      const noMetadata = writeZip([{ name: 'demo_pkg-1.2.0.dist-info/RECORD', data: '' }]);
      await assert.rejects(
        extract('demo_pkg-1.2.0-py3-none-any.whl', noMetadata),
        wheelInvalid('no .*METADATA'),
      );
    });
    it('fails with SBOM_WHEEL_INVALID for a name that is not a wheel file name', async () => {
      await assert.rejects(extract('demo.whl', wheel()), wheelInvalid('not a wheel file name'));
      await assert.rejects(
        extract('demo_pkg-1.2.0-x-py3-none-any.whl', wheel()),
        wheelInvalid('not a wheel file name'),
      );
    });
    it('fails with SBOM_WHEEL_INVALID when the dist-info folder is another project', async () => {
      await assert.rejects(
        extract('demo_pkg-1.2.0-py3-none-any.whl', wheel({ distInfo: 'other-1.2.0.dist-info' })),
        wheelInvalid('does not match'),
      );
    });
    it('fails with SBOM_WHEEL_INVALID when METADATA names another project', async () => {
      await assert.rejects(
        extract('other-1.2.0-py3-none-any.whl', wheel({ distInfo: 'other-1.2.0.dist-info' })),
        wheelInvalid('names Demo.Pkg'),
      );
    });
    it('fails with SBOM_WHEEL_INVALID for several dist-info folders', async () => {
      const content = wheel({ files: [{ name: 'second-1.0.dist-info/METADATA', data: 'Name: second' }] });
      await assert.rejects(extract('demo_pkg-1.2.0-py3-none-any.whl', content), wheelInvalid('several'));
    });
    it('fails with SBOM_WHEEL_INVALID for a Wheel-Version it does not understand', async () => {
      const content = wheel({ wheel: 'Wheel-Version: 2.0\n' });
      await assert.rejects(
        extract('demo_pkg-1.2.0-py3-none-any.whl', content),
        wheelInvalid('Wheel-Version 2.0'),
      );
    });
  });

  describe('when RECORD disowns METADATA', () => {
    it('fails with SBOM_WHEEL_INVALID on a digest mismatch', async () => {
      const record = `demo_pkg-1.2.0.dist-info/METADATA,${recordDigest('something else')},${METADATA.length}\n`;
      await assert.rejects(
        extract('demo_pkg-1.2.0-py3-none-any.whl', wheel({ record })),
        wheelInvalid('METADATA does not match its RECORD digest'),
      );
    });
    it('fails with SBOM_WHEEL_INVALID when RECORD does not list METADATA', async () => {
      const record = 'demo_pkg/__init__.py,,\n';
      await assert.rejects(
        extract('demo_pkg-1.2.0-py3-none-any.whl', wheel({ record })),
        wheelInvalid('does not list'),
      );
    });
    it('accepts quoted RECORD fields and CRLF line ends', async () => {
      const wheelText = 'Wheel-Version: 1.0\n';
      const record = [
        `"demo_pkg-1.2.0.dist-info/METADATA","${recordDigest(METADATA)}",${Buffer.byteLength(METADATA)}`,
        `demo_pkg-1.2.0.dist-info/WHEEL,${recordDigest(wheelText)},`,
        '"demo_pkg/odd,""name"".py",,',
        '',
      ].join('\r\n');
      const extraction = await extract(
        'demo_pkg-1.2.0-py3-none-any.whl',
        wheel({ record, wheel: wheelText }),
      );
      assert.equal(extraction.components.length, 1);
    });
  });

  describe('when the wheel is hostile', () => {
    for (const name of ['../../evil.pth', '/usr/lib/python3/evil.py', 'demo_pkg\\..\\..\\evil.py']) {
      it(`refuses entry ${JSON.stringify(name)} with INPUT_UNSAFE`, async () => {
        const content = wheel({ files: [{ name, data: 'import os' }] });
        await assert.rejects(
          extract('demo_pkg-1.2.0-py3-none-any.whl', content),
          inputError('INPUT_UNSAFE', 'zip entry'),
        );
      });
    }

    it('refuses a METADATA that declares more than 16 MiB with INPUT_TOO_LARGE', async () => {
      const content = writeZip([
        { name: 'demo_pkg-1.2.0.dist-info/METADATA', data: METADATA, declaredSize: 16 * MiB + 1 },
        { name: 'demo_pkg-1.2.0.dist-info/WHEEL', data: 'Wheel-Version: 1.0\n' },
        { name: 'demo_pkg-1.2.0.dist-info/RECORD', data: '' },
      ]);
      await assert.rejects(
        extract('demo_pkg-1.2.0-py3-none-any.whl', content),
        inputError('INPUT_TOO_LARGE', 'declares'),
      );
    });

    it('stops inflating a METADATA that lies about its size (INPUT_TOO_LARGE)', async () => {
      const content = writeZip([
        { name: 'demo_pkg-1.2.0.dist-info/METADATA', data: Buffer.alloc(20 * MiB, 0x41), declaredSize: 4096 },
        { name: 'demo_pkg-1.2.0.dist-info/WHEEL', data: 'Wheel-Version: 1.0\n' },
        { name: 'demo_pkg-1.2.0.dist-info/RECORD', data: '' },
      ]);
      await assert.rejects(
        extract('demo_pkg-1.2.0-py3-none-any.whl', content),
        inputError('INPUT_TOO_LARGE', 'inflates past'),
      );
    });

    it('refuses a wheel whose entries overlap into an implausible total (INPUT_TOO_LARGE)', async () => {
      const block = Buffer.alloc(16 * MiB);
      const content = writeZip([
        { name: 'demo_pkg/data0.bin', data: block },
        ...Array.from({ length: 7 }, (_, index) => ({
          name: `demo_pkg/data${index + 1}.bin`,
          data: block,
          sameDataAs: 0,
        })),
        { name: 'demo_pkg-1.2.0.dist-info/METADATA', data: METADATA },
      ]);
      await assert.rejects(
        extract('demo_pkg-1.2.0-py3-none-any.whl', content),
        inputError('INPUT_TOO_LARGE', 'ratio'),
      );
    });
  });
});
