export * from './errors.js';
export { writeFileAtomic } from './io/atomic-write.js';
export type { DirectoryEntry, FileSystem } from './io/file-system.js';
export { nodeFileSystem } from './io/file-system.js';
export type { Clock, Environment } from './runtime.js';
export { fixedClock, systemClock } from './runtime.js';
export * from './sbom/index.js';
export * from './signing/index.js';
export * from './signing/verify/index.js';
