import { DEFAULT_NON_PRODUCT_CODES } from '../options';
import type { DateFormat } from '../parse/dates';

export interface RulesSqlOptions {
  /** CSV files to read (paths or globs). */
  files: readonly string[];
  /** Date format of the files. Default `'iso'`. */
  dateFormat?: DateFormat;
  /** Default {@link DEFAULT_NON_PRODUCT_CODES}. */
  nonProductCodes?: readonly string[];
}

/**
 * The default cleaning rules written a second time, in SQL (DuckDB dialect), reading
 * the CSV files itself with every column as text. It is the independent implementation
 * the tests and the benchmark compare this library with; it also lets anyone check a
 * run in DuckDB. It creates the tables `ruled` (every row with its `rule`, NULL for
 * clean lines), `lines` (clean lines) and `items` (keyed), with money in milli.
 */
export function rulesAsSql(options: RulesSqlOptions): string {
  const files = options.files.map(quote).join(', ');
  const codes = options.nonProductCodes ?? DEFAULT_NON_PRODUCT_CODES;
  const exact = codes.filter((c) => !c.endsWith('*')).map(quote);
  const prefixes = codes.filter((c) => c.endsWith('*')).map((c) => `starts_with(stock, ${quote(c.slice(0, -1))})`);
  const nonProduct = [exact.length ? `stock IN (${exact.join(', ')})` : 'false', ...prefixes].join(' OR ');
  return `
CREATE OR REPLACE TEMP VIEW raw AS
SELECT filename AS source,
       coalesce(InvoiceNo, '') AS inv, coalesce(StockCode, '') AS stock, coalesce(Description, '') AS descr,
       coalesce(Quantity, '') AS qty_raw, coalesce(InvoiceDate, '') AS date_raw, coalesce(UnitPrice, '') AS price_raw,
       coalesce(CustomerID, '') AS cust_raw, coalesce(Country, '') AS country
FROM read_csv([${files}], header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', filename = true,
              columns = {'InvoiceNo': 'VARCHAR', 'StockCode': 'VARCHAR', 'Description': 'VARCHAR', 'Quantity': 'VARCHAR',
                         'InvoiceDate': 'VARCHAR', 'UnitPrice': 'VARCHAR', 'CustomerID': 'VARCHAR', 'Country': 'VARCHAR'});

CREATE OR REPLACE TEMP VIEW parsed AS
SELECT *,
  CASE WHEN regexp_full_match(trim(qty_raw, ' '), '[+-]?[0-9]{1,9}') THEN CAST(trim(qty_raw, ' ') AS BIGINT) END AS qty,
  CASE WHEN regexp_full_match(trim(price_raw, ' '), '[+-]?([0-9]{1,9}(\\.[0-9]*)?|\\.[0-9]+)')
        AND NOT regexp_matches(trim(price_raw, ' '), '\\.[0-9]{3}[0-9]*[1-9]')
       THEN CAST(CAST(trim(price_raw, ' ') AS DECIMAL(21, 6)) * 1000 AS BIGINT) END AS price_milli,
  ${dateSql(options.dateFormat ?? 'iso')} AS ts,
  trim(regexp_replace(descr, '\\s+', ' ', 'g')) AS description,
  CASE WHEN trim(cust_raw) = '' THEN NULL ELSE regexp_replace(trim(cust_raw), '^([0-9]+)\\.0*$', '\\1') END AS customer
FROM raw;

CREATE OR REPLACE TEMP TABLE ruled AS
SELECT *,
  CASE
    WHEN inv = '' OR stock = '' OR qty IS NULL OR price_milli IS NULL OR ts IS NULL
      OR abs(CAST(qty AS HUGEINT) * price_milli) > 9007199254740991 THEN 'malformed'
    WHEN row_number() OVER (PARTITION BY readable, inv, stock, description, qty, ts, price_milli, customer, country) > 1
      AND readable THEN 'duplicate'
    WHEN starts_with(inv, 'C') THEN 'cancellation'
    WHEN qty <= 0 THEN 'non_positive_quantity'
    WHEN price_milli <= 0 THEN 'non_positive_price'
  END AS rule,
  CASE WHEN abs(CAST(qty AS HUGEINT) * price_milli) <= 9007199254740991 THEN CAST(qty AS HUGEINT) * price_milli END AS amount_milli
FROM (
  SELECT *, NOT (inv = '' OR stock = '' OR qty IS NULL OR price_milli IS NULL OR ts IS NULL) AS readable FROM parsed
);

CREATE OR REPLACE TEMP TABLE lines AS
SELECT inv AS invoiceNo, stock AS stockCode, description, qty AS quantity, strftime(ts, '%Y-%m-%dT%H:%M:%S') AS invoiceDate,
       price_milli AS unitPriceMilli, customer AS customerId, country, amount_milli AS totalAmountMilli,
       strftime(ts, '%Y-%m-%d') AS invoiceDay, strftime(ts, '%Y-%m') AS month, (${nonProduct}) AS nonProduct
FROM ruled WHERE rule IS NULL;

CREATE OR REPLACE TEMP TABLE items AS
SELECT invoiceNo, stockCode, sum(quantity) AS quantity, min(invoiceDate) AS invoiceDate, substr(min(invoiceDate), 1, 7) AS month,
       min(country) AS country, sum(totalAmountMilli) AS totalAmountMilli, count(*) AS lineCount
FROM lines GROUP BY invoiceNo, stockCode;
`;
}

function dateSql(format: DateFormat): string {
  const d = `trim(date_raw)`;
  if (format === 'iso') {
    return `CASE WHEN regexp_full_match(${d}, '[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}(:[0-9]{2})?')
      THEN coalesce(try_strptime(replace(${d}, 'T', ' '), '%Y-%m-%d %H:%M:%S'), try_strptime(replace(${d}, 'T', ' '), '%Y-%m-%d %H:%M')) END`;
  }
  const year = format === 'mdy' ? '[0-9]{4}' : '[0-9]{2}';
  // Two-digit years are 2000-2099, as in the TypeScript rules: written out before parsing.
  const text = format === 'mdy' ? d : `regexp_replace(${d}, '^([0-9]+/[0-9]+/)([0-9]{2}) ', '\\120\\2 ')`;
  return `CASE WHEN regexp_full_match(${d}, '[0-9]{1,2}/[0-9]{1,2}/${year} [0-9]{1,2}:[0-9]{2}(:[0-9]{2})?')
      THEN coalesce(try_strptime(${text}, '%m/%d/%Y %H:%M:%S'), try_strptime(${text}, '%m/%d/%Y %H:%M')) END`;
}

function quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
