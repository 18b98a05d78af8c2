/**
 * A JSON Schema (draft-07) for SPDX 2.3 JSON documents, written for veriship from the SPDX 2.3
 * specification (spdx.github.io/spdx-spec/v2.3/): clauses 6 (document creation information), 7 (package),
 * 8 (file), 9 (snippet), 10 (other licensing information), 11 (relationships), 12 (annotations), 13
 * (review, deprecated) and Annex F (external repository identifiers). Its facts agree with the SPDX
 * project's own `schemas/spdx-schema.json` (branch support/2.3), and it is stricter than that file where the
 * specification's "Format" rows are: identifier syntax, date format, hexadecimal digest lengths, the
 * mandatory document namespace.
 *
 * What a schema cannot say (unique SPDXIDs, references that resolve, licence expressions) is checked in
 * `validate-spdx2.ts`.
 */

const draft07 = 'http://json-schema.org/draft-07/schema#';

/** Clauses 7.2, 8.2, 9.1: `SPDXRef-` then letters, numbers, `.` and `-`. */
export const spdxIdPattern = '^SPDXRef-[A-Za-z0-9.-]+$';
/** Clause 6.6: an external document id, whose idstring may also hold `+`. */
const documentRefPattern = '^DocumentRef-[A-Za-z0-9.+-]+$';
/** Clauses 9.2, 11.1, 12.4: an element here, or one in a referenced external document. */
const elementReferencePattern = '^(?:DocumentRef-[A-Za-z0-9.+-]+:)?SPDXRef-[A-Za-z0-9.-]+$';
/** Clause 11.1: the related element may also be NONE or NOASSERTION. */
const relatedElementPattern =
  '^(?:(?:DocumentRef-[A-Za-z0-9.+-]+:)?SPDXRef-[A-Za-z0-9.-]+|NONE|NOASSERTION)$';
/** Clauses 6.9, 7.25–7.27, 12.2: `YYYY-MM-DDThh:mm:ssZ`, UTC, no fraction. */
const dateTimePattern = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$';
/** Clauses 6.8, 12.1: `Person: …`, `Organization: …` or `Tool: …` on one line. */
const agentPattern = '^(?:Person|Organization|Tool): *\\S.*$';
/** Clauses 7.5, 7.6: `Person: …`, `Organization: …`, or NOASSERTION. */
const supplierPattern = '^(?:NOASSERTION|(?:Person|Organization): *\\S.*)$';
/** Clause 6.5: an absolute URI (a scheme is required) without a `#` part. */
const namespacePattern = '^[A-Za-z][A-Za-z0-9+.-]*:[^#\\s]+$';
/** Clauses 7.7, 7.11: a URL or VCS location (both have a scheme), NONE, or NOASSERTION. */
const locationPattern = '^(?:NONE|NOASSERTION|[A-Za-z][A-Za-z0-9+.-]*:\\S+)$';
/** Clause 10.1: `LicenseRef-` then letters, numbers, `.` and `-`. */
export const licenseRefPattern = '^LicenseRef-[A-Za-z0-9.-]+$';
/** "Single line of text" (clauses 6.4, 7.1, 7.3, 7.4, 9.10). */
const singleLinePattern = '^[^\\r\\n]*$';

/**
 * Clause 7.10 algorithms and the lowercase hex digits each one's digest has. BLAKE3 and MD6 have variable
 * output lengths: any whole number of bytes up to MD6's 512 bits is accepted for them.
 */
