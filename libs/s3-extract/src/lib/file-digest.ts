import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** The object metadata entry holding the content's SHA-256 (hex), written on upload and checked on read. */
export const SHA256_METADATA_KEY = 'sha256';

/** Content checksums of a file, hex. */
export interface FileDigest {
  readonly size: number;
  /** What S3 reports as the ETag of a single-part upload. */
  readonly md5: string;
  /** Stored in the object's metadata on upload; stays valid for multipart objects. */
  readonly sha256: string;
}

/** Reads the file once, computing both checksums. */
export async function fileDigest(path: string): Promise<FileDigest> {
  const md5 = createHash('md5');
  const sha256 = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    const bytes = chunk as Buffer;
    md5.update(bytes);
    sha256.update(bytes);
    size += bytes.length;
  }
  return { size, md5: md5.digest('hex'), sha256: sha256.digest('hex') };
}
