import {
  assertBundleLatest,
  assertBundleV01,
  assertBundleV02,
  bundleFromJSON,
  ValidationError,
} from '@sigstore/bundle';
import type { BundleVersion } from './bundle.js';
import type { CheckCollector } from './checks.js';

/**
 * A second opinion on the structure: `@sigstore/bundle`'s own validators for the declared version (the
 * rules sigstore-js applies). Our parser already enforces them, so this should never fire; if it does, the
 * difference fails `bundle-parse` with our wording rather than being ignored.
 */
export function crossCheckBundle(bytes: Uint8Array, version: BundleVersion, checks: CheckCollector): void {
  try {
    const bundle = bundleFromJSON(JSON.parse(Buffer.from(bytes).toString('utf8')));
    if (version === '0.1') assertBundleV01(bundle);
    else if (version === '0.2') assertBundleV02(bundle);
    else assertBundleLatest(bundle);
  } catch (error) {
    const fields = error instanceof ValidationError && error.fields ? ` (${error.fields.join(', ')})` : '';
    checks.fail('bundle-parse', `the bundle breaks the Sigstore bundle v${version} rules${fields}`);
  }
}