export const checksumDigits: Readonly<Record<string, string>> = {
  SHA1: '^[0-9a-f]{40}$',
  SHA224: '^[0-9a-f]{56}$',
  SHA256: '^[0-9a-f]{64}$',
  SHA384: '^[0-9a-f]{96}$',
  SHA512: '^[0-9a-f]{128}$',
  'SHA3-256': '^[0-9a-f]{64}$',
  'SHA3-384': '^[0-9a-f]{96}$',
  'SHA3-512': '^[0-9a-f]{128}$',
  'BLAKE2b-256': '^[0-9a-f]{64}$',
  'BLAKE2b-384': '^[0-9a-f]{96}$',
  'BLAKE2b-512': '^[0-9a-f]{128}$',
  BLAKE3: '^(?:[0-9a-f]{2})+$',
  MD2: '^[0-9a-f]{32}$',
  MD4: '^[0-9a-f]{32}$',
  MD5: '^[0-9a-f]{32}$',
  MD6: '^(?:[0-9a-f]{2}){1,64}$',
  ADLER32: '^[0-9a-f]{8}$',
};

/** Clause 11.1 Table 68: every relationship type SPDX 2.3 defines. */
export const relationshipTypes = [
  'DESCRIBES',
  'DESCRIBED_BY',
  'CONTAINS',
  'CONTAINED_BY',
  'DEPENDS_ON',
  'DEPENDENCY_OF',
  'DEPENDENCY_MANIFEST_OF',
  'BUILD_DEPENDENCY_OF',
  'DEV_DEPENDENCY_OF',
  'OPTIONAL_DEPENDENCY_OF',
  'PROVIDED_DEPENDENCY_OF',
  'TEST_DEPENDENCY_OF',
  'RUNTIME_DEPENDENCY_OF',
  'EXAMPLE_OF',
  'GENERATES',
  'GENERATED_FROM',
  'ANCESTOR_OF',
  'DESCENDANT_OF',
  'VARIANT_OF',
  'DISTRIBUTION_ARTIFACT',
  'PATCH_FOR',
  'PATCH_APPLIED',
  'COPY_OF',
  'FILE_ADDED',
  'FILE_DELETED',
  'FILE_MODIFIED',
  'EXPANDED_FROM_ARCHIVE',
  'DYNAMIC_LINK',
  'STATIC_LINK',
  'DATA_FILE_OF',
  'TEST_CASE_OF',
  'BUILD_TOOL_OF',
  'DEV_TOOL_OF',
  'TEST_OF',
  'TEST_TOOL_OF',
  'DOCUMENTATION_OF',
  'OPTIONAL_COMPONENT_OF',
  'METAFILE_OF',
  'PACKAGE_OF',
  'AMENDS',
  'PREREQUISITE_FOR',
  'HAS_PREREQUISITE',
  'REQUIREMENT_DESCRIPTION_FOR',
  'SPECIFICATION_FOR',
  'OTHER',
] as const;

/** Words for the patterns above, so a violation reads as the rule rather than as a regular expression. */
export const patternDescriptions: Readonly<Record<string, string>> = {
  [spdxIdPattern]: 'must be "SPDXRef-" followed by letters, digits, "." or "-" (SPDX 2.3 clause 7.2)',
  [documentRefPattern]: 'must be "DocumentRef-" followed by letters, digits, ".", "+" or "-" (clause 6.6)',
  [elementReferencePattern]: 'must be an SPDXID, optionally prefixed by "DocumentRef-…:" (clause 11.1)',
  [relatedElementPattern]:
    'must be an SPDXID (optionally "DocumentRef-…:"-prefixed), NONE or NOASSERTION (clause 11.1)',
  [dateTimePattern]: 'must be a UTC time written YYYY-MM-DDThh:mm:ssZ (clause 6.9)',
  [agentPattern]: 'must start with "Person: ", "Organization: " or "Tool: " (clause 6.8)',
  [supplierPattern]: 'must be NOASSERTION or start with "Person: " or "Organization: " (clause 7.5)',
  [namespacePattern]: 'must be an absolute URI with a scheme and without a "#" part (clause 6.5)',
  [locationPattern]: 'must be a URL or VCS location, NONE or NOASSERTION (clause 7.7)',
  [licenseRefPattern]: 'must be "LicenseRef-" followed by letters, digits, "." or "-" (clause 10.1)',
  [singleLinePattern]: 'must be a single line of text',
  '^[0-9a-f]{40}$': 'must be 40 lowercase hexadecimal digits',
  '^[0-9a-f]{56}$': 'must be 56 lowercase hexadecimal digits',
  '^[0-9a-f]{64}$': 'must be 64 lowercase hexadecimal digits',
  '^[0-9a-f]{96}$': 'must be 96 lowercase hexadecimal digits',
  '^[0-9a-f]{128}$': 'must be 128 lowercase hexadecimal digits',
  '^[0-9a-f]{32}$': 'must be 32 lowercase hexadecimal digits',
  '^[0-9a-f]{8}$': 'must be 8 lowercase hexadecimal digits',
  '^(?:[0-9a-f]{2})+$': 'must be lowercase hexadecimal digits, a whole number of bytes',
  '^(?:[0-9a-f]{2}){1,64}$': 'must be lowercase hexadecimal digits, a whole number of bytes up to 64',
  '^\\d+\\.\\d+$': 'must be a license list version M.N (clause 6.7)',
  '^\\S+$': 'must not contain white space (clause 7.21)',
};

