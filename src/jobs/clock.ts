// The engine's clock: the only source of "now" for jobs. It runs at a scale of real time, can be
// frozen, and can be moved forward. Its state lives in the store, so a restarted emulator (or
// another process on the same database) reads the same time.

/** Engine seconds per real second, at most: a year of jobs in about half a minute. */
export const MAX_TIME_SCALE = 1_000_000;

/**
 * The clock never passes this instant, so every time it shows, and every job time derived from
 * it (tasks run at most years), still has a four-digit year as Azure writes times.
 */
export const LATEST_ENGINE_TIME = Date.UTC(9000, 0, 1);

/** Whether a saved clock state can be used: finite numbers, a usable scale, a sane time. */
export function isUsableClockState(state: ClockState, realNow: number): boolean {
  const { anchorEngineMs, anchorRealMs, scale, frozen } = state;
  if (![anchorEngineMs, anchorRealMs, scale].every(Number.isFinite)) return false;
  if (scale <= 0 || scale > MAX_TIME_SCALE || typeof frozen !== "boolean") return false;
  const now = new Clock(state, () => realNow).now();
  return Number.isFinite(now) && now >= 0 && now <= LATEST_ENGINE_TIME;
}

export interface ClockState {
  /** Engine time at the anchor, ms since the Unix epoch. */
  anchorEngineMs: number;
  /** Real time at the anchor, ms since the Unix epoch. */
  anchorRealMs: number;
  /** Engine seconds per real second. */
  scale: number;
  frozen: boolean;
}

export interface ClockView {
  now: number;
  scale: number;
  frozen: boolean;
}

export type RealTime = () => number;

export class Clock {
  private state: ClockState;

  constructor(
    state: ClockState,
    private readonly realNow: RealTime = Date.now,
  ) {
    this.state = { ...state };
  }

  /** A running clock that starts at real time. */
  static fresh(scale: number, realNow: RealTime = Date.now): Clock {
    const real = realNow();
    return new Clock({ anchorEngineMs: real, anchorRealMs: real, scale, frozen: false }, realNow);
  }

  /** Never past LATEST_ENGINE_TIME: a fast clock left running stops there rather than overflow. */
  now(): number {
    const { anchorEngineMs, anchorRealMs, scale, frozen } = this.state;
    if (frozen) return anchorEngineMs;
    return Math.min(anchorEngineMs + (this.realNow() - anchorRealMs) * scale, LATEST_ENGINE_TIME);
  }

  view(): ClockView {
    return { now: this.now(), scale: this.state.scale, frozen: this.state.frozen };
  }

  snapshot(): ClockState {
    return { ...this.state };
  }

  /** Adopts a state read from the store (written by this or another process). */
  load(state: ClockState): void {
    this.state = { ...state };
  }

  /** Re-anchors at the current engine time, so changes never make time jump backwards. */
  private reanchor(): void {
    this.state.anchorEngineMs = this.now();
    this.state.anchorRealMs = this.realNow();
  }

  setScale(scale: number): void {
    this.reanchor();
    this.state.scale = scale;
  }

  freeze(): void {
    this.reanchor();
    this.state.frozen = true;
  }

  unfreeze(): void {
    this.reanchor();
    this.state.frozen = false;
  }

  advance(ms: number): void {
    this.reanchor();
    this.state.anchorEngineMs += ms;
  }
}
