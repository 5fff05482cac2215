/**
 * Ports, cloud-neutral: the ports an internet-wide rule must never reach
 * (remote administration and databases; each cloud's rules read this table,
 * GCP firewalls add FTP, which Checkov checks there), and strict parsing of
 * the port ranges firewalls write as text (Azure NSG `destinationPortRange`,
 * GCP `allow[].ports`): `22`, `1000-2000`, `*`. Nothing here throws.
 */

/** Ports an internet-wide rule must never reach, in port order, with what listens there. */
export const SENSITIVE_PORTS: ReadonlyMap<number, string> = new Map([
  [22, 'SSH'],
  [1433, 'SQL Server'],
  [1521, 'Oracle'],
  [3306, 'MySQL'],
  [3389, 'RDP'],
  [5432, 'PostgreSQL'],
  [5439, 'Redshift'],
  [6379, 'Redis'],
  [9042, 'Cassandra'],
  [9200, 'Elasticsearch'],
  [11211, 'Memcached'],
  [27017, 'MongoDB'],
]);

export const MAX_PORT = 65535;

/** A run of ports, both ends included. */
export interface PortRange {
  readonly from: number;
  readonly to: number;
}

export type ParsedPorts = { ok: true; range: PortRange } | { ok: false; reason: string };

/**
 * A port range as text: `*` (every port), a port (`22`), or two joined by a
 * dash (`1000-2000`, low end first), each a decimal number from 0 to 65535.
 * Anything else (a space, a list in one string, `22-`, `ssh`) is not a range.
 */
export function parsePortRange(text: string): ParsedPorts {
  if (text === '*') return { ok: true, range: { from: 0, to: MAX_PORT } };
  const m = /^([0-9]{1,5})(?:-([0-9]{1,5}))?$/.exec(text);
  if (m === null) return { ok: false, reason: 'it is not a port, a range like 1000-2000, or *' };
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  if (from > MAX_PORT || to > MAX_PORT) return { ok: false, reason: `a port is more than ${MAX_PORT}` };
  if (from > to) return { ok: false, reason: 'its first port is more than its last' };
  return { ok: true, range: { from, to } };
}

/** The sensitive ports within `from..to`, in port order. */
export function sensitiveIn(from: number, to: number): number[] {
  return [...SENSITIVE_PORTS.keys()].filter((p) => p >= from && p <= to);
}

/** `22 (SSH), 3389 (RDP)`: ports with their names from `names`. */
export function portNames(ports: readonly number[], names: ReadonlyMap<number, string> = SENSITIVE_PORTS): string {
  return ports.map((p) => `${p} (${names.get(p) ?? 'port'})`).join(', ');
}
