import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { nodeFileSystem } from '../io/file-system.js';
import type { ExtractorInput } from '../sbom/extractors/extractor.js';
import type { Component, Extraction } from '../sbom/model/component.js';

/** An extractor input for a file on disk; siblings are read as the CLI reads them (InputError when absent). */
export function fileInput(path: string, content: Buffer = readFileSync(path)): ExtractorInput {
  return {
    path,
    content,
    readRelative: (relativePath) => nodeFileSystem.readFile(join(dirname(path), relativePath)),
  };
}

/** The component with this ref; fails the test, naming the ref, when there is none. */
export function byRef(extraction: Extraction, ref: string): Component {
  const found = extraction.components.find((component) => component.ref === ref);
  assert.ok(found, `no component ${ref}`);
  return found;
}
