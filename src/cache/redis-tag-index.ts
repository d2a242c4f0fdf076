import type { Redis } from 'ioredis';
import { CLOCK_SKEW_MS, EVICTION_MARK_MS } from './cache-tags.js';

/** Where the index of one tag lives: a sorted set of the entry keys stored with it, scored by when they expire. */
export const tagKey = (tag: string) => `tag:${tag}`;
/** When the tag was last evicted (ms since epoch), kept EVICTION_MARK_MS. */
const markKey = (tag: string) => `evicted:${tag}`;

/**
 * Writes an entry and its tag index atomically, unless one of its tags was evicted after the answer's reads began
 * (then it may hold what the event changed: not stored, returns 0). Each tag's sorted set gains the key scored by its
 * expiry, drops keys already expired, and lives at least as long as its longest entry (NX sets a first expiry, GT
 * only lengthens). KEYS: the entry, then (tag set, eviction mark) pairs. ARGV: value, lifetime ms or "inf", now,
 * reads began, the entry key without the prefix (the member EVICT_SCRIPT prefixes again).
 */
const WRITE_SCRIPT = `
for i = 3, #KEYS, 2 do
  local mark = redis.call('GET', KEYS[i])
  if mark and tonumber(mark) >= tonumber(ARGV[4]) then return 0 end
end
local forever = ARGV[2] == 'inf'
if forever then redis.call('SET', KEYS[1], ARGV[1]) else redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) end
local expires = forever and '+inf' or tostring(tonumber(ARGV[3]) + tonumber(ARGV[2]))
for i = 2, #KEYS, 2 do
  redis.call('ZADD', KEYS[i], expires, ARGV[5])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', ARGV[3])
  if forever then redis.call('PERSIST', KEYS[i]) else
    redis.call('PEXPIRE', KEYS[i], ARGV[2], 'NX')
    redis.call('PEXPIRE', KEYS[i], ARGV[2], 'GT')
  end
end
return 1`;

/**
 * Deletes the entries of every tag set and the sets, and marks each tag evicted, in one atomic step: an entry
 * written while it runs is either already indexed (and goes) or refused by the mark. KEYS: (tag set, eviction mark)
 * pairs. ARGV: the key prefix (members are stored without it), now, mark lifetime ms.
 * Entry keys are built from members, so this needs one Redis, not a cluster.
 */
const EVICT_SCRIPT = `
local evicted = 0
for i = 1, #KEYS, 2 do
  for _, entry in ipairs(redis.call('ZRANGE', KEYS[i], 0, -1)) do
    evicted = evicted + redis.call('DEL', ARGV[1] .. entry)
  end
  redis.call('DEL', KEYS[i])
  redis.call('SET', KEYS[i + 1], ARGV[2], 'PX', ARGV[3])
end
return evicted`;

/** The connection is shared with other users (src/redis), so the cache prefixes its keys itself. */
export function writeTagged(
  redis: Redis,
  keyPrefix: string,
  entry: { key: string; value: string; tags: readonly string[] },
  ttl: number,
  readsBegan: number,
) {
  const lifetime = Number.isFinite(ttl) ? String(Math.max(1, Math.round(ttl))) : 'inf';
  const keys = [entry.key, ...entry.tags.flatMap((tag) => [tagKey(tag), markKey(tag)])].map((key) => keyPrefix + key);
  return redis.eval(WRITE_SCRIPT, keys.length, ...keys, entry.value, lifetime, Date.now(), readsBegan - CLOCK_SKEW_MS, entry.key);
}

export async function evictTags(redis: Redis, tags: readonly string[], keyPrefix: string): Promise<number> {
  const keys = tags.flatMap((tag) => [tagKey(tag), markKey(tag)]).map((key) => keyPrefix + key);
  return (await redis.eval(EVICT_SCRIPT, keys.length, ...keys, keyPrefix, Date.now(), EVICTION_MARK_MS)) as number;
}
