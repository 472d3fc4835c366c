import type { FieldProblem } from './problem';

/**
 * How deep a body or query may nest. The deepest input parley takes is a correction's
 * `changes.citation.url`; the bound is far above that and far below where
 * class-transformer's and Nest's recursive walks overflow the stack (a `[[[…]]]` two
 * thousand levels deep, a few kilobytes of JSON, answered 500 before this check).
 */
export const MAX_INPUT_DEPTH = 32;

/**
 * The names of `Object.prototype`'s members. class-validator looks a field up in a
 * plain object, so an unknown field named `constructor`, `hasOwnProperty` or
 * `__defineGetter__` is taken for a declared one and passes `forbidNonWhitelisted`;
 * Nest's pipe then drops `constructor` and `__proto__` without a word. No DTO declares
 * such a field, so each is refused as the unknown field it is.
 */
const PROTOTYPE_MEMBERS: ReadonlySet<string> = new Set([
  ...Object.getOwnPropertyNames(Object.prototype),
  // Not a member, but Nest's pipe drops it silently too.
  'prototype',
]);

/**
 * A UTF-16 surrogate standing alone. JSON's `"\ud800"` escape parses to one; the log
 * keeps it (as the escape), but SQLite stores text as UTF-8, where it becomes U+FFFD, so
 * the read models would show another string than the one recorded.
 */
const LONE_SURROGATE = /\p{Cs}/u;

/** Enough to say what is wrong without echoing a hostile body back at length. */
const MAX_PROBLEMS = 20;

/**
 * What is wrong with the shape of a parsed body or query before any DTO sees it: a key
 * named after a member of `Object.prototype`, nesting deeper than
 * {@link MAX_INPUT_DEPTH}, or text that is not well-formed Unicode (a lone surrogate).
 * The walk is iterative, so no input can overflow it.
 */
export function inputShapeProblems(value: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const pending: { value: unknown; path: string; depth: number }[] = [
    { value, path: '', depth: 0 },
  ];
  while (pending.length > 0 && problems.length < MAX_PROBLEMS) {
    const next = pending.pop() as (typeof pending)[number];
    if (typeof next.value === 'string' && LONE_SURROGATE.test(next.value)) {
      problems.push({
        field: next.path,
        message: 'text must be well-formed Unicode: it holds a lone surrogate',
      });
      continue;
    }
    if (next.value === null || typeof next.value !== 'object') continue;
    if (next.depth >= MAX_INPUT_DEPTH) {
      problems.push({
        field: next.path,
        message: `the input nests more than ${MAX_INPUT_DEPTH} levels deep`,
      });
      continue;
    }
    for (const key of Object.keys(next.value)) {
      const path = next.path === '' ? key : `${next.path}.${key}`;
      if (PROTOTYPE_MEMBERS.has(key) || LONE_SURROGATE.test(key)) {
        problems.push({ field: path, message: `property ${key} should not exist` });
        continue;
      }
      pending.push({
        value: (next.value as Record<string, unknown>)[key],
        path,
        depth: next.depth + 1,
      });
    }
  }
  return problems;
}
