/**
 * The country database of GeoMatch: an operator-supplied CSV of `CIDR,CC` lines
 * (DATA_DIR/waf/geoip.csv; `#` comments), plus private and special ranges, which map to no country
 * (AWS cannot place them either). An address no block covers has no country.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseCidr, type Cidr, type Ip } from './ip.js';

export interface GeoDb {
  countryOf(ip: Ip): string | undefined;
}

interface Block extends Cidr {
  readonly cc: string;
  readonly len: number;
}

/** Longest prefix wins. */
export class CsvGeoDb implements GeoDb {
  private readonly blocks: Block[] = [];
  constructor(csv: string) {
    for (const line of csv.split(/\r?\n/)) {
      const t = line.trim();
      if (!t || t.startsWith('#')) continue;
      const [cidr, cc] = t.split(',').map((x) => x.trim());
      const p = cidr ? parseCidr(cidr) : undefined;
      if (!p || !cc || !/^[A-Z]{2}$/.test(cc)) continue;
      const len = Number(cidr!.split('/')[1] ?? (p.v === 4 ? 32 : 128));
      this.blocks.push({ ...p, cc, len });
    }
    this.blocks.sort((a, b) => b.len - a.len);
  }
  countryOf(ip: Ip): string | undefined {
    for (const b of this.blocks) if (b.v === ip.v && (ip.n & b.mask) === b.base) return b.cc;
    return undefined;
  }
}

/** Reads DATA_DIR/waf/geoip.csv when it exists (an empty database otherwise). */
export function loadGeoDb(path: string | undefined): GeoDb {
  if (!path || !existsSync(path)) return new CsvGeoDb('');
  return new CsvGeoDb(readFileSync(path, 'utf8'));
}
