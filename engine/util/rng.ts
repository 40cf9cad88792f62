/**
 * Seeded pseudo-random numbers that give the same sequence on every machine and engine.
 *
 * Only 32-bit integer arithmetic (Math.imul, >>>) is used, so the results do not depend on
 * floating-point details of the platform. sfc32 is small, fast and passes PractRand to 2^40.
 */
export interface Rng {
  /** A float in [0, 1). */
  next(): number
  /** An integer in [0, n). */
  int(n: number): number
  /** A 32-bit unsigned integer. */
  uint32(): number
}

/** Mixes a string or number into a 32-bit seed (cyrb-style), so related seeds diverge quickly. */
export function seedFrom(...parts: (string | number)[]): number {
  let h = 0x9e3779b9
  for (const part of parts) {
    const s = String(part)
    for (let i = 0; i < s.length; i++) {
      h = Math.imul(h ^ s.charCodeAt(i), 0x85ebca6b)
      h ^= h >>> 13
    }
    h = Math.imul(h ^ 0x2c, 0xc2b2ae35) // separator between parts
    h ^= h >>> 16
  }
  return h >>> 0
}

export function createRng(seed: number): Rng {
  let a = 0x9e3779b9
  let b = 0x243f6a88
  let c = 0xb7e15162
  let d = seed >>> 0
  const uint32 = (): number => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0
    let t = (a + b) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    d = (d + 1) | 0
    t = (t + d) | 0
    c = (c + t) | 0
    return t >>> 0
  }
  // Discard the first outputs: sfc32 needs a few rounds to mix a weak seed.
  for (let i = 0; i < 12; i++) uint32()
  return {
    uint32,
    next: () => uint32() / 4294967296,
    int: (n: number) => Math.floor((uint32() / 4294967296) * n),
  }
}

/** A1111 draws random seeds in [0, 4294967294); we draw concrete seeds from the same range. */
export const MAX_SEED = 4294967294

export function randomSeed(rng: Rng): number {
  return rng.int(MAX_SEED)
}
