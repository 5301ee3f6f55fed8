import fc from 'fast-check';
import { mutationNames } from '#shared/mutations';
import { anyJson, maybe, nastyString } from './fuzz';

/** Ids the generated mutations aim at: a few fixed ones (so later mutations hit what earlier ones made) and noise. */
const FOLDER_IDS = ['10000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000002'];
const SUBSCRIPTION_IDS = ['20000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-000000000002'];

const folderId = fc.oneof(fc.constantFrom(...FOLDER_IDS), fc.uuid({ version: 4 }));
const subscriptionId = fc.oneof(fc.constantFrom(...SUBSCRIPTION_IDS), fc.uuid({ version: 4 }));
const orderKey = fc.oneof(fc.constantFrom('a0', 'a1', 'a0V', 'Zz', 'b00'), fc.string({ maxLength: 12 }));
/** Feed URLs on a closed port of this machine: nothing in a test may reach the internet. */
const feedUrl = fc.oneof(
	fc.nat(999).map((n) => `http://127.0.0.1:9/feed-${n}.xml`),
	fc.constantFrom('javascript:alert(1)', 'file:///etc/passwd', 'ftp://127.0.0.1/x', 'http://')
);
const entryId = fc.oneof(fc.integer({ min: 1, max: 50 }), fc.integer());

/** Every field any mutation takes, each sometimes present, sometimes right, often wrong. */
const mutationArgs = fc.record(
	{
		folderId: maybe(fc.oneof(folderId, fc.constant(null))),
		subscriptionId: maybe(subscriptionId),
		name: maybe(fc.string({ maxLength: 60 })),
		title: maybe(fc.oneof(fc.string({ maxLength: 60 }), fc.constant(null))),
		orderKey: maybe(orderKey),
		url: maybe(feedUrl),
		entryIds: maybe(fc.array(entryId, { maxLength: 5 })),
		entryId: maybe(entryId),
		read: maybe(fc.boolean()),
		starred: maybe(fc.boolean()),
		upTo: maybe(entryId),
		scope: maybe(
			fc.oneof(
				fc.constant({ kind: 'all' }),
				folderId.map((id) => ({ kind: 'folder', folderId: id })),
				subscriptionId.map((id) => ({ kind: 'subscription', subscriptionId: id }))
			)
		),
		settings: maybe(
			fc.record(
				{
					theme: maybe(fc.constantFrom('light', 'dark', 'system')),
					sortOrder: maybe(fc.constantFrom('newest', 'oldest')),
					hideRead: maybe(fc.boolean()),
					offlineDays: maybe(fc.integer({ min: -5, max: 5000 }))
				},
				{ requiredKeys: [] }
			)
		)
	},
	{ requiredKeys: [] }
);

/** A mutation without its id: the test numbers them the way a device would (with deliberate slips). */
export const mutationBody = fc.record({
	name: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...mutationNames) }, { weight: 1, arbitrary: nastyString }),
	args: fc.oneof({ weight: 8, arbitrary: mutationArgs }, { weight: 1, arbitrary: anyJson })
});

/** How a push numbers its mutations relative to what the server has: in order, replayed, or with a gap. */
export const numbering = fc.oneof(
	{ weight: 6, arbitrary: fc.constant(0) },
	{ weight: 2, arbitrary: fc.integer({ min: -3, max: -1 }) },
	{ weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }) }
);
