/** The document is not RSS, Atom or JSON Feed. The message starts "this is not a feed: " and says what it is. */
export class NotAFeedError extends Error {
	constructor(reason: string) {
		super(`this is not a feed: ${reason}`);
		this.name = 'NotAFeedError';
	}
}
