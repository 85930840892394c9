// An endpoint as an ordered list of named steps (DESIGN habit 1); the list is the spec.
//
// A step reads the state the steps before it established and returns what it adds (or nothing).
// Each `.step(...)` widens the state type by what that step returns, so a step's parameter type
// says which earlier steps it needs and the compiler checks the order: no step needs a `!`.
// A step may instead end the endpoint early with `stop(result)` (a login page, a confirmation).
//
// The runner adds each step's result to the state object it was given. A caller that handles a
// step's error therefore sees what the steps before it established: type that view `In & Partial<Out>`.

/** A step's request to end the pipeline here with `result` as the endpoint's answer. */
export class Stop<R> {
  constructor(readonly result: R) {}
}

export const stop = <R>(result: R): Stop<R> => new Stop(result);

type StepResult<Add, R> = Add | Stop<R> | void;

/** A step from state `In`, adding `Add`; `R` is what it may stop with. */
export type Step<In, Add extends object = object, R = never> = (state: In) => StepResult<Add, R> | Promise<StepResult<Add, R>>;

/** A pipeline that cannot stop early yields its final state; one that can, that or a Stop. */
export type Outcome<Out, R> = [R] extends [never] ? Out : Out | Stop<R>;

export class Pipeline<In extends object, Out extends object, R = never> {
  private constructor(private readonly steps: readonly Step<never, object, R>[]) {}

  /** An empty pipeline over requests of type `In` that may stop with an `R`. */
  static over<In extends object, R = never>(): Pipeline<In, In, R> {
    return new Pipeline<In, In, R>([]);
  }

  /** A new pipeline: these steps, then `step`. */
  step<Add extends object = object>(step: Step<Out, Add, R>): Pipeline<In, Out & Add, R> {
    return new Pipeline<In, Out & Add, R>([...this.steps, step as Step<never, object, R>]);
  }

  /** The step names in order (the function names), for logs and tests. */
  get names(): string[] {
    return this.steps.map((s) => s.name);
  }

  /** Runs the steps in order, adding each result to `state`; stops at the first Stop. */
  async run(state: In): Promise<Outcome<Out, R>> {
    for (const step of this.steps) {
      const added = await (step as Step<In, object, R>)(state);
      if (added instanceof Stop) return added as Outcome<Out, R>;
      if (added) Object.assign(state, added);
    }
    // Every step ran, so every step's additions are present.
    return state as unknown as Outcome<Out, R>;
  }
}

/** Starts a pipeline over requests of type `In` (which may stop with an `R`). */
export const pipeline = <In extends object, R = never>(): Pipeline<In, In, R> => Pipeline.over<In, R>();
