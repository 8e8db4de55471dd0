// Keeps the engine clock and the store in step: the clock's state is saved on every change and
// read back at start-up, and every change is followed by applying all transitions it made due,
// so a caller who advances the clock sees the jobs already moved when the answer arrives.

import type { Logger } from "pino";

import { errors } from "../arm/errors.js";
import type { Store } from "../store/store.js";
import { Clock, LATEST_ENGINE_TIME, isUsableClockState, type ClockState } from "./clock.js";
import type { JobService } from "./service.js";
import { formatTime } from "./time.js";

const CLOCK_KEY = "clock";

export interface ClockChange {
  freeze?: boolean;
  scale?: number;
  advanceMs?: number;
}

export interface ClockReport {
  now: string;
  mode: "running" | "frozen";
  scale: number;
}

/** Reads the saved clock, or starts one at real time; a given scale replaces the saved one. */
export async function loadClock(store: Store, scale: number, logger: Logger): Promise<Clock> {
  const saved = readSaved(await store.getMeta(CLOCK_KEY));
  if (saved === "unusable")
    logger.warn("the saved clock was unusable; it starts again at real time");
  const clock = saved && saved !== "unusable" ? new Clock(saved) : Clock.fresh(scale);
  if (clock.view().scale !== scale) clock.setScale(scale);
  await saveClock(store, clock);
  return clock;
}

function readSaved(text: string | undefined): ClockState | "unusable" | undefined {
  if (text === undefined) return undefined;
  try {
    const state = JSON.parse(text) as ClockState;
    return isUsableClockState(state, Date.now()) ? state : "unusable";
  } catch {
    return "unusable";
  }
}

async function saveClock(store: Store, clock: Clock): Promise<void> {
  await store.setMeta(CLOCK_KEY, JSON.stringify(clock.snapshot()));
}

export class ClockControl {
  /** Changes and refreshes run one at a time, so a refresh never undoes a change in flight. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly clock: Clock,
    private readonly store: Store,
    private readonly service: JobService,
    /** The scale the emulator was started with, which a reset returns to. */
    private readonly startScale: number,
  ) {}

  /** Back to real time, running at the start-up scale: what a reset of the emulator means. */
  restart(): Promise<void> {
    return this.serially(async () => {
      this.clock.load(Clock.fresh(this.startScale).snapshot());
      await saveClock(this.store, this.clock);
    });
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Adopts the clock saved in the store, which another process may have changed. */
  refresh(): Promise<void> {
    return this.serially(async () => {
      const saved = readSaved(await this.store.getMeta(CLOCK_KEY));
      if (saved && saved !== "unusable") this.clock.load(saved);
    });
  }

  now(): number {
    return this.clock.now();
  }

  view(): ClockReport {
    const { now, scale, frozen } = this.clock.view();
    return { now: formatTime(now), mode: frozen ? "frozen" : "running", scale };
  }

  /** Applies a change, refusing one that would take the clock past the latest time it shows. */
  async change(request: ClockChange): Promise<void> {
    await this.serially(() => this.apply(request));
    await this.service.catchUp();
  }

  private async apply({ freeze, scale, advanceMs }: ClockChange): Promise<void> {
    const trial = new Clock(this.clock.snapshot());
    if (freeze === true) trial.freeze();
    if (freeze === false) trial.unfreeze();
    if (scale !== undefined) trial.setScale(scale);
    if (advanceMs !== undefined) trial.advance(advanceMs);
    // Every change re-anchors, so the anchor is the unclamped time the change asks for.
    if (!(trial.snapshot().anchorEngineMs <= LATEST_ENGINE_TIME)) {
      throw errors.invalidInput(
        "ClockOutOfRange",
        `The clock can't go past ${new Date(LATEST_ENGINE_TIME).toISOString()}.`,
      );
    }

    this.clock.load(trial.snapshot());
    await saveClock(this.store, this.clock);
  }
}
