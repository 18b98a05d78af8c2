/**
 * SPDX 3.0.1 names veriship writes and checks, from the model (spdx-3-model tag 3.0.1, the `Vocabularies` folders of each profile)
 * as compacted by the official JSON-LD context (`https://spdx.org/rdf/3.0.1/spdx-context.jsonld`).
 */

export const spdx3Context = 'https://spdx.org/rdf/3.0.1/spdx-context.jsonld';

/**
 * Individuals the specification itself defines; a document refers to them and never defines them. Both the
 * compact context terms and the IRIs they expand to are accepted.
 */
export const spdx3Individuals: ReadonlySet<string> = new Set([
  'NoAssertionElement',
  'NoneElement',
  'SpdxOrganization',
  'expandedlicensing_NoAssertionLicense',
  'expandedlicensing_NoneLicense',
  'https://spdx.org/rdf/3.0.1/terms/Core/NoAssertionElement',
  'https://spdx.org/rdf/3.0.1/terms/Core/NoneElement',
  'https://spdx.org/rdf/3.0.1/terms/Core/SpdxOrganization',
  'https://spdx.org/rdf/3.0.1/terms/ExpandedLicensing/NoAssertionLicense',
  'https://spdx.org/rdf/3.0.1/terms/ExpandedLicensing/NoneLicense',
]);

/** `Core/HashAlgorithm`, with the hexadecimal digits of the fixed-size digests. */
export const hashAlgorithmDigits: Readonly<Record<string, number | undefined>> = {
  adler32: 8,
  blake2b256: 64,
  blake2b384: 96,
  blake2b512: 128,
  blake3: undefined,
  crystalsDilithium: undefined,
  crystalsKyber: undefined,
  falcon: undefined,
  md2: 32,
  md4: 32,
  md5: 32,
  md6: undefined,
  other: undefined,
  sha1: 40,
  sha224: 56,
  sha256: 64,
  sha384: 96,
  sha512: 128,
  sha3_224: 56,
  sha3_256: 64,
  sha3_384: 96,
  sha3_512: 128,
};

/** `Core/RelationshipType`. */
export const relationshipTypes: ReadonlySet<string> = new Set([
  'affects',
  'amendedBy',
  'ancestorOf',
  'availableFrom',
  'configures',
  'contains',
  'coordinatedBy',
  'copiedTo',
  'delegatedTo',
  'dependsOn',
  'descendantOf',
  'describes',
  'doesNotAffect',
  'expandsTo',
  'exploitCreatedBy',
  'fixedBy',
  'fixedIn',
  'foundBy',
  'generates',
  'hasAddedFile',
  'hasAssessmentFor',
  'hasAssociatedVulnerability',
  'hasConcludedLicense',
  'hasDataFile',
  'hasDeclaredLicense',
  'hasDeletedFile',
  'hasDependencyManifest',
  'hasDistributionArtifact',
  'hasDocumentation',
  'hasDynamicLink',
  'hasEvidence',
  'hasExample',
  'hasHost',
  'hasInput',
  'hasMetadata',
  'hasOptionalComponent',
  'hasOptionalDependency',
  'hasOutput',
  'hasPrerequisite',
  'hasProvidedDependency',
  'hasRequirement',
  'hasSpecification',
  'hasStaticLink',
  'hasTest',
  'hasTestCase',
  'hasVariant',
  'invokedBy',
  'modifiedBy',
  'other',
  'packagedBy',
  'patchedBy',
  'publishedBy',
  'reportedBy',
  'republishedBy',
  'serializedInArtifact',
  'testedOn',
  'trainedOn',
  'underInvestigationFor',
  'usesTool',
]);

/** `Core/LifecycleScopeType`. */
export const lifecycleScopes: ReadonlySet<string> = new Set([
  'design',
  'development',
  'build',
  'test',
  'runtime',
  'other',
]);

/** `Core/RelationshipCompleteness`. */
export const relationshipCompleteness: ReadonlySet<string> = new Set([
  'complete',
  'incomplete',
  'noAssertion',
]);

/** `Core/ProfileIdentifierType`. */
export const profileIdentifiers: ReadonlySet<string> = new Set([
  'core',
  'software',
  'simpleLicensing',
  'expandedLicensing',
  'security',
  'build',
  'ai',
  'dataset',
  'extension',
  'lite',
]);

/** `Core/ExternalIdentifierType`. */
export const externalIdentifierTypes: ReadonlySet<string> = new Set([
  'cpe22',
  'cpe23',
  'cve',
  'email',
  'gitoid',
  'other',
  'packageUrl',
  'securityOther',
  'swhid',
  'swid',
  'urlScheme',
]);

/** `Software/SbomType`. */
export const sbomTypes: ReadonlySet<string> = new Set([
  'design',
  'source',
  'build',
  'deployed',
  'runtime',
  'analyzed',
]);

/** `Software/SoftwarePurpose`. */
export const softwarePurposes: ReadonlySet<string> = new Set([
  'application',
  'archive',
  'bom',
  'configuration',
  'container',
  'data',
  'device',
  'diskImage',
  'deviceDriver',
  'documentation',
  'evidence',
  'executable',
  'file',
  'filesystemImage',
  'firmware',
  'framework',
  'install',
  'library',
  'manifest',
  'model',
  'module',
  'operatingSystem',
  'other',
  'patch',
  'platform',
  'requirement',
  'source',
  'specification',
  'test',
]);
