// The browser tests drive Debian's Chromium.
import { ensureDebianPackage } from './ensure-debian-package.mjs';

ensureDebianPackage({ binary: '/usr/bin/chromium', pkg: 'chromium', usedBy: 'the browser tests' });
