import { entryPageSchema, type EntryPage, type EntryPageRequest } from '$lib/shared/entry-pages';

interface Requester {
	request<T>(path: string): Promise<T>;
}

/** GET /api/entries: one page of a view's entries as the server has them (see docs/api.md). */
export async function fetchEntryPage(api: Requester, query: EntryPageRequest): Promise<EntryPage> {
	const params = new URLSearchParams();
	for (const [name, value] of Object.entries(query)) {
		if (value !== undefined) params.set(name, String(value));
	}
	return entryPageSchema.parse(await api.request(`/entries?${params}`));
}
