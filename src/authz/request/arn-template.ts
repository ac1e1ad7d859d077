/**
 * ARN templates of the Service Authorization Reference (`arn:${Partition}:iam::${Account}:user/${UserNameWithPath}`):
 * their variables, filling them, and recognising an ARN given in the input as an instance of one.
 */

const VAR = /\$\{([A-Za-z0-9]+)\}/g;

const variablesOf = new Map<string, readonly string[]>();

/** The variable names of `template`, in order (memoised: templates come from a fixed catalog). */
export function templateVariables(template: string): readonly string[] {
  let vs = variablesOf.get(template);
  if (!vs) {
    vs = [...template.matchAll(VAR)].map((m) => m[1]!);
    variablesOf.set(template, vs);
  }
  return vs;
}

/** Fills every variable of `template`; undefined when one has no value. */
export function fillTemplate(template: string, value: (name: string) => string | undefined): string | undefined {
  let missing = false;
  const out = template.replace(VAR, (_m, name: string) => {
    const v = value(name);
    if (v === undefined) missing = true;
    return v ?? '';
  });
  return missing ? undefined : out;
}

const matchers = new Map<string, RegExp>();

/**
 * True when `arn` is an instance of `template`: literal parts equal, each variable a non-empty run
 * without `:` (the last variable may contain `:` and `/`, as resource names with paths do).
 */
export function matchesTemplate(template: string, arn: string): boolean {
  let re = matchers.get(template);
  if (!re) {
    const parts = template.split(VAR);
    let src = '^';
    for (let i = 0; i < parts.length; i++) {
      if (i % 2 === 0) src += parts[i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      else src += i === parts.length - 2 ? '.+' : '[^:]+';
    }
    re = new RegExp(src + '$');
    matchers.set(template, re);
  }
  return re.test(arn);
}
