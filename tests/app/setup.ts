// IndexedDB for Dexie in jsdom (jsdom has none). Tests that need isolation open databases on their own
// `new IDBFactory()` instead of this global one.
import 'fake-indexeddb/auto';
