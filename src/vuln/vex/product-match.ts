/**
 * Does a VEX statement's product name the package a finding is in? (docs/vex.md "Product matching")
 *
 * A selector without subcomponents applies to a finding when it names the finding's package (PURL
 * pattern, bom-ref, or BOM-Link into the scanned SBOM), or when it names the scanned product itself (the
 * SBOM's root component): a statement about an image covers every package found in that image.
 * A selector with subcomponents applies only when the product is the scanned product and one of its
 * subcomponents names the finding's package: "libssl in image X is not affected" says nothing about libssl
 * in image Y.
 */
import { type ParsedPurl, parsePurl, purlMatches } from './purl-match.js';
import type { ProductSelector } from './vex-statement.js';

/** The scanned SBOM's identity, for statements about the product and for BOM-Links. */
export interface ScannedProduct {
  /** The root component's PURL (CycloneDX `metadata.component.purl`). */
  purl?: string;
  /** The root component's bom-ref. */
  bomRef?: string;
  /**
   * The root component's version (CycloneDX `metadata.component.version`), for statements limited to
   * versions of the product; when absent, the version in `purl` is used.
   */
  componentVersion?: string;
  /** CycloneDX `serialNumber` (`urn:uuid:…`) and `version`: BOM-Links must name this BOM. */
  serialNumber?: string;
  version?: number;
}

export interface MatchTarget {
  purl?: ParsedPurl;
  bomRef?: string;
  /** The package's (or the product's) version, for statements limited to versions. */
  version?: string;
  isRoot: boolean;
}

export interface MatchContext {
  root: MatchTarget | undefined;
  serialNumber?: string;
  version?: number;
}

export function matchContext(product: ScannedProduct | undefined): MatchContext {
  if (product === undefined) return { root: undefined };
  const purl = product.purl === undefined ? undefined : parsePurl(product.purl);
  const hasRoot = purl !== undefined || product.bomRef !== undefined;
  const version = product.componentVersion ?? purl?.version;
  return {
    root: hasRoot
      ? {
          ...(purl ? { purl } : {}),
          ...(product.bomRef ? { bomRef: product.bomRef } : {}),
          ...(version === undefined ? {} : { version }),
          isRoot: true,
        }
      : undefined,
    ...(product.serialNumber
      ? { serialNumber: product.serialNumber.replace(/^urn:uuid:/i, '').toLowerCase() }
      : {}),
    ...(product.version === undefined ? {} : { version: product.version }),
  };
}

/**
 * How a selector named a target. `pinned` is false when only a version-less PURL matched: "fixed" is a
 * claim about particular versions, so an unpinned `fixed` does not suppress (apply-suppressions.ts).
 */
export interface SelectorMatch {
  pinned: boolean;
}

function identifies(
  selector: ProductSelector,
  target: MatchTarget,
  context: MatchContext,
): SelectorMatch | undefined {
  let unpinned = false;
  for (const purl of selector.purls) {
    if (target.purl && purlMatches(purl, target.purl)) {
      if (purl.version !== undefined) return { pinned: true };
      unpinned = true;
    }
  }
  if (selector.bomRef !== undefined && selector.bomRef === target.bomRef) return { pinned: true };
  const link = selector.bomLink;
  if (link && link.serialNumber === context.serialNumber && link.version === context.version) {
    // A BOM-Link without a fragment names the whole BOM, that is the product.
    if (link.bomRef === '' ? target.isRoot : link.bomRef === target.bomRef) return { pinned: true };
  }
  return unpinned ? { pinned: false } : undefined;
}

/** A finding's package as a match target; built once per finding (PURL parsing is the costly part). */
export function packageTarget(packageIdentity: {
  purl: string;
  bomRef?: string;
  version?: string;
}): MatchTarget {
  const purl = parsePurl(packageIdentity.purl);
  return {
    ...(purl ? { purl } : {}),
    ...(packageIdentity.bomRef ? { bomRef: packageIdentity.bomRef } : {}),
    ...(packageIdentity.version ? { version: packageIdentity.version } : {}),
    isRoot: false,
  };
}

/**
 * `identifies`, limited to `versions` when given (CycloneDX `affects[].versions`): those are versions of
 * the component the selector names, so they are compared with the version of the target it matched (the
 * product's when the selector names the scanned product, not the version of a package inside it). A
 * target whose version is unknown is not matched. An exact version list pins the match.
 */
function identifiesVersion(
  selector: ProductSelector,
  target: MatchTarget,
  context: MatchContext,
  versions: readonly string[] | undefined,
): SelectorMatch | undefined {
  const match = identifies(selector, target, context);
  if (!match || versions === undefined) return match;
  return target.version !== undefined && versions.includes(target.version) ? { pinned: true } : undefined;
}

/**
 * The best match of any of `products` for a finding's package, or undefined.
 *
 * @param versions The versions the statement is limited to (CycloneDX `affects[].versions`), if any.
 */
export function matchProducts(
  products: readonly ProductSelector[],
  target: MatchTarget,
  context: MatchContext,
  versions?: readonly string[],
): SelectorMatch | undefined {
  let best: SelectorMatch | undefined;
  const consider = (match: SelectorMatch | undefined) => {
    if (match && (!best || (match.pinned && !best.pinned))) best = match;
  };
  for (const product of products) {
    const root = context.root;
    if (product.subcomponents.length > 0) {
      if (root && identifies(product, root, context)) {
        for (const subcomponent of product.subcomponents) {
          consider(identifiesVersion(subcomponent, target, context, versions));
        }
      }
    } else {
      consider(identifiesVersion(product, target, context, versions));
      if (root) consider(identifiesVersion(product, root, context, versions));
    }
  }
  return best;
}
