/** Which peers are proxies whose X-Forwarded-* headers are believed: addresses and CIDR ranges, "unix" for unix sockets. */
import { BlockList, isIP } from "node:net";

/** Loopback and unix sockets: a proxy on the same machine. */
export const DEFAULT_TRUSTED = ["127.0.0.0/8", "::1", "unix"] as const;

/** A set of addresses and ranges, asked about one address at a time. */
export class TrustedProxies {
  readonly #list = new BlockList();
  readonly #unix: boolean;

  constructor(entries: readonly string[]) {
    this.#unix = entries.includes("unix");
    for (const entry of entries) {
      if (entry === "unix") continue;
      const parsed = parseEntry(entry);
      if (parsed === undefined) throw new TypeError(`not an address or CIDR range: ${JSON.stringify(entry)}`);
      const [address, prefix, family] = parsed;
      if (prefix === undefined) this.#list.addAddress(address, family);
      else this.#list.addSubnet(address, prefix, family);
    }
  }

  has(ip: string): boolean {
    if (ip === "") return this.#unix;
    const address = unmapped(ip);
    const family = isIP(address);
    return family !== 0 && this.#list.check(address, family === 4 ? "ipv4" : "ipv6");
  }
}

function parseEntry(entry: string): [string, number | undefined, "ipv4" | "ipv6"] | undefined {
  const slash = entry.indexOf("/");
  const address = unmapped(slash === -1 ? entry : entry.slice(0, slash));
  const family = isIP(address);
  if (family === 0) return undefined;
  if (slash === -1) return [address, undefined, family === 4 ? "ipv4" : "ipv6"];
  const text = entry.slice(slash + 1);
  const prefix = Number(text);
  if (!/^\d+$/.test(text) || prefix > (family === 4 ? 32 : 128)) return undefined;
  return [address, prefix, family === 4 ? "ipv4" : "ipv6"];
}

/** "::ffff:10.0.0.1" (how a dual-stack socket reports IPv4 peers) → "10.0.0.1". */
function unmapped(ip: string): string {
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(ip) ? ip.slice(7) : ip;
}

/**
 * The client in a forwarded chain: the right-most address that is not a trusted proxy (addresses
 * further left may be made up by the client), or the left-most when all are trusted.
 */
export function forwardedClient(chain: string, trusted: TrustedProxies): string | undefined {
  const hops = chain.split(",").map((hop) => hop.trim()).filter((hop) => hop !== "");
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = unmapped(hops[i]!);
    if (isIP(hop) === 0) return undefined;
    if (!trusted.has(hop) || i === 0) return hop;
  }
  return undefined;
}
