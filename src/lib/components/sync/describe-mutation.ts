const LABELS: Record<string, string> = {
	'folder.create': 'Create a folder',
	'folder.rename': 'Rename a folder',
	'folder.reorder': 'Move a folder',
	'folder.delete': 'Delete a folder',
	'subscription.create': 'Subscribe to a feed',
	'subscription.update': 'Move or rename a feed',
	'subscription.delete': 'Unsubscribe from a feed',
	'entry.setRead': 'Mark entries read or unread',
	'entry.setStarred': 'Star or unstar an entry',
	'entry.markAllRead': 'Mark all read',
	'settings.update': 'Change settings'
};

/** A queued change, in words, for the list of changes the server refused. */
export function describeMutation(name: string): string {
	return LABELS[name] ?? name;
}
