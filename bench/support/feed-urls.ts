/** n distinct feed URLs; subscribing to them only stores them (the benchmark servers do not fetch). */
export function feedUrls(n: number, base = 'https://feeds.example.com'): string[] {
	return Array.from({ length: n }, (_, i) => `${base}/feed-${i}.xml`);
}
