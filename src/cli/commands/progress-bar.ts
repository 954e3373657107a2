/**
 * Progress as plain lines (`2,000 of 6,000 rows`), one whenever it moved: for a log or a pipe, where a bar
 * redrawn in place would be noise.
 */
export function progressLines(stream: NodeJS.WritableStream) {
  let last = -1;
  return {
    update(processed: number, total: number | null): void {
      if (!total || processed === last) return;
      last = processed;
      stream.write(`${processed.toLocaleString('en')} of ${total.toLocaleString('en')} rows\n`);
    },
    done(): void {},
  };
}

/** A one-line progress bar redrawn in place on a terminal: `[#####-----] 52% 5,200 / 10,000`. */
export function progressBar(stream: NodeJS.WriteStream) {
  const width = 30;
  return {
    update(processed: number, total: number | null): void {
      if (!total) return;
      const share = Math.min(1, processed / total);
      const filled = Math.round(share * width);
      const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
      stream.write(
        `\r[${bar}] ${Math.floor(share * 100)}% ${processed.toLocaleString('en')} / ${total.toLocaleString('en')}`,
      );
    },
    done(): void {
      stream.write('\r\u001b[K');
    },
  };
}
