/** IAM's tables are typed views over the store (src/storage/table.ts). */
export { Table, type Row, type RowListOptions } from '../../../storage/table.js';
