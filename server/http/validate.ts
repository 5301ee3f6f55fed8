import type { z } from 'zod';
import { fromZodError } from './errors';

/** Parses a request part with its schema, or throws a 400 carrying zod's issues. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, what = 'request'): z.infer<S> {
	const result = schema.safeParse(value);
	if (!result.success) throw fromZodError(result.error, what);
	return result.data;
}
