/** What both SPDX emitters take besides the graph: data only, no clock (house style §2, §5). */

/**
 * Who, besides the tool, is named as the SBOM's creator. BSI TR-03183-2 §5.2.1 asks for the creator's
 * e-mail address (else a URL); the tool alone does not identify a responsible party.
 */
export interface SpdxCreator {
  kind: 'Person' | 'Organization';
  name: string;
  email?: string;
}

export interface SpdxOptions {
  /** SPDX 2.3 `creationInfo.created` / SPDX 3 `CreationInfo.created`; the CLI passes SOURCE_DATE_EPOCH. */
  created: Date;
  toolVersion: string;
  creator?: SpdxCreator;
}
