/**
 * The one place where offsets are converted.
 *
 * libpg_query reports UTF-8 *byte* offsets (`stmt_location`, `stmt_len`, every node's `location`,
 * scanner token `start`/`end`), PostgreSQL's error cursor counts *code points*, and JavaScript strings,
 * ESLint and SARIF (`columnKind: "utf16CodeUnits"`) count UTF-16 code units. Lines and columns are
 * 1-based as in ESLint. Line breaks are `\n`, `\r\n` and a lone `\r` (PostgreSQL's scanner treats both
 * characters as newlines). A tab counts as one column, as in ESLint.
 *
 * Nothing outside `src/parser` converts offsets; rules receive ready line/column positions.
 */

export interface Position {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column in UTF-16 code units. */
  readonly column: number;
}

export interface SourceRange {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

function utf8Length(code: number): number {
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  return 3;
}

export class SourceText {
  readonly text: string;
  /** Whether every character is ASCII, so that byte offsets equal UTF-16 indices. */
  readonly isAscii: boolean;
  /** Total length in UTF-8 bytes. */
  readonly byteLength: number;
  /**
   * UTF-16 index and UTF-8 byte offset of each line's first character (the same array when the text
   * is ASCII). Found on first use: parsing an ASCII file needs no lines, only findings do.
   */
  private lines: { readonly starts: number[]; readonly startBytes: number[] } | undefined;

  constructor(text: string) {
    this.text = text;
    // Every UTF-16 unit is one UTF-8 byte exactly when the text is ASCII.
    this.byteLength = Buffer.byteLength(text, "utf8");
    this.isAscii = this.byteLength === text.length;
  }

  private get lineStarts(): number[] {
    this.lines ??= this.findLines();
    return this.lines.starts;
  }

  private get lineStartBytes(): number[] {
    this.lines ??= this.findLines();
    return this.lines.startBytes;
  }

  private findLines(): { starts: number[]; startBytes: number[] } {
    const text = this.text;
    const starts = [0];
    if (this.isAscii) {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10) starts.push(i + 1);
        else if (c === 13) {
          if (text.charCodeAt(i + 1) === 10) i++;
          starts.push(i + 1);
        }
      }
      return { starts, startBytes: starts };
    }
    const startBytes = [0];
    let bytes = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          bytes += 4;
          i++;
          continue;
        }
      }
      bytes += utf8Length(c);
      if (c === 10 || c === 13) {
        if (c === 13 && text.charCodeAt(i + 1) === 10) {
          i++;
          bytes++;
        }
        starts.push(i + 1);
        startBytes.push(bytes);
      }
    }
    return { starts, startBytes };
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** Index of the line (0-based) that contains `offset` in `starts`. */
  private static lineIndex(starts: readonly number[], offset: number): number {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** UTF-16 index of a UTF-8 byte offset (clamped to the text). */
  utf16AtByte(byteOffset: number): number {
    const b = Math.max(0, Math.min(byteOffset, this.byteLength));
    if (this.isAscii) return b;
    const line = SourceText.lineIndex(this.lineStartBytes, b);
    let bytes = this.lineStartBytes[line] ?? 0;
    let i = this.lineStarts[line] ?? 0;
    const text = this.text;
    while (bytes < b && i < text.length) {
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        bytes += 4;
        i += 2;
      } else {
        bytes += utf8Length(c);
        i++;
      }
    }
    return i;
  }

  /** UTF-8 byte offset of a UTF-16 index (clamped to the text). */
  byteAtUtf16(index: number): number {
    const idx = Math.max(0, Math.min(index, this.text.length));
    if (this.isAscii) return idx;
    const line = SourceText.lineIndex(this.lineStarts, idx);
    let bytes = this.lineStartBytes[line] ?? 0;
    const text = this.text;
    for (let i = this.lineStarts[line] ?? 0; i < idx; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < idx) {
        bytes += 4;
        i++;
      } else {
        bytes += utf8Length(c);
      }
    }
    return bytes;
  }

  /**
   * UTF-16 index reached by advancing `codePoints` code points from UTF-16 index `from`.
   * PostgreSQL's error cursor counts characters (code points) of the parsed string.
   */
  utf16AfterCodePoints(from: number, codePoints: number): number {
    let i = from;
    const text = this.text;
    for (let n = 0; n < codePoints && i < text.length; n++) {
      const c = text.charCodeAt(i);
      i += c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
    }
    return i;
  }

  /** 1-based line and column of a UTF-16 index. */
  positionAtUtf16(index: number): Position {
    const idx = Math.max(0, Math.min(index, this.text.length));
    const line = SourceText.lineIndex(this.lineStarts, idx);
    return { line: line + 1, column: idx - (this.lineStarts[line] ?? 0) + 1 };
  }

  /** 1-based line and column of a UTF-8 byte offset. */
  positionAtByte(byteOffset: number): Position {
    return this.positionAtUtf16(this.utf16AtByte(byteOffset));
  }

  /** A range from two UTF-8 byte offsets (end exclusive). */
  rangeAtBytes(start: number, end: number): SourceRange {
    const from = this.positionAtByte(start);
    const to = this.positionAtByte(Math.max(start, end));
    return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
  }

  /** The text between two UTF-8 byte offsets. */
  sliceBytes(start: number, end: number): string {
    return this.text.slice(this.utf16AtByte(start), this.utf16AtByte(end));
  }

  /** UTF-16 index of the end of the line that contains a byte offset (before its line break). */
  lineEndAtByte(byteOffset: number): number {
    const { line } = this.positionAtByte(byteOffset);
    return (this.lineStarts[line - 1] ?? 0) + this.lineText(line).length;
  }

  /** UTF-8 byte offset of a 1-based line and UTF-16 column (the inverse of {@link positionAtByte}). */
  byteAtPosition(line: number, column: number): number {
    return this.byteAtUtf16((this.lineStarts[Math.max(0, line - 1)] ?? this.text.length) + column - 1);
  }

  /** UTF-8 byte offsets of a 1-based line: its first character and just past its last (before the line break). */
  lineByteRange(line: number): { readonly start: number; readonly end: number } {
    if (line === 1 && this.lines === undefined) {
      // Every file's first line is asked for (the origin of file-level findings): no line table for it.
      const n = this.text.search(/[\r\n]/u);
      return { start: 0, end: Buffer.byteLength(n < 0 ? this.text : this.text.slice(0, n), "utf8") };
    }
    const start = this.lineStartBytes[Math.max(0, line - 1)] ?? this.byteLength;
    return { start, end: start + Buffer.byteLength(this.lineText(line), "utf8") };
  }

  /**
   * The first 1-based line that is not blank (1 for a blank text): where a finding about the whole text
   * goes, so it has a range to underline. Builds the line table only when the text starts blank.
   */
  firstTextLine(): number {
    if (/^\S/u.test(this.text)) return 1;
    for (let line = 1; line <= this.lineCount; line++) {
      if (this.lineText(line).trim() !== "") return line;
    }
    return 1;
  }

  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const start = this.lineStarts[line - 1];
    if (start === undefined) return "";
    const next = this.lineStarts[line];
    const raw = this.text.slice(start, next ?? this.text.length);
    return raw.replace(/\r?\n$|\r$/u, "");
  }
}
