import { readFileSync } from 'node:fs';

/**
 * CPU time (all of it, and the kernel's part) and peak RSS of this process while `work` runs. The peak is
 * the kernel's high-water mark when the work raised it, else the highest of samples taken every 100 ms
 * (each sample costs CPU that would be counted as the work's).
 */
export async function measure<T>(
  work: () => Promise<T>,
): Promise<{ result: T; wallMs: number; cpuMs: number; systemCpuMs: number; peakRssMb: number }> {
  const cpuBefore = process.cpuUsage();
  const highWaterBefore = process.resourceUsage().maxRSS;
  const started = performance.now();
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 100);
  try {
    const result = await work();
    const cpu = process.cpuUsage(cpuBefore);
    const highWater = process.resourceUsage().maxRSS;
    return {
      result,
      wallMs: performance.now() - started,
      cpuMs: (cpu.user + cpu.system) / 1000,
      systemCpuMs: cpu.system / 1000,
      peakRssMb:
        highWater > highWaterBefore ? highWater / 1024 : Math.max(peakRss, process.memoryUsage.rss()) / 2 ** 20,
    };
  } finally {
    clearInterval(sampler);
  }
}

/**
 * CPU time (user + system, ms) of every child process of this one that has ended and been waited for,
 * including their own children (Linux: cutime + cstime of /proc/self/stat, in clock ticks of 10 ms).
 * Take the difference around a piece of work that runs child processes to know what they spent.
 */
export function endedChildrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state) of proc(5); cutime and cstime are fields 16 and 17.
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

/** CPU time (user + system, ms) another process has used so far (Linux: utime + stime of /proc/PID/stat). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
