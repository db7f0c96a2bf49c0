// Types of `changedpi` (ships none): it rewrites a PNG's pHYs chunk (or a JPEG's JFIF density) to the given dpi.
declare module 'changedpi' {
  /** The same image with its resolution metadata set to `dpi` (pixels are untouched). */
  export function changeDpiBlob(blob: Blob, dpi: number): Promise<Blob>;
  /** A base64 data URL with its resolution metadata set to `dpi`. */
  export function changeDpiDataUrl(dataUrl: string, dpi: number): string;
}
