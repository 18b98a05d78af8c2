/**
 * Any SBOM reduced to what scanning and policy need: the component list, format-neutral. Read by
 * `veriship scan` (vulnerability matching) and the policy gate (licences, hashes, PURLs).
 */

export type ReadSbomFormat = 'cyclonedx-json' | 'cyclonedx-xml' | 'spdx-json' | 'spdx3-json';

export interface SbomComponent {
  /** CycloneDX `bom-ref`, SPDX 2 `SPDXID`, SPDX 3 `spdxId`: how the document refers to the component. */
  bomRef?: string;
  name: string;
  /** CycloneDX `group` (Maven groupId, npm scope); SPDX has no such field. */
  group?: string;
  version?: string;
  purl?: string;
  /** CycloneDX component type (`library`, `application`, …); SPDX primaryPackagePurpose lowercased, else `library`. */
  type: string;
  /** CycloneDX `scope` (`required`, `optional`, `excluded`) as written; absent in SPDX. */
  scope?: string;
  /** SPDX license ids or expressions when the document has them, else licence names as written. */
  licenses: string[];
  /**
   * Algorithm → lowercase hex. Algorithms are spelled as CycloneDX spells them (`MD5`, `SHA-1`,
   * `SHA-256`, `SHA3-256`, `BLAKE2b-256`), SPDX's `SHA256`/`SHA3_256` are renamed to match.
   */
  hashes: Record<string, string>;
  /**
   * Digests of the files a component can be installed from (CycloneDX JSON `externalReferences` of type
   * `distribution`: a pip `--hash` per wheel and sdist), algorithm → lowercase hex values. Absent when the
   * document has none or the format has no such field.
   */
  distributionHashes?: Record<string, string[]>;
}

export interface SbomDocument {
  format: ReadSbomFormat;
  /** As the document declares it: `1.6` for CycloneDX, `2.3` for SPDX 2, `3.0.1` for SPDX 3. */
  specVersion: string;
  /** Every component to scan, root excluded, nested CycloneDX components flattened, in document order. */
  components: SbomComponent[];
  /** The subject of the SBOM (CycloneDX metadata.component, the package an SPDX document DESCRIBES). */
  root?: SbomComponent;
  rootName?: string;
  /** CycloneDX `serialNumber`, SPDX 2 `documentNamespace`, SPDX 3 document `spdxId`. */
  serialNumber?: string;
  /** CycloneDX BOM `version` (with the serial number, what a BOM-Link names). */
  bomVersion?: number;
}
