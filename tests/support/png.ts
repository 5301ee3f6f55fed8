import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';

/**
 * A valid PNG of the given size, written here so tests need no image files: truecolour pixels, random when `noise`
 * (random pixels do not compress, so the file is about width x height x 3 bytes), else one flat colour.
 */
export function makePng(width: number, height: number, options: { noise?: boolean } = {}): Buffer {
	const row = width * 3 + 1;
	const raw = options.noise ? randomBytes(row * height) : Buffer.alloc(row * height, 0x80);
	// Each scanline starts with its filter type; 0 is "none".
	for (let y = 0; y < height; y += 1) raw[y * row] = 0;
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header.set([8, 2, 0, 0, 0], 8);
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', header),
		chunk('IDAT', zlib.deflateSync(raw)),
		chunk('IEND', Buffer.alloc(0))
	]);
}

function chunk(type: string, data: Buffer): Buffer {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(zlib.crc32(typed));
	return Buffer.concat([length, typed, crc]);
}
