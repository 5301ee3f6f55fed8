import { previousPath } from './history-entries';

/**
 * Where "Back to reading" leads from the pages outside the reader (Settings, Administration): the reader's
 * address the user last saw, not always Unread.
 */
class ReadingReturn {
	/** A path with its query, as the address bar showed it. */
	path = $state('/');

	/**
	 * When the history entry before this page is that address, the link acts as the browser's Back, so history
	 * does not grow a second copy of the list; otherwise it is an ordinary link.
	 */
	follow(event: MouseEvent): void {
		if (previousPath() !== this.path) return;
		event.preventDefault();
		history.back();
	}
}

export const readingReturn = new ReadingReturn();
