/**
 * A stable actor slug: `donald-trump`, `kremlin`, `rus`. Every capability names actors
 * by it (a dyad is two of them), so its shape is shared vocabulary, not the actors
 * capability's alone.
 */
export const ACTOR_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
