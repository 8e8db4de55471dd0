// Keeps the engine clock and the store in step: the clock's state is saved on every change and
// read back at start-up, and every change is followed by applying all transitions it made due,
// so a caller who advances the clock sees the jobs already moved when the answer arrives.

import type { Store } from "../store/store.js";
import { Clock, type ClockState } from "./clock.js";
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
export async function loadClock(store: Store, scale: number): Promise<Clock> {
  const saved = await store.getMeta(CLOCK_KEY);
  const clock = saved ? new Clock(JSON.parse(saved) as ClockState) : Clock.fresh(scale);
  if (clock.view().scale !== scale) clock.setScale(scale);
  await saveClock(store, clock);
  return clock;
}

async function saveClock(store: Store, clock: Clock): Promise<void> {
  await store.setMeta(CLOCK_KEY, JSON.stringify(clock.snapshot()));
}

export class ClockControl {
  constructor(
    private readonly clock: Clock,
    private readonly store: Store,
    private readonly service: JobService,
  ) {}

  view(): ClockReport {
    const { now, scale, frozen } = this.clock.view();
    return { now: formatTime(now), mode: frozen ? "frozen" : "running", scale };
  }

  async change({ freeze, scale, advanceMs }: ClockChange): Promise<void> {
    if (freeze === true) this.clock.freeze();
    if (freeze === false) this.clock.unfreeze();
    if (scale !== undefined) this.clock.setScale(scale);
    if (advanceMs !== undefined) this.clock.advance(advanceMs);

    await saveClock(this.store, this.clock);
    await this.service.catchUp();
  }
}
