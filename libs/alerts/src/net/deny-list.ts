import net from 'node:net';

/** One refused range, kept with its text so a refusal can name it. */
interface Range {
  cidr: string;
  list: net.BlockList;
}

/** The addresses destinations may not reach (MEMFLEET_DESTINATION_DENY_CIDRS), IPv4 and IPv6. */
export class DenyList {
  private constructor(private readonly ranges: Range[]) {}

  /** Parses comma-separated CIDRs (a bare address is one host); throws naming the variable and the bad entry. */
  static parse(text: string | null, variable = 'MEMFLEET_DESTINATION_DENY_CIDRS'): DenyList {
    const ranges: Range[] = [];
    for (const raw of (text ?? '').split(',')) {
      const cidr = raw.trim();
      if (!cidr) continue;
      const [address, prefixText, extra] = cidr.split('/');
      const family = net.isIP(address);
      const max = family === 6 ? 128 : 32;
      const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
      if (!family || extra !== undefined || !(prefix >= 0 && prefix <= max))
        throw new Error(`${variable} is invalid: "${cidr}" is not a CIDR (expected e.g. 10.0.0.0/8 or fd00::/8)`);
      const list = new net.BlockList();
      list.addSubnet(address, prefix, family === 6 ? 'ipv6' : 'ipv4');
      ranges.push({ cidr, list });
    }
    return new DenyList(ranges);
  }

  get empty(): boolean {
    return this.ranges.length === 0;
  }

  /** The range refusing `address`, or null. An IPv4-mapped IPv6 address is checked as the IPv4 it carries. */
  refusing(address: string): string | null {
    const family = net.isIP(address);
    if (!family) return null;
    const mapped = family === 6 ? /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] : undefined;
    for (const r of this.ranges) {
      if (r.list.check(address, family === 6 ? 'ipv6' : 'ipv4')) return r.cidr;
      if (mapped && r.list.check(mapped, 'ipv4')) return r.cidr;
    }
    return null;
  }
}

/** The host of a URL as an address when it is a literal IP (brackets of IPv6 removed), else null. */
export function literalAddress(url: URL): string | null {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return net.isIP(host) ? host : null;
}
