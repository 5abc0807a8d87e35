import fs from 'node:fs';

// AT_CLKTCK from the auxiliary vector: USER_HZ without running getconf. Node gives no sysconf().
const AT_CLKTCK = 17n;

export function clockTicks(): number {
  try {
    const auxv = fs.readFileSync('/proc/self/auxv');
    for (let i = 0; i + 16 <= auxv.length; i += 16) {
      const type = auxv.readBigUInt64LE(i);
      if (type === AT_CLKTCK) return Number(auxv.readBigUInt64LE(i + 8)) || 100;
      if (type === 0n) break;
    }
  } catch {
    // not Linux or no /proc: the near-universal value
  }
  return 100;
}
