/**
 * PURL comparison for VEX products and ignore entries. A statement PURL is a pattern:
 * - type, namespace and name must be equal after normalisation (packageurl-js applies the PURL spec's
 *   per-type rules, e.g. pypi names lowercased with `_` → `-`);
 * - a version in the pattern must equal the finding's version (after percent-decoding, so
 *   `sha256%3Aabc` = `sha256:abc`); no version in the pattern matches any version;
 * - every qualifier in the pattern must be present in the finding's PURL with the same value; qualifiers
 *   the pattern does not name are ignored (`pkg:apk/wolfi/git@1?arch=x86_64` does not match a finding
 *   without `arch`: the statement is narrower than what we know, so it does not apply — fail safe);
 * - a subpath in the pattern must be equal too.
 */
import { PackageURL } from 'packageurl-js';

export interface ParsedPurl {
  type: string;
  namespace: string | undefined;
  name: string;
  version: string | undefined;
  qualifiers: Record<string, string>;
  subpath: string | undefined;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The PURL spec's generic parsing rules ("How to parse a purl string in its components"), used when
 * packageurl-js refuses a PURL over a type-specific rule (it throws on an upper-case golang name, for
 * one): matching needs the components, not a verdict on the PURL's style.
 */
function parseGeneric(text: string): ParsedPurl | undefined {
  let rest = text;
  let subpath: string | undefined;
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    subpath =
      rest
        .slice(hash + 1)
        .split('/')
        .filter((segment) => segment !== '' && segment !== '.' && segment !== '..')
        .map(decode)
        .join('/') || undefined;
    rest = rest.slice(0, hash);
  }
  const qualifiers: Record<string, string> = {};
  const question = rest.indexOf('?');
  if (question >= 0) {
    for (const pair of rest.slice(question + 1).split('&')) {
      const equals = pair.indexOf('=');
      if (equals <= 0) continue;
      const value = decode(pair.slice(equals + 1));
      if (value !== '') qualifiers[pair.slice(0, equals).toLowerCase()] = value;
    }
    rest = rest.slice(0, question);
  }
  if (!/^pkg:/i.test(rest)) return undefined;
  rest = rest.slice(4).replace(/^\/+/, '').replace(/\/+$/, '');
  const slash = rest.indexOf('/');
  if (slash <= 0) return undefined;
  const type = rest.slice(0, slash).toLowerCase();
  rest = rest.slice(slash + 1);
  let version: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    version = decode(rest.slice(at + 1)) || undefined;
    rest = rest.slice(0, at);
  }
  const segments = rest.split('/').filter((segment) => segment !== '');
  const name = segments.pop();
  if (name === undefined) return undefined;
  const namespace = segments.map(decode).join('/') || undefined;
  return { type, namespace, name: decode(name), version, qualifiers, subpath };
}

/** Parses `text` as a PURL, or returns undefined when it is not one (an image name, a bom-ref). */
export function parsePurl(text: string): ParsedPurl | undefined {
  if (!/^pkg:/i.test(text.trim())) return undefined;
  try {
    const purl = PackageURL.fromString(text.trim());
    const qualifiers: Record<string, string> = {};
    for (const [key, value] of Object.entries(purl.qualifiers ?? {})) {
      if (value !== '') qualifiers[key.toLowerCase()] = value;
    }
    return {
      type: purl.type,
      namespace: purl.namespace || undefined,
      name: purl.name,
      version: purl.version || undefined,
      qualifiers,
      subpath: purl.subpath || undefined,
    };
  } catch {
    return parseGeneric(text.trim());
  }
}

/** Whether the finding's PURL is one the pattern PURL names (rules above). */
export function purlMatches(pattern: ParsedPurl, candidate: ParsedPurl): boolean {
  if (pattern.type !== candidate.type) return false;
  if ((pattern.namespace ?? '') !== (candidate.namespace ?? '')) return false;
  if (pattern.name !== candidate.name) return false;
  if (pattern.version !== undefined && pattern.version !== candidate.version) return false;
  if (pattern.subpath !== undefined && pattern.subpath !== candidate.subpath) return false;
  return Object.entries(pattern.qualifiers).every(([key, value]) => candidate.qualifiers[key] === value);
}
