import { fileTypeFromBuffer } from 'file-type';

/** Raster formats browsers show in an img. SVG is not among them: it can carry script and is refused. */
const RASTER_TYPES = new Set([
	'image/png',
	'image/apng',
	'image/jpeg',
	'image/gif',
	'image/webp',
	'image/avif',
	'image/bmp',
	'image/x-icon'
]);

/**
 * The image's type as its bytes say (file-type reads the magic numbers), or null when they are not a raster
 * image: a server's Content-Type is not believed, so HTML or SVG labelled image/png never goes out as an image.
 */
export async function rasterImageType(bytes: Uint8Array): Promise<string | null> {
	const type = await fileTypeFromBuffer(bytes);
	return type && RASTER_TYPES.has(type.mime) ? type.mime : null;
}
