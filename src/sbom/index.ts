export { type CycloneDxOptions, type CycloneDxSpecVersion, toCycloneDx } from './cyclonedx/to-cyclonedx.js';
export type { Extractor, ExtractorInput } from './extractors/extractor.js';
export { extractors, findExtractor } from './extractors/registry.js';
export { type CollectOptions, collectComponentGraph } from './generate.js';
export { buildComponentGraph } from './model/build-graph.js';
export type * from './model/component.js';
export { type RenderOptions, renderSbom, type SbomFormat, sbomFormats } from './render.js';
