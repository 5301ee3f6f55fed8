/** `npm run test:soak` sets SOAK=1: every count in the suite switches from its CI size to its soak size. */
const SOAK = process.env.SOAK === '1' || process.env.SOAK === 'true';

export function count(ci: number, soak: number): number {
	return SOAK ? soak : ci;
}

/** fast-check parameters: a fixed seed in CI can be overridden with FC_SEED to replay a failure. */
export function fcParams(ciRuns: number, soakRuns: number): { numRuns: number; seed?: number } {
	const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
	return { numRuns: count(ciRuns, soakRuns), ...(seed === undefined ? {} : { seed }) };
}
