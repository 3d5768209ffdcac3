/**
 * One mathjs instance for the whole project, configured for BigNumber so that byte counts up to 10^18
 * and beyond stay exact, and so that unit strings ("16 TB", "8 Mb/s") parse into exact values.
 */
import { createRequire } from 'node:module';
import type { all as allFactories, BigNumber, create as createMath } from 'mathjs';

type MathJs = ReturnType<typeof createMath>;
let instance: MathJs | undefined;

// mathjs's package entry loads ~1 s of modules (ESM) or ~0.7 s (CJS); its single-file bundle loads in
// ~0.25 s and is the same library, which keeps `vstor plan` starting in well under a second. It is loaded
// on first use: an audit that prints JSON needs no decimal arithmetic, and starts ~0.12 s sooner.
function load(): MathJs {
  if (!instance) {
    const mathjs = createRequire(import.meta.url)('mathjs/lib/browser/math.js') as { create: typeof createMath; all: typeof allFactories };
    instance = mathjs.create(mathjs.all, { number: 'BigNumber', precision: 64 });
  }
  return instance;
}

export const math: MathJs = new Proxy({} as MathJs, { get: (_target, key) => Reflect.get(load(), key) });

export type Big = BigNumber;

export function big(value: number | string | bigint | Big): Big {
  if (typeof value === 'bigint') return math.bignumber(value.toString());
  return math.bignumber(value as never) as Big;
}

/** Rounds up to a whole number: storage is bought whole, so any fraction of a byte or disk counts. */
export function ceilToBigInt(value: Big): bigint {
  return BigInt(value.ceil().toFixed(0));
}

export function floorToBigInt(value: Big): bigint {
  return BigInt(value.floor().toFixed(0));
}

export function toBig(value: bigint): Big {
  return big(value.toString());
}

/** A decimal as an exact fraction of bigints: 0.7 -> 7/10. For hot loops that must not use BigNumber. */
export function toRatio(value: Big): { num: bigint; den: bigint } {
  const [n, d] = (value as unknown as { toFraction(): [Big, Big] }).toFraction();
  return { num: BigInt(n.toFixed(0)), den: BigInt(d.toFixed(0)) };
}

/** Thousandths of a quantity, rounded up: bit rates and watts in whole milli-units for bigint sums. */
export function milli(value: Big): bigint {
  return ceilToBigInt(value.mul(1000));
}
