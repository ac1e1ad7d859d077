/**
 * The country database of GeoMatch: an operator-supplied CSV of `CIDR,CC` lines
 * (DATA_DIR/waf/geoip.csv; `#` comments), plus private and special ranges, which map to no country
 * (AWS cannot place them either). An address no block covers has no country.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseCidr, PrefixTable, type Ip } from './ip.js';

export interface GeoDb {
  countryOf(ip: Ip): string | undefined;
}

/** Longest prefix wins (a PrefixTable: the lookup's cost does not grow with the database). */
export class CsvGeoDb implements GeoDb {
  private readonly table = new PrefixTable<string>();
  constructor(csv: string) {
    for (const line of csv.split(/\r?\n/)) {
      const t = line.trim();
      if (!t || t.startsWith('#')) continue;
      const [cidr, cc] = t.split(',').map((x) => x.trim());
      const p = cidr ? parseCidr(cidr) : undefined;
      if (!p || !cc || !/^[A-Z]{2}$/.test(cc)) continue;
      this.table.add(p, cc);
    }
  }
  countryOf(ip: Ip): string | undefined {
    return this.table.longest(ip);
  }
}

/** Reads DATA_DIR/waf/geoip.csv when it exists (an empty database otherwise). */
export function loadGeoDb(path: string | undefined): GeoDb {
  if (!path || !existsSync(path)) return new CsvGeoDb('');
  return new CsvGeoDb(readFileSync(path, 'utf8'));
}
