export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'windows-1252';
  hadByteOrderMark: boolean;
}

/**
 * Decodes an uploaded file. CMS asks for UTF-8, but spreadsheets exported on Windows often
 * carry Windows-1252 bytes (an em dash is 0x97): such a file is decoded as Windows-1252 and the
 * caller warns, rather than rejecting a file a person can read.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  const hadByteOrderMark = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hadByteOrderMark ? bytes.subarray(3) : bytes;
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
    return { text, encoding: 'utf-8', hadByteOrderMark };
  } catch {
    const text = new TextDecoder('windows-1252').decode(body);
    return { text, encoding: 'windows-1252', hadByteOrderMark };
  }
}
