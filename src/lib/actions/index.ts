export { markAllRead, setRead, setStarred } from './entries';
export { createFolder, deleteFolder, moveFolder, renameFolder } from './folders';
export { updateSettings } from './settings';
export { moveSubscription, renameSubscription, resubscribe, subscribe, unsubscribe } from './subscriptions';
