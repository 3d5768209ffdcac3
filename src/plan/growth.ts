/**
 * Growth over the plan's life: every camera group's channels and every capture group's devices grown by
 * the same share, rounded up to whole cameras. The grown plan is computed like any other and shown as
 * lines of its own; it never changes the figures of the plan as given. Pure.
 */
import type { Big } from '../units/decimal.ts';
import type { PlanInput } from './model.ts';

function grow(n: number, fraction: Big): number {
  return Number(fraction.add(1).mul(n).ceil().toFixed(0));
}

export function grownInput(input: PlanInput, fraction: Big): PlanInput {
  return {
    ...input,
    cameras: input.cameras.map((g) => ({ ...g, channels: grow(g.channels, fraction) })),
    captures: input.captures.map((g) => ({ ...g, devices: grow(g.devices, fraction) })),
    growth: undefined,
    notes: [],
  };
}
