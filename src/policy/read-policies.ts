import { join } from 'node:path';
import type { FileSystem } from '../io/file-system.js';
import { type CompiledPolicy, checkPolicySet, loadPolicy } from './load-policy.js';
import { builtinPackFile, builtinPackYaml } from './packs/builtin.js';
import { PolicyError } from './policy-error.js';

/** The built-in pack, compiled (the default policy of `policy eval` and the release flow). */
export function builtinPolicy(): CompiledPolicy {
  return loadPolicy(builtinPackYaml, builtinPackFile);
}

function isPolicyFile(name: string): boolean {
  return /\.ya?ml$/i.test(name) && !/\.policytest\.ya?ml$/i.test(name);
}

/**
 * `--policy FILE|DIR`: one policy file, or every `*.yaml`/`*.yml` directly in a directory (not
 * `*.policytest.yaml`), in name order. `builtin` names the built-in pack.
 *
 * @throws PolicyError POLICY_INVALID (a broken policy, a directory without policies, a rule id twice);
 *   InputError when a path cannot be read
 */
export async function readPolicies(
  paths: readonly string[],
  fileSystem: FileSystem,
): Promise<CompiledPolicy[]> {
  const policies: CompiledPolicy[] = [];
  for (const path of paths) {
    if (path === 'builtin') {
      policies.push(builtinPolicy());
      continue;
    }
    if ((await fileSystem.kind(path)) === 'directory') {
      const names: string[] = [];
      for (const entry of await fileSystem.readDirectory(path)) {
        if (entry.isDirectory || !isPolicyFile(entry.name)) continue;
        // A symbolic link to a policy (`org.yaml -> ../shared/org.yaml`) is a policy too: skipping it would
        // switch its rules off without a word. What it points at must be a file.
        if (entry.isFile || (await fileSystem.kind(join(path, entry.name))) === 'file')
          names.push(entry.name);
      }
      names.sort();
      if (names.length === 0) {
        throw new PolicyError({
          code: 'POLICY_INVALID',
          file: path,
          message: 'no policy files (*.yaml, *.yml) in this directory',
        });
      }
      for (const name of names) {
        const file = join(path, name);
        policies.push(loadPolicy((await fileSystem.readFile(file)).toString('utf8'), file));
      }
      continue;
    }
    policies.push(loadPolicy((await fileSystem.readFile(path)).toString('utf8'), path));
  }
  checkPolicySet(policies);
  return policies;
}
