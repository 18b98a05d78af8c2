import type { Extraction } from '../model/component.js';
import { type Extractor, type ExtractorInput, utf8Text } from './extractor.js';
import { extractYarnBerryLock } from './yarn-berry-lock.js';
import { extractYarnClassicLock } from './yarn-classic-lock.js';

/**
 * `yarn.lock`, in either of yarn's two unrelated formats: classic (yarn 1, its own YAML-like syntax, first
 * comment `# yarn lockfile v1`) and berry (yarn 2 and later, real YAML with a top-level `__metadata`
 * mapping). Berry tells them apart the same way when it migrates a classic lock (`@yarnpkg/parsers`
 * `parseSyml` checks the v1 header; `Project.setupResolutions` reads `__metadata`).
 */
export const yarnLockExtractor: Extractor = {
  id: 'yarn-lock',
  ecosystem: 'npm',
  matches: (fileName) => fileName === 'yarn.lock',
  extract: extractYarnLock,
};

const BERRY_METADATA = /^["']?__metadata["']?:/m;

async function extractYarnLock(input: ExtractorInput): Promise<Extraction> {
  const text = utf8Text(input.content);
  return BERRY_METADATA.test(text) ? extractYarnBerryLock(input, text) : extractYarnClassicLock(input, text);
}
