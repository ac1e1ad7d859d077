/** Runs the AWS CLI's own CloudTrail validator (awscli-validate-trail.py) over directory delivery targets. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const AWSCLI_SCRIPT = fileURLToPath(new URL('./awscli-validate-trail.py', import.meta.url));

export interface AwscliVerdict {
  readonly valid: string[];
  readonly invalid: string[];
  readonly logsOk: number;
  readonly logsBad: string[];
}

/** Runs the validator with the python3 on PATH or Debian's; fails loudly rather than skipping. Input: see the script's docstring. */
export function runAwscliValidator(input: object): AwscliVerdict[] {
  let last = '';
  for (const py of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(py, [AWSCLI_SCRIPT], { input: JSON.stringify(input), encoding: 'utf8', timeout: 120_000 });
    if (r.status === 0) return JSON.parse(r.stdout) as AwscliVerdict[];
    last = `${py}: ${r.stderr}`;
    if (!/No module named '(awscli|botocore|dateutil)/.test(r.stderr ?? '')) break;
  }
  throw new Error(`The AWS CLI validator did not run (install the AWS CLI: pip install awscli, or the Debian package awscli): ${last}`);
}
