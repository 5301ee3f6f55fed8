import { z } from 'zod';

const discoveredSchema = z.object({
	feeds: z.array(z.object({ url: z.string(), title: z.string().nullable().optional(), kind: z.string().optional() }))
});

export type FeedCandidate = z.infer<typeof discoveredSchema>['feeds'][number];

interface Requester {
	request<T>(path: string, options: { body: unknown }): Promise<T>;
}

/** POST /api/discover: the feeds at a page or feed address (the server tries https, then http, when none is typed). */
export async function discoverFeeds(api: Requester, address: string): Promise<FeedCandidate[]> {
	return discoveredSchema.parse(await api.request('/discover', { body: { url: address } })).feeds;
}
