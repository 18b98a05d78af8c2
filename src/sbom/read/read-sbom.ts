/**
 * Reads any SBOM a user hands us (ours, syft's, cdxgen's, trivy's): CycloneDX JSON 1.2–1.7, CycloneDX XML,
 * SPDX 2.2/2.3 JSON and SPDX 3.0 JSON-LD. The format comes from the content (`detect-sbom-format.ts`),
 * never the file name. Schema validity is not required: `veriship sbom validate` is for that, and a scan
 * of a slightly off-spec SBOM is more useful than a refusal.
 */
import { decodeUtf8, detectSbom, detectSpdx3 } from '../validate/detect-sbom-format.js';
import { readCycloneDxJson } from './read-cyclonedx-json.js';
import { readCycloneDxXml } from './read-cyclonedx-xml.js';
import { readSpdx2Json } from './read-spdx2-json.js';
import { readSpdx3JsonLd } from './read-spdx3-jsonld.js';
import type { SbomDocument } from './sbom-document.js';

export type { ReadSbomFormat, SbomComponent, SbomDocument } from './sbom-document.js';

/**
 * @param file Names the file in errors; nothing is read from it.
 * @throws InputError INPUT_MALFORMED (empty, not UTF-8, broken JSON or XML, an inventory list that is not
 *   a list of objects), INPUT_UNSUPPORTED (not an SBOM,
 *   an unknown version, SPDX tag-value), INPUT_UNSAFE (XML with a DOCTYPE).
 */
export async function readSbom(file: string, content: Uint8Array): Promise<SbomDocument> {
  const spdx3 = detectSpdx3(file, decodeUtf8(file, content));
  if (spdx3) return readSpdx3JsonLd(file, spdx3);
  const { detected, text: decoded } = detectSbom(file, content);
  switch (detected.format) {
    case 'cyclonedx-json':
      return readCycloneDxJson(file, detected.document, detected.specVersion);
    case 'spdx-json':
      return readSpdx2Json(file, detected.document, detected.specVersion);
    case 'cyclonedx-xml':
      return readCycloneDxXml(file, decoded, detected.specVersion);
  }
}
