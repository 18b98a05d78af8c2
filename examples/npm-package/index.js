// The npm example that veriship's release flow packs, signs and attests: small on purpose, with two
// real dependencies pinned in package-lock.json so that its SBOM has something to list.
import ms from 'ms';
import picocolors from 'picocolors';

/** A greeting for `name`, in bold when the terminal takes colour. */
export function greet(name) {
  return `Hello, ${picocolors.bold(name)}! This package was released with veriship.`;
}

/** How long ago `since` (a Date) was, in words: "3 hours". */
export function age(since, now = new Date()) {
  return ms(now.getTime() - since.getTime(), { long: true });
}
