import type { FileVerificationError } from '../../core/errors.js';

/** Builds the error for a damaged or unsupported archive, at a body offset (default: the read position). */
export type ZipFail = (code: FileVerificationError['code'], message: string, at?: number) => FileVerificationError;
