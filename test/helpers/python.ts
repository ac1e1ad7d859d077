import { spawnSync } from 'node:child_process';

let cached: string | undefined;

/**
 * A python3 interpreter that can import boto3: the one on PATH (pip) or Debian's
 * /usr/bin/python3 (package python3-boto3, which .ci/run installs when missing).
 * Fails loudly rather than letting a test skip.
 */
export function pythonWithBoto3(): string {
  if (cached) return cached;
  for (const py of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(py, ['-c', 'import boto3'], { encoding: 'utf8' });
    if (r.status === 0) return (cached = py);
  }
  throw new Error('No python3 with boto3 found: install the Debian package python3-boto3 (.ci/run does this).');
}
