/**
 * File-system failures the user can fix by changing a path (a folder under a file, no permission, a full
 * disk), in words: the only such failures that are input errors (exit 3) rather than internal ones.
 */
export const pathProblems: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'is a folder',
  EEXIST: 'already exists',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'name too long',
};

/** `pathProblems[code]` for a code it lists (own keys only), else undefined. */
export function pathProblem(code: string | undefined): string | undefined {
  return code !== undefined && Object.hasOwn(pathProblems, code) ? pathProblems[code] : undefined;
}
