import { execFile } from 'node:child_process';
import type { GitRunner } from './local-git.js';

/** A `GitRunner` that runs the real `git` in `directory`; a missing git or a failing command gives undefined. */
export function systemGit(directory: string): GitRunner {
  return (args) =>
    new Promise((resolve) => {
      execFile('git', ['-C', directory, ...args], { encoding: 'utf8', timeout: 10_000 }, (error, stdout) =>
        resolve(error ? undefined : stdout.trim()),
      );
    });
}