const text = { type: 'string' } as const;
const singleLine = { type: 'string', pattern: singleLinePattern } as const;
const dateTime = { type: 'string', pattern: dateTimePattern, format: 'date-time' } as const;
const texts = { type: 'array', items: text } as const;
const elementId = { type: 'string', pattern: spdxIdPattern } as const;
/** Licence fields hold an expression, NONE or NOASSERTION; the expression grammar is checked in code. */
const licenseField = { type: 'string', minLength: 1 } as const;
const licenseFields = { type: 'array', items: licenseField } as const;

const checksumDefinition = {
  type: 'object',
  required: ['algorithm', 'checksumValue'],
  additionalProperties: false,
  properties: {
    algorithm: { enum: Object.keys(checksumDigits) },
    checksumValue: text,
  },
  allOf: Object.entries(checksumDigits).map(([algorithm, pattern]) => ({
    if: { type: 'object', required: ['algorithm'], properties: { algorithm: { const: algorithm } } },
    // biome-ignore lint/suspicious/noThenProperty: the JSON Schema keyword (draft-07 §6.6.2), not a thenable.
    then: { properties: { checksumValue: { type: 'string', pattern } } },
  })),
} as const;

/** Clause 12. */
const annotationsDefinition = {
  type: 'array',
  items: {
    type: 'object',
    required: ['annotationDate', 'annotationType', 'annotator', 'comment'],
    additionalProperties: false,
    properties: {
      annotationDate: dateTime,
      annotationType: { enum: ['REVIEW', 'OTHER'] },
      annotator: { type: 'string', pattern: agentPattern },
      comment: text,
    },
  },
} as const;

/** Defined once and referenced, so ajv compiles the 17 per-algorithm rules once, not once per use. */
const checksum = { $ref: '#/definitions/checksum' } as const;
const annotations = { $ref: '#/definitions/annotations' } as const;

