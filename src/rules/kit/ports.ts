/**
 * Ports a network rule must never open to the whole internet, cloud-neutral:
 * remote administration and databases. Each cloud's rules read this table
 * (AWS security groups; GCP firewalls add FTP, which Checkov checks there).
 */

/** Remote administration and database ports, in port order, with what listens there. */
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

/** `22 (SSH), 3389 (RDP)`: ports with their names from `names`. */
export function portNames(ports: readonly number[], names: ReadonlyMap<number, string> = SENSITIVE_PORTS): string {
  return ports.map((p) => `${p} (${names.get(p) ?? 'port'})`).join(', ');
}
