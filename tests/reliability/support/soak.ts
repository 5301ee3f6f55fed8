/** `npm run test:soak` sets SOAK=1: every count in the suite switches from its CI size to its soak size. */
const SOAK = process.env.SOAK === '1' || process.env.SOAK === 'true';

export function count(ci: number, soak: number): number {
	return SOAK ? soak : ci;
}

/**
 * The seed of a randomized test: the one in `variable` to replay a failure, else a new one each soak run (to
 * explore), else a fixed one, so the bounded runs of `npm test` try the same cases every time.
 */
export function seedFrom(variable: string): number {
	const given = process.env[variable];
	if (given) return Number(given);
	return SOAK ? Date.now() % 1_000_000 : 20_261_127;
}

/** fast-check parameters, with the seed as `seedFrom('FC_SEED')` gives it. */
export function fcParams(ciRuns: number, soakRuns: number): { numRuns: number; seed: number } {
	return { numRuns: count(ciRuns, soakRuns), seed: seedFrom('FC_SEED') };
}
