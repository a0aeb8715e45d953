/** The four-byte signatures that start ZIP records (APPNOTE 4.3), read little-endian. */

/** A local file header: an entry starts. */
export const LOCAL = 0x04034b50;
/** A data descriptor (its signature is optional). */
export const DESCRIPTOR = 0x08074b50;
/** A central directory record. */
export const CENTRAL = 0x02014b50;
/** The end of central directory record. */
export const END = 0x06054b50;
/** The ZIP64 end record, which the reader does not support. */
export const END64 = 0x06064b50;
