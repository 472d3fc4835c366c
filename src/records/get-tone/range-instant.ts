import { toInstant } from '../../http/validators';
import { localMidnight } from '../domain/zone-buckets';

/**
 * A dyad view's `from` or `to` as an ISO instant in UTC. A bare date is the instant its
 * day bucket starts in `zone` (the first instant the clock reads its 00:00 or later),
 * not luxon's reading, which takes the second of two midnights in some zones: a range
 * and its buckets must start at the same instant. Anything else is read as written.
 */
export function rangeInstant(value: string, zone = 'UTC'): string {
  const midnight = localMidnight(value, zone);
  return midnight === null ? toInstant(value, zone) : new Date(midnight).toISOString();
}
