/**
 * Stripe's request encoding: application/x-www-form-urlencoded with nested keys in brackets and arrays
 * indexed (`subscription_details[items][0][price]=price_x`), null sent as '' (Stripe reads '' as "unset"),
 * booleans as true/false. Brackets stay unencoded, as the official SDKs send them, so the body billgraph
 * sends equals the SDK's for the same parameters.
 */
export type FormValue = string | number | bigint | boolean | null | undefined | FormValue[] | { [key: string]: FormValue };

function encodeComponent(text: string): string {
  return encodeURIComponent(text)
    .replace(/!/g, '%21')
    .replace(/\*/g, '%2A')
    .replace(/\(/g, '%28')
    .replace(/\)/g, '%29')
    .replace(/'/g, '%27')
    .replace(/%5B/g, '[')
    .replace(/%5D/g, ']');
}

/** Encodes params in their key order (objects keep insertion order, arrays are indexed). */
export function encodeForm(params: Record<string, FormValue>): string {
  const pairs: string[] = [];
  const visit = (key: string, value: FormValue): void => {
    if (value === undefined) return;
    if (value === null || typeof value !== 'object') {
      pairs.push(`${encodeComponent(key)}=${encodeComponent(value === null ? '' : String(value))}`);
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item, index) => visit(`${key}[${index}]`, item));
      return;
    }
    for (const [child, item] of Object.entries(value)) visit(`${key}[${child}]`, item);
  };
  for (const [key, value] of Object.entries(params)) visit(key, value);
  return pairs.join('&');
}
