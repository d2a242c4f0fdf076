/**
 * Parses Stripe form bodies and query strings the way Stripe does: `a[b][0][c]=x` becomes
 * `{a: {b: [{c: 'x'}]}}`. Numeric keys make arrays; they must be dense from 0 (Stripe refuses gaps).
 */
export type FormTree = string | FormTree[] | { [key: string]: FormTree };

export class FormParseError extends Error {
  constructor(
    message: string,
    readonly param: string,
  ) {
    super(message);
  }
}

const KEY = /^([^[\]]+)((?:\[[^[\]]*\])*)$/;

export function parseForm(body: string | URLSearchParams): Record<string, FormTree> {
  const params = typeof body === 'string' ? new URLSearchParams(body) : body;
  const root: Record<string, unknown> = {};
  for (const [rawKey, value] of params) {
    const match = KEY.exec(rawKey);
    if (!match) throw new FormParseError(`Invalid parameter name: ${rawKey}`, rawKey);
    const parts = [match[1] as string, ...[...(match[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] as string)];
    let node: Record<string, unknown> = root;
    for (let i = 0; i < parts.length - 1; i += 1) {
      const part = parts[i] as string;
      const existing = node[part];
      if (existing === undefined) node[part] = {};
      else if (typeof existing === 'string') throw new FormParseError(`Invalid hash: ${rawKey}`, rawKey);
      node = node[part] as Record<string, unknown>;
    }
    const last = parts.at(-1) as string;
    if (typeof node[last] === 'object') throw new FormParseError(`Invalid value for ${rawKey}`, rawKey);
    // `expand[]=a&expand[]=b`: empty brackets append.
    if (last === '') node[String(Object.keys(node).length)] = value;
    else node[last] = value;
  }
  return toArrays(root, '') as Record<string, FormTree>;
}

/** Objects whose keys are exactly 0..n-1 become arrays. */
function toArrays(node: unknown, path: string): FormTree {
  if (typeof node === 'string') return node;
  const object = node as Record<string, unknown>;
  const keys = Object.keys(object);
  const converted: Record<string, FormTree> = {};
  for (const key of keys) converted[key] = toArrays(object[key], path ? `${path}[${key}]` : key);
  if (keys.length > 0 && keys.every((key) => /^\d+$/.test(key))) {
    const indexes = keys.map(Number).sort((a, b) => a - b);
    if (indexes.some((value, i) => value !== i)) throw new FormParseError(`Invalid array: ${path} has gaps in its indexes`, path);
    return indexes.map((i) => converted[String(i)] as FormTree);
  }
  return converted;
}
