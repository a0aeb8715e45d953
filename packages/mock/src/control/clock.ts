/** The mock's clock under control: a speed factor (`clockFactor`) and jumps ahead (`POST /__mock/clock`). */

/** A clock running `factor` times faster than its base, plus whatever it was advanced by. */
export class MockClock {
  private baseOrigin: number;
  private origin: number;
  private factorValue: number;
  private advanced = 0;

  constructor(
    private readonly base: () => number,
    factor = 1,
  ) {
    if (!MockClock.validFactor(factor))
      throw new RangeError(`clockFactor must be a number in (0, 10000], got ${factor}`);
    this.factorValue = factor;
    this.baseOrigin = base();
    this.origin = this.baseOrigin;
  }

  /** Whether `factor` is a usable speed: positive, finite and at most 10,000. */
  static validFactor(factor: unknown): factor is number {
    return typeof factor === 'number' && Number.isFinite(factor) && factor > 0 && factor <= 10_000;
  }

  /** Epoch ms now, on the mock's time line. */
  readonly now = (): number => this.origin + (this.base() - this.baseOrigin) * this.factorValue + this.advanced;

  /** The speed factor. */
  get factor(): number {
    return this.factorValue;
  }

  /** Total ms the clock was moved ahead by hand since the last reset. */
  get advancedMs(): number {
    return this.advanced;
  }

  /** Changes the speed from now on (time so far is kept). */
  setFactor(factor: number): void {
    if (!MockClock.validFactor(factor))
      throw new RangeError(`clockFactor must be a number in (0, 10000], got ${factor}`);
    const now = this.now() - this.advanced;
    this.baseOrigin = this.base();
    this.origin = now;
    this.factorValue = factor;
  }

  /** Moves the clock ahead by `ms`. */
  advance(ms: number): void {
    this.advanced += ms;
  }

  /** Forgets the hand-made jumps (the speed stays). */
  resetAdvance(): void {
    this.advanced = 0;
  }
}