/** Clause 7. */
const packageSchema = {
  type: 'object',
  required: ['SPDXID', 'name', 'downloadLocation'],
  additionalProperties: false,
  properties: {
    SPDXID: elementId,
    name: singleLine,
    versionInfo: singleLine,
    packageFileName: singleLine,
    supplier: { type: 'string', pattern: supplierPattern },
    originator: { type: 'string', pattern: supplierPattern },
    downloadLocation: { type: 'string', pattern: locationPattern },
    filesAnalyzed: { type: 'boolean' },
    packageVerificationCode: {
      type: 'object',
      required: ['packageVerificationCodeValue'],
      additionalProperties: false,
      properties: {
        packageVerificationCodeValue: { type: 'string', pattern: '^[0-9a-f]{40}$' },
        packageVerificationCodeExcludedFiles: texts,
      },
    },
    checksums: { type: 'array', items: checksum },
    homepage: { type: 'string', pattern: locationPattern },
    sourceInfo: text,
    licenseConcluded: licenseField,
    licenseInfoFromFiles: licenseFields,
    licenseDeclared: licenseField,
    licenseComments: text,
    copyrightText: text,
    summary: text,
    description: text,
    comment: text,
    externalRefs: {
      type: 'array',
      items: {
        type: 'object',
        required: ['referenceCategory', 'referenceType', 'referenceLocator'],
        additionalProperties: false,
        properties: {
          // Clause 7.21 spells PACKAGE-MANAGER; SPDX 2.2 JSON and many 2.3 producers write PACKAGE_MANAGER,
          // which the SPDX tools accept, so both are.
          referenceCategory: {
            enum: ['SECURITY', 'PACKAGE-MANAGER', 'PACKAGE_MANAGER', 'PERSISTENT-ID', 'OTHER'],
          },
          referenceType: { type: 'string', pattern: '^\\S+$' },
          referenceLocator: { type: 'string', pattern: '^\\S+$' },
          comment: text,
        },
      },
    },
    attributionTexts: texts,
    // Clause 7.24 prints OPERATING-SYSTEM; the SPDX project's JSON schema has OPERATING_SYSTEM. Both occur.
    primaryPackagePurpose: {
      enum: [
        'APPLICATION',
        'FRAMEWORK',
        'LIBRARY',
        'CONTAINER',
        'OPERATING-SYSTEM',
        'OPERATING_SYSTEM',
        'DEVICE',
        'FIRMWARE',
        'SOURCE',
        'ARCHIVE',
        'FILE',
        'INSTALL',
        'OTHER',
      ],
    },
    releaseDate: dateTime,
    builtDate: dateTime,
    validUntilDate: dateTime,
    hasFiles: { type: 'array', items: elementId },
    annotations,
  },
} as const;

/** Clause 8; the SHA1 checksum clause 8.4 requires is checked in code, where it can be named. */
const fileSchema = {
  type: 'object',
  required: ['SPDXID', 'fileName', 'checksums'],
  additionalProperties: false,
  properties: {
    SPDXID: elementId,
    fileName: { type: 'string', minLength: 1 },
    fileTypes: {
      type: 'array',
      items: {
        enum: [
          'SOURCE',
          'BINARY',
          'ARCHIVE',
          'APPLICATION',
          'AUDIO',
          'IMAGE',
          'TEXT',
          'VIDEO',
          'DOCUMENTATION',
          'SPDX',
          'OTHER',
        ],
      },
    },
    checksums: { type: 'array', minItems: 1, items: checksum },
    licenseConcluded: licenseField,
    licenseInfoInFiles: licenseFields,
    licenseComments: text,
    copyrightText: text,
    comment: text,
    noticeText: text,
    fileContributors: texts,
    attributionTexts: texts,
    // Deprecated since SPDX 2.0 (clauses 8.9–8.11, 8.16) and still allowed.
    artifactOfs: { type: 'array', items: { type: 'object' } },
    fileDependencies: { type: 'array', items: elementId },
    annotations,
  },
} as const;

const pointer = {
  type: 'object',
  required: ['reference'],
  additionalProperties: false,
  properties: {
    reference: { type: 'string', pattern: elementReferencePattern },
    // Clauses 9.3, 9.4: byte and line numbers start at 1.
    offset: { type: 'integer', minimum: 1 },
    lineNumber: { type: 'integer', minimum: 1 },
  },
} as const;

