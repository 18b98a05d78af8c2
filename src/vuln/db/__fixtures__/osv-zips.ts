import { type ZipWriterEntry, writeZip } from '../../../sbom/extractors/__fixtures__/wheel-zip-writer/zip-writer.js';
import { osvCorpusFiles } from './osv-corpus.js';

export { writeZip };

/** The corpus advisories as osv.dev lays out an all.zip: `<id>.json` at the root, deflated. */
export function corpusZip(filter: (name: string, text: string) => boolean = () => true): Buffer {
  const entries: ZipWriterEntry[] = osvCorpusFiles()
    .filter((file) => filter(file.name, file.text))
    // Entry names must be unique; keep the corpus's sub-folders.
    .map((file) => ({ name: file.name, data: file.text }));
  return writeZip(entries);
}

/** Corpus advisories (valid records only) naming an affected package of `ecosystem`, one entry per id. */
export function ecosystemZip(ecosystem: string): Buffer {
  const seen = new Set<string>();
  const entries: ZipWriterEntry[] = [];
  for (const file of osvCorpusFiles()) {
    let value: { id?: string; modified?: string; affected?: { package?: { ecosystem?: string } }[] };
    try {
      value = JSON.parse(file.text);
    } catch {
      continue;
    }
    if (!value.id || !value.modified || seen.has(value.id)) continue;
    if (!value.affected?.some((entry) => entry.package?.ecosystem === ecosystem)) continue;
    if (file.name.startsWith('osv-linter/nointroduced')) continue;
    seen.add(value.id);
    entries.push({ name: `${value.id}.json`, data: file.text });
  }
  return writeZip(entries);
}
