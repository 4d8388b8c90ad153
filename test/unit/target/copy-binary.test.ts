import { describe, expect, it } from 'vitest';
import { CopyBuffer, RejectedValue, daysFromCivil, encodeNumericText, fieldWriters, parseTimeMicros, parseTimestampMicros, rowAppender } from '../../../src/target/postgres/copy-binary.js';

function numeric(text: string) {
  const digits = new Int16Array(64);
  const n = encodeNumericText(text, digits);
  return { ...n, digits: [...digits.subarray(0, n.count)] };
}

describe('numeric text -> base-10000 digits', () => {
  it.each([
    ['0', { count: 0, weight: 0, sign: 0, dscale: 0, digits: [] }],
    ['0.0001', { count: 1, weight: -1, sign: 0, dscale: 4, digits: [1] }],
    ['-10000', { count: 1, weight: 1, sign: 0x4000, dscale: 0, digits: [1] }],
    ['12345.678', { count: 3, weight: 1, sign: 0, dscale: 3, digits: [1, 2345, 6780] }],
    ['.5', { count: 1, weight: -1, sign: 0, dscale: 1, digits: [5000] }],
    [' 100.5000 ', { count: 2, weight: 0, sign: 0, dscale: 4, digits: [100, 5000] }],
    ['+7', { count: 1, weight: 0, sign: 0, dscale: 0, digits: [7] }],
  ] as const)('%s', (text, expected) => {
    expect(numeric(text)).toEqual(expected);
  });

  it.each(['', '-', 'abc', '1e5', '1.2.3', '.'])('refuses %j', (text) => {
    expect(() => numeric(text)).toThrow(RejectedValue);
  });
});

describe('temporal text -> PostgreSQL microseconds', () => {
  it('counts days on the proleptic Gregorian calendar, before 1970 and beyond 2038', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2000, 1, 1)).toBe(10957);
    expect(daysFromCivil(1, 1, 1)).toBe(-719162);
    expect(daysFromCivil(9999, 12, 31)).toBe(2932896);
  });

  it('rounds the 7th fractional digit half up and carries into the next day', () => {
    expect(parseTimeMicros('00:00:00.0000005')).toBe(1);
    expect(parseTimeMicros('00:00:00.0000004')).toBe(0);
    expect(parseTimestampMicros('2000-01-01 00:00:00')).toBe(0);
    expect(parseTimestampMicros('1999-12-31 23:59:59.9999995')).toBe(0);
    expect(parseTimestampMicros('2000-01-01T01:00:00+01:00')).toBe(0);
  });

  it('reads the offset with or without a space before it (CAST or CONVERT style 126)', () => {
    expect(parseTimestampMicros('2000-01-01 01:00:00.0000000 +01:00')).toBe(0);
    expect(parseTimestampMicros('1999-12-31 19:30:00 -04:30')).toBe(0);
    expect(parseTimestampMicros('2024-06-30 23:15:00.1234567 -07:00')).toBe(parseTimestampMicros('2024-06-30T23:15:00.1234567-07:00'));
  });

  it('switches to BigInt where a JS number is no longer exact', () => {
    expect(parseTimestampMicros('0001-01-01 00:00:00')).toBe(-63082281600000000n);
    expect(parseTimestampMicros('2100-01-01 00:00:00.000001')).toBe(3155760000000001);
  });

  it.each(['2024-1-01 00:00:00', 'yesterday', '2024-01-01 25:61'])('refuses %j', (text) => {
    expect(() => parseTimestampMicros(text)).toThrow(RejectedValue);
  });
});

describe('row appender and COPY buffer', () => {
  const options = { nul: 'reject', onNulChanged: () => undefined } as const;

  it('writes a row as field count, then length-prefixed fields, -1 for NULL', () => {
    const append = rowAppender(fieldWriters(['int4', 'text', 'text', 'bool', 'int8'], options));
    const out = new CopyBuffer(1 << 16);
    expect(append(out, [5, null, 'é', true, '-2'])).toBeUndefined();
    expect(out.take().toString('hex')).toBe(['0005', '00000004', '00000005', 'ffffffff', '00000002', 'c3a9', '00000001', '01', '00000008', 'fffffffffffffffe'].join(''));
  });

  it('undoes a row refused half-way and names the column', () => {
    const append = rowAppender(fieldWriters(['int4', 'int2', 'text'], options));
    const out = new CopyBuffer(1 << 16);
    append(out, [1, 2, 'a']);
    const before = out.pending;
    expect(append(out, [7, 40000, 'b'])).toEqual({ column: 1, reason: 'integer out of range: 40000' });
    expect(append(out, [7, 1, 'nul\0'])).toMatchObject({ column: 2 });
    expect(out.pending).toBe(before);
  });

  it('hands out messages that later rows never overwrite, across slabs', () => {
    const append = rowAppender(fieldWriters(['int4', 'text'], options));
    const rows = Array.from({ length: 500 }, (_, i) => [i, 'x'.repeat(i % 37)]);
    const whole = new CopyBuffer(1 << 20);
    for (const row of rows) append(whole, row);
    const small = new CopyBuffer(64);
    const messages: Buffer[] = [];
    rows.forEach((row, i) => {
      append(small, row);
      if (i % 7 === 0) messages.push(small.take());
    });
    messages.push(small.take());
    expect(Buffer.concat(messages).equals(whole.take())).toBe(true);
  });

  // A socket that sends its oldest queued message (copying its bytes out) while it holds more than
  // `queued` bytes: the buffer may write a slab again only once no queued message is in it.
  function throughSocket(queued: number) {
    const append = rowAppender(fieldWriters(['int4', 'text'], options));
    const rows = Array.from({ length: 30_000 }, (_, i) => [i, 'y'.repeat(i % 53)]);
    const queue: Buffer[] = [];
    let waiting = 0;
    const sent: Buffer[] = [];
    const out = new CopyBuffer(8192, () => waiting);
    const slabs = new Set<ArrayBufferLike>();
    let switches = 0;
    let previous: ArrayBufferLike | undefined;
    rows.forEach((row, i) => {
      append(out, row);
      if (i % 3 === 0) {
        const message = out.take();
        if (message.buffer !== previous) switches++;
        previous = message.buffer;
        slabs.add(message.buffer);
        queue.push(message);
        waiting += message.length;
        while (waiting > queued) {
          const oldest = queue.shift();
          if (oldest === undefined) break;
          sent.push(Buffer.from(oldest));
          waiting -= oldest.length;
        }
      }
    });
    sent.push(...queue, out.take());
    const whole = new CopyBuffer(1 << 20);
    for (const row of rows) append(whole, row);
    return { intact: Buffer.concat(sent).equals(whole.take()), slabs: slabs.size, switches };
  }

  it('writes a slab again once the socket has sent every message in it', () => {
    const drained = throughSocket(0);
    expect(drained.intact).toBe(true);
    expect(drained.switches).toBeGreaterThan(100);
    expect(drained.slabs).toBeLessThanOrEqual(6);
  });

  it('never writes over a message the socket still holds', () => {
    const backedUp = throughSocket(50_000);
    expect(backedUp.intact).toBe(true);
    expect(backedUp.slabs).toBeGreaterThan(6);
  });
});
