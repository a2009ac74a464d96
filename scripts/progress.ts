/** A progress line with rate and ETA for long commands (written only when stderr is a terminal). */
export function progressReporter(label: string, total: number | null, write: (text: string) => void) {
  const started = Date.now();
  let last = 0;
  return {
    update(done: number) {
      const now = Date.now();
      if (now - last < 250) return;
      last = now;
      const seconds = (now - started) / 1000;
      const rate = seconds > 0 ? done / seconds : 0;
      const eta = total && rate > 0 ? ` · ETA ${Math.max(0, Math.round((total - done) / rate))} s` : '';
      const of = total ? `/${total.toLocaleString('en-US')}` : '';
      write(
        `${label}: ${done.toLocaleString('en-US')}${of} · ${Math.round(rate).toLocaleString('en-US')}/s${eta}`,
      );
    },
    done(): number {
      write('');
      return (Date.now() - started) / 1000;
    },
  };
}
