import { readBootstrap } from '../authz/bootstrap-account.js';
import { invoiceFor } from '../gateway/billing.js';
import { storageOptions } from '../gateway/storage-config.js';
import { formatCents, type Invoice } from '../services/ce/index.js';
import { openStore } from '../storage/open-store.js';
import { parseOptions, STORE_OPTIONS } from './common-options.js';

const USAGE = `Usage: rampart billing invoice --month YYYY-MM [--format table|csv|json] [--account ID] [--data-dir DIR] [--storage sqlite|postgres://...]

Prints the monthly invoice of the default account (or of --account): with an organization, the
management account's consolidated invoice, one line per member account, priced with the
organization's combined usage, beside what each account would have paid alone. Amounts in USD,
each line rounded to the cent (half up), the total the sum of the lines (docs/billing.md). Usage
of the last seconds may not be written yet while the server runs (it writes every 10 s).`;

/** `rampart billing invoice`. */
export async function runBilling(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === '-h') {
    console.log(USAGE);
    return 0;
  }
  if (sub !== 'invoice') throw new Error(`unknown billing command '${sub ?? ''}'\n\n${USAGE}`);
  const o = parseOptions(rest, { ...STORE_OPTIONS, month: { type: 'string' }, format: { type: 'string', default: 'table' }, account: { type: 'string' } }, USAGE);
  if (o.help) {
    console.log(USAGE);
    return 0;
  }
  if (!o.month || !/^\d{4}-(0[1-9]|1[0-2])$/.test(o.month)) throw new Error(`--month YYYY-MM is required\n\n${USAGE}`);
  const format = o.format;
  if (format !== 'table' && format !== 'csv' && format !== 'json') throw new Error(`--format must be table, csv or json\n\n${USAGE}`);
  const store = await openStore(storageOptions(o.storage, o['data-dir'], process.env, { mustExist: true }));
  try {
    const accountId = o.account ?? (await readBootstrap(store))?.accountId;
    if (!accountId) {
      console.error(`No account yet in this data store: run 'rampart start' first.`);
      return 1;
    }
    const r = await invoiceFor(store, accountId, o.month);
    if ('payer' in r) {
      console.error(`Account ${accountId} is a member account: its usage is on the invoice of its organization's management account ${r.payer}.`);
      return 1;
    }
    console.log(format === 'json' ? JSON.stringify(asJson(r.invoice), null, 2) : format === 'csv' ? asCsv(r.invoice) : asTable(r.invoice));
    return 0;
  } finally {
    await store.close();
  }
}

function asJson(inv: Invoice) {
  return {
    month: inv.month,
    payerAccountId: inv.payerAccountId,
    organizationId: inv.organizationId ?? null,
    currency: inv.currency,
    priceListVersion: inv.priceListVersion,
    lines: inv.lines.map((l) => ({
      accountId: l.accountId,
      accountName: l.accountName,
      requests: l.requests,
      charge: formatCents(l.charge),
      alone: formatCents(l.alone),
      byService: Object.fromEntries([...l.byService].map(([k, v]) => [k, formatCents(v)])),
    })),
    total: formatCents(inv.total),
    aloneTotal: formatCents(inv.aloneTotal),
    saving: formatCents(inv.saving),
  };
}

const csvField = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

function asCsv(inv: Invoice): string {
  const rows = [['month', 'account_id', 'account_name', 'requests', 'charge_usd', 'alone_usd']];
  for (const l of inv.lines) rows.push([inv.month, l.accountId, l.accountName, String(l.requests), formatCents(l.charge), formatCents(l.alone)]);
  rows.push([inv.month, 'TOTAL', '', String(inv.lines.reduce((t, l) => t + l.requests, 0)), formatCents(inv.total), formatCents(inv.aloneTotal)]);
  return rows.map((r) => r.map(csvField).join(',')).join('\n');
}

function asTable(inv: Invoice): string {
  const head = ['ACCOUNT', 'NAME', 'REQUESTS', 'CHARGE (USD)', 'ALONE (USD)'];
  const rows = inv.lines.map((l) => [l.accountId, l.accountName, String(l.requests), formatCents(l.charge), formatCents(l.alone)]);
  rows.push(['TOTAL', '', String(inv.lines.reduce((t, l) => t + l.requests, 0)), formatCents(inv.total), formatCents(inv.aloneTotal)]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const title = `Invoice ${inv.month}, payer ${inv.payerAccountId}${inv.organizationId ? ` (organization ${inv.organizationId}, consolidated billing)` : ''}`;
  return [title, '', line(head), ...rows.slice(0, -1).map(line), line(rows.at(-1)!), '', `Saving from consolidated billing: ${formatCents(inv.saving)} USD (price list ${inv.priceListVersion})`].join('\n');
}
