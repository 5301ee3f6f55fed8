import { ApiError } from '$lib/api/api-error';

/** A sentence for the sync indicator: what happened and what the person can do. Changes are never lost. */
export function describeSyncError(err: unknown): string {
	if (!(err instanceof ApiError)) {
		return 'Syncing failed because of an error in the app. Your changes are kept on this device; reloading the app may help.';
	}
	if (err.isUnauthenticated) {
		return 'Your session has ended. Sign in again to sync; your changes are kept on this device.';
	}
	if (err.status === 0 && err.code === 'timeout') {
		return 'The server did not answer in time. Your changes are kept on this device and will sync automatically.';
	}
	if (err.status === 0) {
		return 'You are offline or the server cannot be reached. Your changes are kept and will sync when the connection returns.';
	}
	if (err.status === 429) {
		return 'The server asked the app to slow down. Syncing resumes shortly on its own.';
	}
	if (err.status === 413) {
		return 'A change is too large for the server to accept. It stays on this device; contact the server admin if this persists.';
	}
	if (err.status === 403) {
		return 'The server refused these changes for this account. They are kept on this device; the app will retry.';
	}
	if (err.status === 409) {
		return 'The server reported a conflict. The app will retry; your changes are kept.';
	}
	if (err.status >= 500) {
		return 'The server is having trouble right now. Your changes are kept and will sync automatically.';
	}
	return `Syncing failed (${err.message}). Your changes are kept and the app will retry.`;
}
