/** A file the import refuses as a whole, with a message for the person who uploaded it; nothing is written. */
export class ImportFileError extends Error {}

/** The longest line (or CSV record) taken; a longer one is not a contact list. */
export const MAX_LINE_CHARS = 1_000_000;

/**
 * Decodes a file's bytes as text, chunk by chunk, refusing what is not text: a file with NUL bytes
 * (binary), bytes that are not UTF-8 (or UTF-16 with its byte-order mark), or nothing at all. A UTF-8
 * byte-order mark is dropped. Holds one chunk at a time.
 */
export async function* decodeText(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  let decoder: TextDecoder | null = null;
  let isUtf16 = false;
  let offset = 0;
  let sawText = false;
  for await (const chunk of chunks) {
    if (!decoder) {
      isUtf16 = chunk[0] === 0xff && chunk[1] === 0xfe;
      decoder = new TextDecoder(isUtf16 ? 'utf-16le' : 'utf-8', { fatal: true });
    }
    // A NUL byte is never in UTF-8 text: the file is binary (checked before decoding says "not UTF-8").
    if (!isUtf16 && chunk.includes(0)) throw binaryFile();
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      throw new ImportFileError(
        `The file is not UTF-8 text (a byte near position ${offset} is not UTF-8). Save or export it as UTF-8 (in Excel: "CSV UTF-8") and try again.`,
      );
    }
    if (text.includes('\u0000')) throw binaryFile();
    offset += chunk.length;
    if (/\S/.test(text)) sawText = true;
    if (text) yield text;
  }
  if (!sawText) throw new ImportFileError('The file is empty.');
}

/**
 * Splits text into lines (without their CR LF), refusing a line longer than MAX_LINE_CHARS before it has
 * been gathered whole.
 */
export async function* splitLines(texts: AsyncIterable<string>): AsyncGenerator<string> {
  let rest = '';
  let lineNo = 0;
  for await (const text of texts) {
    rest += text;
    let start = 0;
    for (let nl = rest.indexOf('\n'); nl !== -1; nl = rest.indexOf('\n', start)) {
      lineNo++;
      yield rest.slice(start, nl).replace(/\r$/, '');
      start = nl + 1;
    }
    rest = rest.slice(start);
    if (rest.length > MAX_LINE_CHARS) throw lineTooLong(lineNo + 1);
  }
  if (rest) yield rest.replace(/\r$/, '');
}

const binaryFile = () => new ImportFileError('The file looks binary, not a CSV or vCard text file.');

/** The error for a line past the limit. */
export function lineTooLong(lineNo: number): ImportFileError {
  return new ImportFileError(
    `Line ${lineNo} is longer than ${MAX_LINE_CHARS.toLocaleString('en')} characters; this is not a contact list.`,
  );
}
