/**
 * Reads every VEX document and the ignore file a scan was given, failing on the first one that cannot be
 * used: a suppression source that is silently skipped would un-suppress (or worse, be mistaken for
 * having been applied), so a bad one stops the scan with exit 3 naming the file.
 */
import type { FileSystem } from '../../io/file-system.js';
import type { Suppressions } from './apply-suppressions.js';
import { isCycloneDxDocument, parseCycloneDxVex } from './cyclonedx-vex.js';
import { checkCycloneDxVexSchema } from './cyclonedx-vex-schema.js';
import { isRecord } from './document-reader.js';
import { parseIgnoreFile } from './ignore-file.js';
import { isOpenVexDocument, parseOpenVex } from './openvex.js';
import type { ScannedProduct } from './product-match.js';
import { VexError } from './vex-error.js';
import type { ParsedVexDocument, VexStatement, VexWarning } from './vex-statement.js';

export interface LoadSuppressionsOptions {
  /** OpenVEX or CycloneDX VEX JSON files; on equal timestamps a later file wins. */
  vexFiles: string[];
  ignoreFile?: string;
  /**
   * The scanned product: its PURL (the SBOM's `metadata.component.purl`), or its whole identity, so that
   * statements about the product (an image, an application) and BOM-Links can apply.
   */
  product?: string | ScannedProduct;
}

function decode(file: string, content: Buffer, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch (error) {
    throw new VexError({
      code: what === 'ignore' ? 'VEX_IGNORE_FILE_INVALID' : 'VEX_MALFORMED',
      file,
      message: 'not UTF-8 text',
      cause: error,
    });
  }
}

/**
 * Parses one VEX document of any supported kind.
 *
 * @throws VexError VEX_MALFORMED (not JSON, or breaks its format's rules), VEX_UNSUPPORTED (CSAF, other
 *   JSON, unsupported versions).
 */
export async function parseVexDocument(text: string, file: string): Promise<ParsedVexDocument> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new VexError({
      code: 'VEX_MALFORMED',
      file,
      message: `not valid JSON: ${(error as Error).message}`,
      cause: error,
    });
  }
  if (isOpenVexDocument(json)) return parseOpenVex(json, file);
  if (isCycloneDxDocument(json)) {
    await checkCycloneDxVexSchema(json, file);
    return parseCycloneDxVex(json, file);
  }
  const document = isRecord(json) ? json.document : undefined;
  if (isRecord(document) && 'csaf_version' in document) {
    throw new VexError({
      code: 'VEX_UNSUPPORTED',
      file,
      message: 'CSAF VEX is not supported; use OpenVEX or CycloneDX VEX',
    });
  }
  throw new VexError({
    code: 'VEX_UNSUPPORTED',
    file,
    message: 'neither OpenVEX (an openvex.dev @context) nor CycloneDX VEX (bomFormat "CycloneDX")',
  });
}

/**
 * @throws VexError for the first document or ignore file that cannot be used; InputError when a file
 *   cannot be read.
 */
export async function loadSuppressions(
  options: LoadSuppressionsOptions,
  fileSystem: FileSystem,
): Promise<Suppressions> {
  const statements: VexStatement[] = [];
  const warnings: VexWarning[] = [];
  for (const file of options.vexFiles) {
    const parsed = await parseVexDocument(decode(file, await fileSystem.readFile(file), 'vex'), file);
    for (const statement of parsed.statements) statements.push({ ...statement, order: statements.length });
    warnings.push(...parsed.warnings);
  }
  const ignores =
    options.ignoreFile === undefined
      ? []
      : parseIgnoreFile(
          decode(options.ignoreFile, await fileSystem.readFile(options.ignoreFile), 'ignore'),
          options.ignoreFile,
        );
  const product = typeof options.product === 'string' ? { purl: options.product } : options.product;
  return { statements, ignores, ...(product === undefined ? {} : { product }), warnings };
}
