import type { HostFs } from './host-fs';

export interface VirtualizationFacts {
  hypervisorFlag: boolean | null;
  sysVendor: string | null;
  productName: string | null;
  hypervisorType: string | null;
  clocksource: string | null;
  kvmAccelerated: boolean | null;
  qemuEmulated: boolean | null;
  qemuUserBinfmt: string[];
  hypervisor: string | null;
}

// Kernel log lines a KVM guest prints; TCG guests print none of them.
const KVM_LOG_SIGNS = /Hypervisor detected: KVM|Booting paravirtualized kernel on KVM|kvm-clock: |kvm-guest: |KVM setup pv/;

export function collectVirtualization(fs: HostFs, kernelLog: string | null): VirtualizationFacts {
  const cpuinfo = fs.tryRead('/proc/cpuinfo');
  const flags = cpuinfo ? (/^flags\s*:(.*)$/m.exec(cpuinfo)?.[1] ?? '') : null;
  const hypervisorFlag = flags === null ? null : flags.split(/\s+/).includes('hypervisor');
  const dmiPresent = fs.exists('/sys/class/dmi/id');
  const dmi = (name: string) =>
    (dmiPresent ? fs.trimmed(`/sys/class/dmi/id/${name}`, `virtualization.${name}`) : fs.tryRead(`/sys/class/dmi/id/${name}`)?.trim()) || null;
  const sysVendor = dmi('sys_vendor');
  const productName = dmi('product_name');
  const hypervisorType = fs.tryRead('/sys/hypervisor/type')?.trim() || null;
  const clocksource = fs.trimmed('/sys/devices/system/clocksource/clocksource0/current_clocksource', 'virtualization.clocksource');
  const available = fs.tryRead('/sys/devices/system/clocksource/clocksource0/available_clocksource') ?? '';

  const model = cpuinfo ? (/^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? '') : '';
  const saysQemu = /qemu/i.test(`${sysVendor ?? ''} ${productName ?? ''}`) || /QEMU Virtual CPU|QEMU TCG CPU/i.test(model);
  const kvmSigns =
    clocksource === 'kvm-clock' || /\bkvm-clock\b/.test(available) || (kernelLog !== null && KVM_LOG_SIGNS.test(kernelLog)) || /\bkvm/i.test(sysVendor ?? '');
  // Absence of KVM signs only counts when we could look at the clocksource or the kernel log.
  const couldSee = clocksource !== null || kernelLog !== null;
  const kvmAccelerated = kvmSigns ? true : couldSee ? false : null;
  const qemuEmulated = saysQemu ? (kvmAccelerated === null ? null : !kvmAccelerated) : sysVendor !== null || cpuinfo !== null ? false : null;

  const binfmt = (fs.readdir('/proc/sys/fs/binfmt_misc') ?? [])
    .filter((n) => n.startsWith('qemu-'))
    .filter((n) => /^enabled/m.test(fs.tryRead(`/proc/sys/fs/binfmt_misc/${n}`) ?? 'enabled'))
    .sort()
    .slice(0, 64);

  const vendor = `${sysVendor ?? ''} ${productName ?? ''}`;
  let hypervisor: string | null;
  if (qemuEmulated) hypervisor = 'qemu-tcg';
  else if (/vmware/i.test(vendor)) hypervisor = 'vmware';
  else if (/xen/i.test(vendor) || hypervisorType === 'xen') hypervisor = 'xen';
  else if (/microsoft/i.test(vendor)) hypervisor = 'hyperv';
  else if (kvmAccelerated || /amazon ec2|google|openstack/i.test(vendor)) hypervisor = 'kvm';
  else if (hypervisorFlag === false) hypervisor = 'none';
  else hypervisor = hypervisorFlag ? 'unknown' : null;

  return { hypervisorFlag, sysVendor, productName, hypervisorType, clocksource, kvmAccelerated, qemuEmulated, qemuUserBinfmt: binfmt, hypervisor };
}
