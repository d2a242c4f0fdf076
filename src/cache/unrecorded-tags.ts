import { CacheTags } from './cache-tags.js';

/**
 * The tags of an operation no response cache keeps: only the cache reads tags, so naming and collecting
 * them for every invoice read would be work thrown away (src/server/context.ts).
 */
export class UnrecordedCacheTags extends CacheTags {
  override customer(): void {}

  override invoice(): void {}
}
