/**
 * A position in the global log, as clients see it: an opaque string token that sorts
 * in log order and can be handed back to resume. Clients never do arithmetic on it.
 *
 * Internally it is EventStoreDB's (commit, prepare) pair; the embedded store uses its
 * global sequence for both halves. Each half is fixed-width hex so that plain string
 * comparison gives log order.
 */
export type Position = string & { readonly __brand: 'Position' };

const HALF_WIDTH = 16;
const TOKEN_PATTERN = /^[0-9a-f]{32}$/;

export function positionOf(commit: bigint, prepare: bigint = commit): Position {
  return (commit.toString(16).padStart(HALF_WIDTH, '0') +
    prepare.toString(16).padStart(HALF_WIDTH, '0')) as Position;
}

export function positionParts(position: Position): { commit: bigint; prepare: bigint } {
  return {
    commit: BigInt(`0x${position.slice(0, HALF_WIDTH)}`),
    prepare: BigInt(`0x${position.slice(HALF_WIDTH)}`),
  };
}

export function isPositionToken(value: string): value is Position {
  return TOKEN_PATTERN.test(value);
}

export function comparePositions(a: Position, b: Position): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
