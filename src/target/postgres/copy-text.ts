/**
 * Text COPY, the fallback for a table with a column type that has no binary encoder (e.g. `money`,
 * whose binary form depends on lc_monetary). Values are written in PostgreSQL's text input form;
 * temporal values go through the same parsers as the binary path, so rounding is identical.
 */
import { t } from '../../i18n/index.js';
import { RejectedValue, parseTimeMicros, parseTimestampMicros, type CopyBuffer, type EncodeOptions, type RowRejection } from './copy-binary.js';

export type TextWriter = (value: unknown) => string;

/** A field's text as text COPY reads it: backslash, newline, carriage return and tab escaped. */
export const escapeText = (text: string): string => text.replace(/[\\\n\r\t]/g, (ch) => (ch === '\\' ? '\\\\' : ch === '\n' ? '\\n' : ch === '\r' ? '\\r' : '\\t'));

function isoMicros(micros: number | bigint, withDate: boolean): string {
  const total = BigInt(micros);
  const day = 86_400_000_000n;
  const days = total >= 0n ? total / day : -((-total + day - 1n) / day);
  const inDay = total - days * day;
  const pad = (n: bigint, width: number): string => n.toString().padStart(width, '0');
  const time = `${pad(inDay / 3_600_000_000n, 2)}:${pad((inDay / 60_000_000n) % 60n, 2)}:${pad((inDay / 1_000_000n) % 60n, 2)}.${pad(inDay % 1_000_000n, 6)}`;
  if (!withDate) return time;
  const date = new Date(Date.UTC(2000, 0, 1) + Number(days) * 86_400_000);
  const year = date.getUTCFullYear();
  return `${year < 0 ? '-' : ''}${String(Math.abs(year)).padStart(4, '0')}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-${String(date.getUTCDate()).padStart(2, '0')} ${time}`;
}

function textWriter(encoder: string, options: EncodeOptions): TextWriter {
  const asText = (value: unknown): string => (typeof value === 'string' ? value : value instanceof Uint8Array ? `\\x${Buffer.from(value).toString('hex')}` : String(value));
  switch (encoder) {
    case 'timestamp':
      return (v) => isoMicros(parseTimestampMicros(asText(v)), true);
    case 'timestamptz':
      return (v) => `${isoMicros(parseTimestampMicros(asText(v)), true)}+00`;
    case 'time':
      return (v) => isoMicros(parseTimeMicros(asText(v)), false);
    case 'bool':
      return (v) => (v === true || v === 1 || v === '1' ? 't' : 'f');
    default:
      return (v) => {
        const text = asText(v);
        if (!text.isWellFormed()) throw new RejectedValue(t('reject.loneSurrogate'));
        if (!text.includes('\0')) return text;
        if (options.nul === 'reject') throw new RejectedValue(t('reject.nul'));
        options.onNulChanged();
        return text.replace(/\0/g, options.nul === 'strip' ? '' : '\uFFFD');
      };
  }
}

export function textWriters(encoders: readonly string[], options: EncodeOptions): TextWriter[] {
  return encoders.map((encoder) => textWriter(encoder, options));
}

/** One text-format line; a refused value undoes nothing (nothing is written until the line is whole). */
export function appendTextRow(out: CopyBuffer, writers: readonly TextWriter[], row: readonly unknown[]): RowRejection | undefined {
  const fields: string[] = [];
  let i = -1;
  for (const write of writers) {
    const value = row[++i];
    if (value === null || value === undefined) {
      fields.push('\\N');
      continue;
    }
    try {
      fields.push(escapeText(write(value)));
    } catch (error) {
      if (error instanceof RejectedValue) return { column: i, reason: error.message };
      throw error;
    }
  }
  out.utf8Raw(`${fields.join('\t')}\n`);
  return undefined;
}
