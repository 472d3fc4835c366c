/**
 * Given / when / then for a pure decider, in the shape of Emmett's `DeciderSpecification`:
 *
 * ```ts
 * const spec = deciderSpec({ decide: decideActor, evolve: evolveActor, initialState: initialActorState });
 * spec.given([registered]).when(affiliate(presidency)).then([affiliated]);
 * spec.given([registered]).when(registerAgain).thenNothing();
 * spec.given([]).when(affiliate(presidency)).thenRefuses(NotFound);
 * spec.given([registered]).when(selfParent).thenRefuses(Refused, 'affiliation-cycle', 'parent');
 * ```
 *
 * The state is the given events folded with `evolve` from `initialState`, as the write
 * side folds a stream before it decides; `decide` takes `(state, command)`, as parley's do.
 */
export interface Decider<State, Command, Event> {
  readonly decide: (state: State, command: Command) => readonly Event[];
  readonly evolve: (state: State, event: Event) => State;
  readonly initialState: State;
}

/** An error class (the refusal's type, and so its HTTP status), or a test of the error. */
export type RefusalMatcher =
  (abstract new (...args: never[]) => Error) | ((error: unknown) => boolean);

export interface DeciderWhen<State, Event> {
  /**
   * The command records exactly these events, in this order. Returns the state after
   * them, for a test that also checks how `evolve` reads them.
   */
  then(expected: readonly Event[]): State;
  /** The command records nothing: it is already so (a retry, a repeat). */
  thenNothing(): void;
  /**
   * The command is refused with an error of this class (or one the test's function
   * accepts). With a class, the refusal must carry `slug` when one is given, and must
   * name exactly `field` as the input at fault: no field given, none named.
   */
  thenRefuses(expected: RefusalMatcher, slug?: string, field?: string): void;
}

export interface DeciderSpec<State, Command, Event> {
  /** The events already on the stream; `[]` for a stream with none. */
  readonly given: (events: readonly Event[]) => {
    when(command: Command): DeciderWhen<State, Event>;
  };
}

export function deciderSpec<State, Command, Event>(
  decider: Decider<State, Command, Event>,
): DeciderSpec<State, Command, Event> {
  const { decide, evolve, initialState } = decider;
  return {
    given: (history) => ({
      when(command) {
        // Folded per test, never shared: each case starts from its own history.
        const state = history.reduce(evolve, initialState);
        const decided = (): readonly Event[] => decide(state, command);
        return {
          then(expected) {
            const events = decided();
            expect(events).toEqual(expected);
            return events.reduce(evolve, state);
          },
          thenNothing() {
            expect(decided()).toEqual([]);
          },
          thenRefuses(expected, slug, field) {
            let events: readonly Event[] | undefined;
            let error: unknown;
            try {
              events = decided();
            } catch (caught) {
              error = caught;
            }
            if (events !== undefined) {
              throw new Error(
                `Expected the command to be refused, but it recorded ${JSON.stringify(events)}`,
              );
            }
            if (!isErrorClass(expected)) {
              expect(expected(error)).toBe(true);
              return;
            }
            expect(error).toBeInstanceOf(expected);
            // The slug and field are what a client reads in the problem+json answer.
            const refusal = error as { slug?: unknown; field?: unknown };
            expect({ slug: refusal.slug, field: refusal.field }).toEqual({
              slug: slug ?? refusal.slug,
              field,
            });
          },
        };
      },
    }),
  };
}

function isErrorClass(
  matcher: RefusalMatcher,
): matcher is abstract new (...args: never[]) => Error {
  // A class has a prototype that is an Error's; an arrow function has no prototype.
  const prototype: unknown = (matcher as { prototype?: unknown }).prototype;
  return prototype instanceof Error || matcher === Error;
}
