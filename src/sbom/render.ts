import { type CycloneDxSpecVersion, toCycloneDx } from './cyclonedx/to-cyclonedx.js';
import type { ComponentGraph } from './model/component.js';
import { toSpdx2Json } from './spdx/spdx2-json.js';
import { toSpdx3JsonLd } from './spdx/spdx3-jsonld.js';

export const sbomFormats = ['cyclonedx-json', 'cyclonedx-xml', 'spdx-json', 'spdx3-json'] as const;
export type SbomFormat = (typeof sbomFormats)[number];

export interface RenderOptions {
  format: SbomFormat;
  specVersion: CycloneDxSpecVersion;
  timestamp: Date;
  toolVersion: string;
}

/** One graph, any output format: the emitters share the graph and nothing else. */
export function renderSbom(graph: ComponentGraph, options: RenderOptions): string {
  switch (options.format) {
    case 'cyclonedx-json':
    case 'cyclonedx-xml':
      return toCycloneDx(graph, {
        specVersion: options.specVersion,
        format: options.format === 'cyclonedx-xml' ? 'xml' : 'json',
        timestamp: options.timestamp,
        toolVersion: options.toolVersion,
      });
    case 'spdx-json':
      return toSpdx2Json(graph, { created: options.timestamp, toolVersion: options.toolVersion });
    case 'spdx3-json':
      return toSpdx3JsonLd(graph, { created: options.timestamp, toolVersion: options.toolVersion });
  }
}
