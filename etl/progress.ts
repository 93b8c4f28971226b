/**
 * A progress line with rows/s on a terminal; when output is not a TTY (CI, cron), a plain line
 * every 100,000 rows so a long load shows it is alive without flooding a log.
 */
export function progressPrinter(out: NodeJS.WriteStream) {
  const started = Date.now();
  let lastFile = '';
  let lastDraw = 0;
  let lastRows = 0;
  const tty = out.isTTY === true;
  const rate = (rows: number) => Math.round(rows / Math.max((Date.now() - started) / 1000, 0.001));
  return {
    update: ({ file, rows }: { file: string; rows: number }) => {
      if (!tty) {
        if (Math.floor(rows / 100_000) > Math.floor(lastRows / 100_000) || file !== lastFile) {
          if (rows >= 100_000) out.write(`${file}: ${rows} rows, ${rate(rows)} rows/s\n`);
        }
        lastFile = file;
        lastRows = rows;
        return;
      }
      lastFile = file;
      lastRows = rows;
      const now = Date.now();
      if (now - lastDraw < 100) return;
      lastDraw = now;
      out.write(
        `\r${file}: ${rows.toLocaleString('en')} 行/rows, ${rate(rows).toLocaleString('en')} 行/秒 rows/s   `,
      );
    },
    done: () => {
      if (tty && lastFile) out.write('\n');
    },
  };
}
