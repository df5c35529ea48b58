/** The simulator's seeded generator (mulberry32): the same seed gives the same sequence of decisions. */
export { seededRandom as seeded } from '../../../../native/simulator/line-faults';

export const pick = <T>(random: () => number, xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
