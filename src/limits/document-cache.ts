import type { DocumentNode } from 'graphql';

/**
 * A small LRU for Yoga's parsed-document cache that never keeps large documents: the operations a real
 * client sends are small and repeat; hostile documents are large and unique, and caching them would hold
 * megabytes per attacker request (Yoga's default caches 1,000 documents of any size).
 */
export function boundedDocumentCache<T>(
  maxEntries: number,
  maxKeyLength: number,
): { get(key: string): T | undefined; set(key: string, value: T): void } {
  const entries = new Map<string, T>();
  return {
    get(key) {
      const value = entries.get(key);
      if (value !== undefined) {
        entries.delete(key);
        entries.set(key, value);
      }
      return value;
    },
    set(key, value) {
      if (key.length > maxKeyLength) return;
      entries.delete(key);
      entries.set(key, value);
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    },
  };
}

/** Yoga's parse/validate caches: only small documents kept, never a failure (see boundedDocumentCache). */
export function boundedParserAndValidationCache() {
  return {
    documentCache: boundedDocumentCache<DocumentNode>(100, 2_048),
    // Failed documents are not worth remembering: a caller who repeats a broken one pays the parse again.
    errorCache: { get: () => undefined, set: () => {} },
    // Validation results are held in WeakMaps keyed by the parsed document, so they live exactly as long as
    // the bounded document cache keeps that document: repeated operations skip validation entirely.
    validationCache: true,
  };
}
