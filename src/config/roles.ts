/**
 * What a key may do (DESIGN.md, "Roles"): `analyst` reads, `recorder` writes records,
 * `operator` replays and rebuilds, `subscriber` consumes feeds. A key may hold several.
 */
export const ROLES = ['analyst', 'recorder', 'operator', 'subscriber'] as const;

export type Role = (typeof ROLES)[number];

export function isRole(text: string): text is Role {
  return (ROLES as readonly string[]).includes(text);
}
