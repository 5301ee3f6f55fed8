// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	namespace App {
		interface PageState {
			/** The open entry was opened from its list, which is the history entry before it (see ReaderRouter). */
			fromList?: boolean;
		}
	}
}

export {};
