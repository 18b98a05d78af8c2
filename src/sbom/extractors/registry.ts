import type { Extractor } from './extractor.js';
import { npmPackageLockExtractor } from './npm-package-lock.js';
import { pipfileLockExtractor } from './pipfile-lock.js';
import { pnpmLockExtractor } from './pnpm-lock.js';
import { poetryLockExtractor } from './poetry-lock.js';
import { pythonWheelExtractor } from './python-wheel.js';
import { requirementsTxtExtractor } from './requirements-txt.js';
import { uvLockExtractor } from './uv-lock.js';
import { yarnLockExtractor } from './yarn-lock.js';

/**
 * Every supported input format, in one explicit list: adding a format is one file plus one line here.
 * No registration by import side effect, so nothing can be registered twice or forgotten.
 */
export const extractors: readonly Extractor[] = [
  npmPackageLockExtractor,
  pnpmLockExtractor,
  yarnLockExtractor,
  uvLockExtractor,
  poetryLockExtractor,
  pipfileLockExtractor,
  requirementsTxtExtractor,
  pythonWheelExtractor,
];

export function findExtractor(fileName: string): Extractor | undefined {
  return extractors.find((extractor) => extractor.matches(fileName));
}

export function extractorById(id: string): Extractor | undefined {
  return extractors.find((extractor) => extractor.id === id);
}
