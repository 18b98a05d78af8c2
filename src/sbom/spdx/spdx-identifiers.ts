import { createHash } from 'node:crypto';
import { InternalError } from '../../errors.js';
import { uuidV5 } from '../cyclonedx/serial-number.js';

/**
 * SPDX 2.3 clauses 7.2, 8.2 and 9.1: an SPDX identifier's idstring holds "letters, numbers, `.`, and/or
 * `-`". Every other run of characters becomes one `-`.
 */
export function toIdString(text: string): string {
  return text.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '');
}

/** The first `length` hex digits of SHA-256: the tie-breaker that keeps lossy idstrings unique. */
export function shortDigest(text: string, length = 8): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/**
 * SPDX 2.3 clause 6.9 and SPDX 3.0.1 `Core/DateTime` both want `YYYY-MM-DDThh:mm:ssZ`: UTC, whole
 * seconds. `toISOString` adds milliseconds, which neither format allows.
 *
 * @throws InternalError INTERNAL for an invalid Date (the caller built it, so that is a bug).
 */
export function formatSpdxDateTime(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new InternalError('SPDX: the creation time is not a valid date');
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface IdentifiedNode {
  ref: string;
  ecosystem: string;
  name: string;
  version?: string;
}

/**
 * An SPDXID per node: readable (`SPDXRef-Package-npm-babel-core-7.24.0-…`) and always suffixed with a
 * digest of the ref, so that the same component gets the same id in every document and two refs that
 * sanitise alike (`a/b` and `a-b`, a registry and a git build of one version) never share one. Should
 * eight digits ever collide, the colliding ids take the whole digest.
 */
export function packageSpdxIds(nodes: readonly IdentifiedNode[]): Map<string, string> {
  const readable = (node: IdentifiedNode): string =>
    [node.ecosystem, node.name, node.version ?? '']
      .map(toIdString)
      .filter((part) => part !== '')
      .join('-');
  const candidates = new Map<string, string>();
  const owners = new Map<string, number>();
  for (const node of nodes) {
    const id = `SPDXRef-Package-${readable(node)}-${shortDigest(node.ref)}`;
    candidates.set(node.ref, id);
    owners.set(id, (owners.get(id) ?? 0) + 1);
  }
  const ids = new Map<string, string>();
  for (const node of nodes) {
    const id = candidates.get(node.ref) as string;
    ids.set(
      node.ref,
      (owners.get(id) ?? 0) > 1 ? `SPDXRef-Package-${readable(node)}-${shortDigest(node.ref, 64)}` : id,
    );
  }
  return ids;
}

/** A UUID that no v5 UUID can equal (its version nibble is 0), swapped out once the content is known. */
const placeholderUuid = '00000000-0000-0000-0000-000000000000';

/**
 * SPDX 2.3 clause 6.5 recommends `https://[CreatorWebsite]/[pathToSpdx]/[DocumentName]-[UUID]`, the UUID
 * "a version 5 UUID generated from a sha1 checksum known to be unique for this specific SPDX document
 * version". The document is first written with this placeholder; see `stampDocumentNamespace`.
 * veriship has no website of its own to mint URIs under, so it uses the `https://spdx.org/spdxdocs/` prefix
 * that the SPDX reference tools use by default; the UUID makes the namespace unique.
 */
export function documentNamespacePlaceholder(documentName: string): string {
  return `https://spdx.org/spdxdocs/veriship/${toIdString(documentName) || 'sbom'}-${placeholderUuid}`;
}

/**
 * Replaces every occurrence of the placeholder namespace (the 2.3 `documentNamespace`, the prefix of every
 * SPDX 3 IRI) with one whose UUID is the v5 UUID of the text as written with the placeholder: the same
 * graph, time and tool version give the same namespace, and any change gives a new one, as clause 6.5
 * demands of a new document version.
 */
export function stampDocumentNamespace(text: string, placeholder: string): string {
  return text.replaceAll(placeholder, placeholder.replace(placeholderUuid, uuidV5(text)));
}
