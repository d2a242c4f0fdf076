/**
 * Maps each wire object once for every request holding it. Identical requests in flight share one upstream
 * read (src/http/single-flight.ts), so they hold the very same wire objects; each used to map them again.
 * `variant` must name everything else the mapping depends on (filter, customer, ...): one result per variant.
 *
 * What it returns is shared between requests, so it must never be mutated. Nothing in src mutates an
 * Invoice (a preview's `previewOf` goes on a copy, src/schema/preview.ts); keep it that way.
 * Authorization stays per request: loaders and resolvers check every item they hand out.
 */
export class MappedOnce<W extends object, T> {
  // Weak: a result lives as long as the wire page some request still holds, no longer.
  readonly #memo = new WeakMap<W, Map<string, T>>();

  get(wire: W, variant: string, map: (wire: W) => T): T {
    let byVariant = this.#memo.get(wire);
    if (byVariant === undefined) this.#memo.set(wire, (byVariant = new Map()));
    let mapped = byVariant.get(variant);
    if (mapped === undefined) byVariant.set(variant, (mapped = map(wire)));
    return mapped;
  }
}
