// The Google Reader API is checked with a real client: Debian's newsboat in its FeedHQ mode.
import { ensureDebianPackage } from './ensure-debian-package.mjs';

ensureDebianPackage({ binary: '/usr/bin/newsboat', pkg: 'newsboat', usedBy: 'the Reader API client tests' });
