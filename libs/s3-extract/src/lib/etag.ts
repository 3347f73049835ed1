/** An ETag without its quotes (S3 sends `"<hex>"`; callers may keep either form). */
export function bareEtag(etag: string): string {
  return etag.replace(/"/g, '');
}

/** Whether two ETags name the same version, quoted or not. */
export function sameEtag(a: string | undefined, b: string): boolean {
  return a !== undefined && bareEtag(a) === bareEtag(b);
}

/** An ETag in S3's own form, quoted, as conditional headers (If-Match) expect it. */
export function quotedEtag(etag: string): string {
  return `"${bareEtag(etag)}"`;
}
