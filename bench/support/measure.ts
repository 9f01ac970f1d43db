/** CPU time and peak RSS of this process while `work` runs, sampled every 20 ms. */
export async function measure<T>(
  work: () => Promise<T>,
): Promise<{ result: T; wallMs: number; cpuMs: number; peakRssMb: number }> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 20);
  try {
    const result = await work();
    const cpu = process.cpuUsage(cpuBefore);
    return {
      result,
      wallMs: performance.now() - started,
      cpuMs: (cpu.user + cpu.system) / 1000,
      peakRssMb: Math.max(peakRss, process.memoryUsage.rss()) / 2 ** 20,
    };
  } finally {
    clearInterval(sampler);
  }
}