/** Clause 9. */
const snippetSchema = {
  type: 'object',
  required: ['SPDXID', 'snippetFromFile', 'ranges'],
  additionalProperties: false,
  properties: {
    SPDXID: elementId,
    snippetFromFile: { type: 'string', pattern: elementReferencePattern },
    ranges: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['startPointer', 'endPointer'],
        additionalProperties: false,
        properties: { startPointer: pointer, endPointer: pointer },
      },
    },
    licenseConcluded: licenseField,
    licenseInfoInSnippets: licenseFields,
    licenseComments: text,
    copyrightText: text,
    comment: text,
    name: singleLine,
    attributionTexts: texts,
    annotations,
  },
} as const;

/** The whole document: clause 6 fields at the top, the other clauses' lists beside them. */
export const spdx2Schema = {
  $schema: draft07,
  $id: 'urn:veriship:schema:spdx-2.3',
  title: 'SPDX 2.3 JSON document',
  definitions: { checksum: checksumDefinition, annotations: annotationsDefinition },
  type: 'object',
  required: ['spdxVersion', 'dataLicense', 'SPDXID', 'name', 'documentNamespace', 'creationInfo'],
  additionalProperties: false,
  properties: {
    // SPDX 2.3.1's JSON schema lets a document name its schema.
    $schema: text,
    spdxVersion: { const: 'SPDX-2.3' },
    dataLicense: { const: 'CC0-1.0' },
    SPDXID: { const: 'SPDXRef-DOCUMENT' },
    name: singleLine,
    documentNamespace: { type: 'string', pattern: namespacePattern, format: 'uri' },
    externalDocumentRefs: {
      type: 'array',
      items: {
        type: 'object',
        required: ['externalDocumentId', 'spdxDocument', 'checksum'],
        additionalProperties: false,
        properties: {
          externalDocumentId: { type: 'string', pattern: documentRefPattern },
          spdxDocument: { type: 'string', pattern: namespacePattern },
          checksum,
        },
      },
    },
    creationInfo: {
      type: 'object',
      required: ['created', 'creators'],
      additionalProperties: false,
      properties: {
        licenseListVersion: { type: 'string', pattern: '^\\d+\\.\\d+$' },
        creators: { type: 'array', minItems: 1, items: { type: 'string', pattern: agentPattern } },
        created: dateTime,
        comment: text,
      },
    },
    comment: text,
    documentDescribes: { type: 'array', items: elementId },
    packages: { type: 'array', items: packageSchema },
    files: { type: 'array', items: fileSchema },
    snippets: { type: 'array', items: snippetSchema },
    /** Clause 10. */
    hasExtractedLicensingInfos: {
      type: 'array',
      items: {
        type: 'object',
        required: ['licenseId', 'extractedText'],
        additionalProperties: false,
        properties: {
          licenseId: { type: 'string', pattern: licenseRefPattern },
          extractedText: text,
          name: singleLine,
          seeAlsos: texts,
          comment: text,
          crossRefs: {
            type: 'array',
            items: {
              type: 'object',
              required: ['url'],
              additionalProperties: false,
              properties: {
                url: text,
                isLive: { type: 'boolean' },
                isValid: { type: 'boolean' },
                isWayBackLink: { type: 'boolean' },
                match: text,
                order: { type: 'integer' },
                timestamp: text,
              },
            },
          },
        },
      },
    },
    /** Clause 11. */
    relationships: {
      type: 'array',
      items: {
        type: 'object',
        required: ['spdxElementId', 'relationshipType', 'relatedSpdxElement'],
        additionalProperties: false,
        properties: {
          spdxElementId: { type: 'string', pattern: elementReferencePattern },
          relationshipType: { enum: relationshipTypes },
          relatedSpdxElement: { type: 'string', pattern: relatedElementPattern },
          comment: text,
        },
      },
    },
    annotations,
    /** Clause 13, deprecated in favour of annotations of type REVIEW. */
    revieweds: {
      type: 'array',
      items: {
        type: 'object',
        required: ['reviewDate'],
        additionalProperties: false,
        properties: {
          reviewDate: dateTime,
          reviewer: { type: 'string', pattern: agentPattern },
          comment: text,
        },
      },
    },
  },
} as const;
