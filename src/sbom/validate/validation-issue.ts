/**
 * One violation: where (a JSON Pointer, RFC 6901, for JSON documents; `line N` for XML, which xmllint
 * locates by line only) and what, in words a reader can act on.
 */
export interface ValidationIssue {
  path: string;
  message: string;
}
