/**
 * SQL injection detection over the token stream of sql-tokens.ts. `isSqli` is the core grammar (what AWS's
 * SQL injection match statement at sensitivity LOW targets): string break-outs followed by SQL, UNION SELECT,
 * stacked statements, tautologies, time-based and file functions, executable comments. `isSqliExtended` adds
 * the patterns of SQLiExtendedPatterns_*: SQL function calls and clause fragments in a value.
 */
import { anyOfLiterals } from './literals.js';
import { SQL_WORD, tokenize } from './sql-tokens.js';
import type { Tok } from './sql-tokens.js';

const MAX_INPUT = 8192;

/** Functions whose only use in a request is an attack (time, file, error-based extraction, system). */
const DANGEROUS_FN = new Set([
  'sleep', 'benchmark', 'pg_sleep', 'load_file', 'extractvalue', 'updatexml', 'xp_cmdshell', 'xp_dirtree',
  'xp_regread', 'sys_eval', 'sys_exec', 'dbms_pipe.receive_message', 'utl_inaddr.get_host_name', 'name_const',
  'geometrycollection', 'polygon', 'multipoint', 'linestring', 'exp', 'randomblob', 'xmltype', 'dbms_lock.sleep',
  'pg_read_file', 'lo_import', 'openrowset', 'opendatasource', 'elt', 'make_set', 'gtid_subset', 'json_keys',
]);

/** SQL functions (any dialect); a call of one in a value is the SQLiExtendedPatterns signal. */
const SQL_FN = new Set([
  ...DANGEROUS_FN, 'abs', 'ascii', 'avg', 'bin', 'bit_length', 'cast', 'ceil', 'ceiling', 'char', 'chr',
  'char_length', 'coalesce', 'concat', 'concat_ws', 'conv', 'convert', 'count', 'curdate', 'current_user',
  'curtime', 'database', 'date', 'datediff', 'day', 'dayname', 'decode', 'encode', 'field', 'find_in_set',
  'floor', 'format', 'group_concat', 'hex', 'hour', 'if', 'ifnull', 'iif', 'instr', 'isnull', 'lcase', 'left',
  'length', 'ln', 'locate', 'log', 'lower', 'lpad', 'ltrim', 'max', 'md5', 'mid', 'min', 'minute', 'month', 'now',
  'nullif', 'oct', 'ord', 'password', 'position', 'pow', 'power', 'quote', 'rand', 'repeat', 'replace', 'reverse',
  'right', 'round', 'rpad', 'rtrim', 'schema', 'second', 'session_user', 'sha1', 'sha2', 'sign', 'sin', 'cos',
  'soundex', 'space', 'sqrt', 'strcmp', 'substr', 'substring', 'substring_index', 'sum', 'sysdate', 'system_user',
  'to_char', 'trim', 'ucase', 'unhex', 'upper', 'user', 'uuid', 'version', 'year', 'insert', 'local', 'db_name',
  'host_name', 'is_srvrolemember', 'object_id', 'col_name', 'table_name', 'dbms_xmlgen.getxml', 'to_number',
  'utl_http.request', 'pg_client_encoding', 'current_database', 'current_schema', 'inet_server_addr', 'sqlite_version',
  'last_insert_rowid', 'cast', 'convert', 'database', 'values', 'default', 'pi', 'time', 'exists', 'schema', 'exec', 'execute',
  'compress', 'uncompress', 'quarter', 'week', 'weekday', 'dayofweek', 'dayofmonth', 'dayofyear', 'monthname',
  'sys_context', 'timestamp', 'str_to_date', 'from_unixtime', 'unix_timestamp', 'load_extension', 'json_extract', 'char_length', 'octet_length', 'atan', 'mod', 'div', 'rtrim', 'cot',
]);

/** System identifiers that only appear when someone enumerates a database. */
const SYSTEM_IDS = [
  'information_schema', '@@version', '@@datadir', 'mysql.user', 'sysobjects', 'syscolumns', 'sys.tables',
  'pg_catalog', 'pg_shadow', 'sqlite_master', 'all_tables', 'user_tables', 'master..', 'master.dbo', 'msdb',
  'northwind', 'pg_user', 'sysusers', 'xp_cmdshell', 'xp_regread', 'sp_executesql', 'sp_password', 'openrowset',
  'opendatasource', 'msdasql', 'sqloledb', 'tempdb', 'mysql.db', 'msysaccessobjects', 'msysobjects', 'msysqueries',
  'schema_name', 'table_schema', 'exec master.', 'execute immediate', 'sys.databases', 'sys.objects', 'xp_dirtree', 'sp_oacreate', 'dbms_java', 'utl_http', 'pg_sleep',
];
const SYSTEM_ID = anyOfLiterals(SYSTEM_IDS);

const STMT_START = new Set(['select', 'insert', 'update', 'delete', 'drop', 'create', 'alter', 'declare', 'exec',
  'execute', 'set', 'shutdown', 'truncate', 'waitfor', 'grant', 'revoke', 'rename', 'replace', 'handler', 'use',
  'show', 'describe', 'begin', 'load']);
const AFTER_STRING_KW = new Set(['union', 'order', 'group', 'having', 'limit', 'into', 'procedure', 'waitfor',
  'where', 'is', 'like', 'collate']);

function operand(t: Tok | undefined): boolean {
  return t !== undefined && (t.t === 'n' || t.t === 's' || t.t === 'b' || t.t === 'v' || t.t === 'f' || t.t === '(' ||
    (t.t === 'k' && t.v === 'null'));
}

function isComparison(t: Tok | undefined): boolean {
  return t !== undefined && t.t === 'o' && (/^[=<>!]/.test(t.v) || ['like', 'rlike', 'regexp', 'is', 'in', 'between',
    'glob', 'sounds'].includes(t.v));
}

/** The grammar checks on one token stream; `quoted`: the stream starts with the string the value closed. */
function grammar(toks: readonly Tok[], quoted: boolean): boolean {
  const t = toks.filter((x) => x.t !== 'c' || x.v === '/*!');
  for (let i = 0; i < toks.length; i++) {
    const a = toks[i] as Tok;
    const b = toks[i + 1];
    if (a.t === 'c' && a.v === '/*!') return true;
    // A comment right after a closed string or a closing paren: `admin'--`, `1')#`.
    if (quoted && i <= 2 && a.t === 'c' && i > 0 && (toks[i - 1]?.t === 's' || toks[i - 1]?.t === ')')) return true;
    if (b === undefined) break;
  }
  for (let i = 0; i < t.length; i++) {
    const a = t[i] as Tok;
    const b = t[i + 1];
    const c = t[i + 2];
    if (a.t === 'U' && b !== undefined && ((b.t === 'k' && (b.v === 'select' || b.v === 'all' || b.v === 'distinct')) ||
      b.t === '(')) return true;
    if (a.t === ';' && b?.t === 'k' && STMT_START.has(b.v) && stmtShape(t, i + 2)) return true;
    if (a.t === 'f' && DANGEROUS_FN.has(a.v) && sqlArgs(t, i + 1)) return true;
    if (a.t === 'k' && a.v === 'waitfor' && b?.t === 'k' && (b.v === 'delay' || b.v === 'time')) return true;
    if (a.t === 'b' && a.v === 'waitfor' && b?.t === 'k' && b.v === 'delay') return true;
    if (a.t === 'k' && (a.v === 'exec' || a.v === 'execute') && b?.t === 'b' && /^(xp_|sp_|master\.)/.test(b.v)) return true;
    // Tautology / condition after a logic operator: `or 1=1`, `and 'a'='a`, `|| (c=!1)`, `or class!="`.
    if (a.t === '&') {
      let j = i + 1;
      while (t[j]?.t === '(' || (t[j]?.t === '&' && t[j]?.v === 'not')) j++;
      if (operand(t[j]) && isComparison(t[j + 1]) && (operand(t[j + 2]) || t[j + 2] === undefined || t[j + 2]?.t === 'o')) return true;
      if (t[j]?.t === 'f' && SQL_FN.has((t[j] as Tok).v)) return true;
      // `or 1` / `and 0)` ending a condition (not a plain `is not 1234`).
      if (t[j]?.t === 'n' && (t[j + 1] === undefined || t[j + 1]?.t === ')' || t[j + 1]?.t === '&') && i > 0 && a.v !== 'not') return true;
      // `1 or true`, `x') || true`: a boolean literal ending the condition after a number, a string or a paren.
      if ((a.v === 'or' || a.v === '||' || a.v === 'xor') && t[j]?.t === 'b' && (t[j]?.v === 'true' || t[j]?.v === 'false') &&
        (t[j + 1] === undefined || t[j + 1]?.t === ')' || t[j + 1]?.t === ';') && ['n', 's', ')'].includes(t[i - 1]?.t as string)) return true;
    }
    // select ... from with a SQL shape: `select 1,2 from`, `select @@version`, `select char(`.
    if (a.t === 'k' && a.v === 'select' && b !== undefined) {
      if (b.t === 'v' || b.t === 'f' || b.t === 'n' || (b.t === 'k' && (b.v === 'null' || b.v === 'distinct' || b.v === 'top')))
        return true;
      if ((b.t === 'b' || b.t === 'o') && c?.t === ',') return true;
      if (b.t === 'b' && c?.t === 'k' && c.v === 'from' && t[i + 3] !== undefined && t[i + 4] !== undefined) return true;
    }
    // `insert into t (`, `insert into t values|select|set`: the statement, not the English phrase `insert into my cart`.
    if (a.t === 'k' && a.v === 'insert' && b?.t === 'k' && b.v === 'into' && (c?.t === 'b' || c?.t === 'f') && insertTail(t, i + 3)) return true;
    if (a.t === 'k' && (a.v === 'drop' || a.v === 'create' || a.v === 'alter' || a.v === 'truncate') && b?.t === 'k' &&
      (b.v === 'table' || b.v === 'database') && c?.t === 'b' && (t[i + 3] === undefined || ['(', ';', 'k', 'c'].includes(t[i + 3]?.t as string)))
      return true;
    if (a.t === 'k' && a.v === 'delete' && b?.t === 'k' && b.v === 'from' && c?.t === 'b' && t[i + 3]?.t === 'k') return true;
    if (a.t === 'k' && a.v === 'update' && b?.t === 'b' && c?.t === 'k' && c.v === 'set') return true;
    if (a.t === 'k' && a.v === 'into' && b?.t === 'k' && (b.v === 'outfile' || b.v === 'dumpfile')) return true;
  }
  if (quoted && t.length >= 2) {
    // The value closed a string: what follows must not be SQL.
    let j = 1;
    while (t[j]?.t === ')') j++;
    const n1 = t[j];
    const n2 = t[j + 1];
    if (n1 === undefined) return false;
    const n3 = t[j + 2];
    if (n1.t === ';' && n2 !== undefined && (n2.t !== 'b' || n3?.t === 'o' || n3?.t === 'k')) return true;
    if (n1.t === '&' && n1.v !== 'not' && n2 !== undefined) {
      // (`' or '1` ends in the literal the application closes; `'or' mean` quotes a word in prose)
      // (a number then a plain word is prose: `6'2" and 180 lbs`)
      if ((n2.t === 'n' && n3?.t !== 'b') || n2.t === 'v' || n2.t === 'f' || n2.t === '(' || (n2.t === 's' && ((n3 === undefined && !/^\s/.test(n2.v)) || isComparison(n3)))) return true;
      if ((n2.t === 'b' || n2.t === 'k') && (isComparison(n3) || n3?.t === 'c' || (n3 === undefined && j > 1))) return true;
      if (n2.t === 'b' && (n2.v === 'true' || n2.v === 'false')) return true;
    }
    if (n1.t === 'U') return true;
    // A negation right after the closed string: `'!'`, `"! x`, `` `!1 `` (a condition flipped, CRS's quote-bang probe).
    if (n1.t === 'o' && n1.v === '!' && j === 1 && n2 !== undefined && (operand(n2) || n2.t === 'b')) return true;
    if (n1.t === 'k' && AFTER_STRING_KW.has(n1.v) && n2 !== undefined && (n2.t === 'k' || n2.t === 'n' || n2.t === 'v' ||
      n2.t === '(' || n2.t === 'f' || n2.t === 's' || (n2.t === 'b' && (n3 === undefined || n3.t !== 'b')))) return true;
    if (isComparison(n1) && operand(n2) && j > 1) return true;
    // A comparison with a subquery right after the closed string: `1' RLIKE (SELECT`, `x' IN ((SELECT`.
    if (isComparison(n1)) {
      let k = j + 1;
      while (t[k]?.t === '(') k++;
      if (k > j + 1 && t[k]?.t === 'k' && t[k]?.v === 'select') return true;
    }
    if (n1.t === 'o' && (n1.v === '||' || n1.v === '+' || n1.v === '|') && (n2?.t === 'f' || n2?.t === '(')) return true;
  }
  return false;
}

/** A select list at `k`: a value, `*`, a call, a subquery, or a column then `,` / FROM (after DISTINCT / ALL), or the end. */
function selectList(t: readonly Tok[], k: number): boolean {
  let x = t[k];
  if (x?.t === 'k' && (x.v === 'distinct' || x.v === 'all')) x = t[++k];
  if (x === undefined || x.t === 'n' || x.t === 's' || x.t === 'v' || x.t === 'f' || x.t === '(' || x.t === ')' ||
    (x.t === 'o' && x.v === '*') || (x.t === 'k' && ['null', 'case', 'top', 'cast', 'convert'].includes(x.v))) return true;
  if (x.t !== 'b') return false;
  // One column then `)` or the end (`(select password)`); more words before it are prose (`(select one below)`).
  if (t[k + 1] === undefined || t[k + 1]?.t === ')') return true;
  for (let j = k + 1; j < k + 6 && j < t.length; j++) {
    const y = t[j] as Tok;
    if (y.t === ',' || (y.t === 'k' && (y.v === 'from' || y.v === 'into' || y.v === 'as')) || y.t === 'c') return true;
    if (y.t !== 'b' && y.t !== 'o') return false;
  }
  return false;
}

/** What follows `insert into <table>`: a column list, VALUES, SELECT or SET, or the end of the value. */
function insertTail(t: readonly Tok[], k: number): boolean {
  const x = t[k];
  return x === undefined || x.t === '(' || x.t === 'c' || x.t === ';' || (x.t === 'k' && ['values', 'select', 'set', 'value'].includes(x.v)) ||
    (x.t === 'f' && x.v === 'values');
}

/** After `select`/`update`/... in a stacked statement: something that continues SQL, not prose. */
function stmtShape(t: readonly Tok[], k: number): boolean {
  const x = t[k];
  if (x === undefined) return false;
  if (x.t === 'b') return t[k + 1] === undefined || ['k', 'o', ';', 'c', ',', 'v'].includes(t[k + 1]?.t as string);
  return x.t !== 'E' && x.t !== 'o' && x.t !== ')';
}

/** A call's argument list that looks like SQL: `()`, `(5)`, `('a'`, `(@x`, `(select`, `(a,`, or the value ends. */
function sqlArgs(t: readonly Tok[], k: number): boolean {
  if (t[k]?.t !== '(') return true;
  const x = t[k + 1];
  if (x === undefined || x.t === ')' || x.t === 'n' || x.t === 's' || x.t === 'v' || x.t === 'f' || x.t === '(' ||
    (x.t === 'k' && ['select', 'null', 'distinct', 'case', 'cast'].includes(x.v)) || (x.t === 'o' && x.v === '*')) return true;
  if (x.t === 'b') {
    const y = t[k + 2];
    return y === undefined || y.t === ',' || y.t === ')' || (y.t === 'o' && y.v !== ':') || y.t === '&';
  }
  return false;
}

function contexts(s: string): Tok[][] {
  const out = [tokenize(s)];
  if (s.includes("'")) out.push(tokenize(s, "'"));
  if (s.includes('"')) out.push(tokenize(s, '"'));
  // A MySQL identifier quote closed too: `` col` or 1=1 ``.
  if (s.includes('`')) out.push(tokenize(s, '`'));
  return out;
}

/** Whether a decoded value is SQL injection (core grammar). */
export function isSqli(value: string): boolean {
  const s = value.length > MAX_INPUT ? value.slice(0, MAX_INPUT) : value;
  if (s.length < 2) return false;
  if (!/['"`;()=#@*\-|&]|union|select|sleep|waitfor|benchmark|\bor\b|\band\b/i.test(s)) return false;
  const ctx = contexts(s);
  for (let k = 0; k < ctx.length; k++) if (grammar(ctx[k] as Tok[], k > 0)) return true;
  return false;
}

const CLAUSE_AFTER = new Set(['n', 's', 'b', 'v', 'f', '(']);

/** SQLiExtendedPatterns: SQL function calls, system identifiers, clause and operator fragments. */
const EXT_HINT = /[('"`;=@#*|&<>![\\_-]|\b(?:order|group|having|from|as|when|execute|select|set|declare|alter|drop|truncate|union|in|or|and|dual|null|like|rlike|regexp|is|not|xor|div|between)\b/i;

/** `AS alias FROM` right after a quote, backtick, number or paren: the tail of a select list. */
const AS_FROM = /[`'"\d)!;]\s*as\b\s*(?:[`'"][^`'"]{0,64}[`'"]|\w{1,64}|[`'"])?\s*(?:not\s+)?from\b/;

export function isSqliExtended(value: string): boolean {
  const s = value.length > MAX_INPUT ? value.slice(0, MAX_INPUT) : value;
  if (s.length < 2) return false;
  const low = s.toLowerCase();
  if (SYSTEM_ID.test(low)) return true;
  if (!EXT_HINT.test(s)) return false;
  // Words and spaces only, none of them a SQL keyword or operator: the tokens are barewords and numbers, which no
  // token check below matches, and the only text check such a value can meet is AS_FROM.
  if (/^[a-z0-9_ ]*$/.test(low) && !SQL_WORD.test(low)) return AS_FROM.test(low);
  const toks = tokenize(s).filter((x) => x.t !== 'c');
  const sym = toks.filter((x) => x.t !== 'b' && x.t !== 'E').length;
  for (let i = 0; i < toks.length; i++) {
    const a = toks[i] as Tok;
    const b = toks[i + 1];
    const c = toks[i + 2];
    if (a.t === 'f' && SQL_FN.has(a.v) && sqlArgs(toks, i + 1)) return true;
    if (a.t === 'k' && a.v === 'as' && (b?.t === 'b' || b?.t === 's') && c?.t === 'k' && c.v === 'from') return true;
    // Clause fragments with a SQL operand: `order by 1`, `group by x having`, `having 1=`, `limit 1,1`.
    if (a.t === 'k' && (a.v === 'order' || a.v === 'group') && b?.t === 'k' && b.v === 'by') {
      if (c === undefined || c.t === 'n' || c.t === '(' || c.t === 'f') return true;
      const d = toks[i + 3];
      if (c.t === 'b' && (d === undefined || d.t === ',' || d.t === '&' || d.t === 'c' || (d.t === 'k' &&
        ['asc', 'desc', 'limit', 'having'].includes(d.v)))) return true;
    }
    if (a.t === 'k' && a.v === 'having' && b !== undefined && CLAUSE_AFTER.has(b.t) && isComparison(c)) return true;
    if (a.t === 'k' && a.v === 'from' && b !== undefined && (b.t === 'b' || b.t === '(') && toks.slice(i + 2, i + 8)
      .some((x) => x.t === 'k' && ['where', 'limit', 'group', 'order', 'union', 'having', 'select'].includes(x.v))) return true;
    if (a.t === ')' && b?.t === 'k' && b.v === 'as' && c?.t === 'b' && toks[i + 3]?.v === 'from') return true;
    if (a.t === 's' && b?.t === 'k' && b.v === 'as' && c?.t === 'b' && toks[i + 3]?.v === 'from') return true;
    if (a.t === 'b' && a.v === 'procedure' && b?.t === 'k' && b.v === 'analyse') return true;
    if (a.t === 'k' && a.v === 'procedure' && b?.t === 'k' && b.v === 'analyse') return true;
    if (a.t === 'k' && (a.v === 'declare' || a.v === 'set') && b?.t === 'v') return true;
    if (a.t === 'k' && a.v === 'alter' && b?.t === 'k' && b.v === 'table' && c?.t === 'b') return true;
    if (a.t === ';' && b?.t === 'k' && STMT_START.has(b.v) && stmtShape(toks, i + 2)) return true;
    if (a.t === 'k' && a.v === 'select' && (b?.t === 'f' || (b?.t === '(' && c?.t === 'k'))) return true;
  }
  // A value that opens with a quote then a statement: `'alter a`, `" union`, `'select h`.
  const opener = /^\s*(['"`])\s*(?:select|union|insert|update|delete|drop|alter|create|exec|execute|declare|truncate|shutdown|waitfor)\b/i.exec(s);
  if (opener && !s.slice(opener[0].length).includes(opener[1] as string)) return true;
  // NoSQL operator injection: `u_id[$ne]=2`, `[$where]`.
  if (/\[\$(?:ne|eq|gt|gte|lt|lte|in|nin|regex|where|exists|or|and|not|nor|expr|elemmatch)\]/.test(low)) return true;
  // Server-side JavaScript injection into a NoSQL `$where` / mapReduce string: a closed string, then a statement or
  // an operator, then `return <bool>`, an immediately invoked function, or `this.<field>` (`'; return true; var a='`,
  // `'+(function(){while(...)}())+'`, `' || this.pw.match(/.*/)//`).
  // (not a script's `"use strict"; (function () {`: a statement then a function is ordinary code).
  if (/['"]\s{0,10};\s{0,10}return\s{1,10}(?:true|false|1|this)\b|['"]\s{0,10}(?:\+|\|\||&&)?\s{0,10}\(\s{0,10}function\s{0,10}\(\s{0,10}\)\s{0,10}\{/.test(low) ||
    /['"]\s{0,10}(?:;|\+|\|\||&&)\s{0,10}this\.[a-z_$][\w$]{0,40}\s{0,10}(?:\.|==|!=|\[|>|<)/.test(low)) return true;
  // A statement verb ending the value after `;`: `;drop`, `; shutdown`.
  const last = toks[toks.length - 1];
  if (toks.length >= 2 && toks[toks.length - 2]?.t === ';' && last?.t === 'k' && STMT_START.has(last.v)) return true;
  // A SQL function name, obfuscating punctuation, then the call: `length||(`, `md5\(`, `year]=(`.
  const fnJunk = /([a-z_][a-z0-9_]{1,30})\s*[\][=|&!?$\\/.>'%)]{1,6}\s*\(/g;
  for (let m = fnJunk.exec(low); m !== null; m = fnJunk.exec(low)) {
    const before = low.charCodeAt(m.index - 1);
    if (SQL_FN.has(m[1] as string) && !(before >= 97 && before <= 122)) return true;
  }
  for (let i = 0; i < toks.length; i++) {
    const a = toks[i] as Tok;
    const b = toks[i + 1];
    const c = toks[i + 2];
    // `IN (` a list or a subquery; `DROP x;`; `CASE WHEN 1 THEN`; `execute proc`.
    if (a.t === 'o' && a.v === 'in' && b?.t === '(' && (c === undefined || c.t === 'n' || c.t === 's' || (c.t === 'k' && c.v === 'select'))) return true;
    if (a.t === 'k' && (a.v === 'drop' || a.v === 'truncate') && b?.t === 'b' && (c?.t === ';' || c?.t === 'c' || (c === undefined && toks.length === 2 && s.includes(';')))) return true;
    if (a.t === 'k' && a.v === 'when' && b !== undefined && CLAUSE_AFTER.has(b.t) && c?.t === 'k' && c.v === 'then') return true;
    if (a.t === 'k' && a.v === 'execute' && i === 0 && b?.t === 'b' && toks.length <= 3) return true;
    // A pattern comparison between parenthesised expressions: `) like (`, `) regexp (` (conditional blind SQLi).
    if (a.t === ')' && b?.t === 'o' && ['like', 'rlike', 'regexp', 'glob'].includes(b.v) && c?.t === '(') return true;
  }
  // A value that ends in a dangling logic operator after an identifier-like fragment: `/3 or `, `x_R AND `.
  // (or after closing an identifier quote: `` col` REGEXP ``)
  const fragment = low.slice(low.lastIndexOf('=') + 1).trimStart();
  const streams = /^[^a-z0-9\s]/.test(fragment) ? [toks] : [];
  if (s.includes('`')) streams.push(tokenize(s, '`').filter((x) => x.t !== 'c'));
  for (const ts of streams) {
    const lastTok = ts[ts.length - 1];
    const dangling = (lastTok?.t === '&' && lastTok.v !== 'not') || (lastTok?.t === 'o' && ['regexp', 'rlike', 'like', 'sounds'].includes(lastTok.v)) ||
      (lastTok?.t === '(' && ts[ts.length - 2]?.t === '&');
    if (ts.length >= 2 && dangling) return true;
  }
  if (AS_FROM.test(low)) return true;
  // Subqueries: `in (select`, `= (select`, `(select * from`.
  // What follows `(select` must be a select list, not prose (`(select all that apply)`).
  for (let i = 0; i + 1 < toks.length; i++) {
    if (toks[i]?.t === '(' && toks[i + 1]?.t === 'k' && toks[i + 1]?.v === 'select' && selectList(toks, i + 2)) return true;
  }
  // Only operators: `||`, `&&`, `<=>`, `is null`, `like null`, `in (1,2,3`.
  if (toks.length > 0 && toks.length <= 3 && sym === toks.length && toks.some((x) => x.t === '&' || x.t === 'o') &&
    toks.every((x) => x.t === '&' || x.t === 'o' || (x.t === 'k' && x.v === 'null'))) return true;
  if (toks[0]?.t === 'o' && toks[0].v === 'in' && toks[1]?.t === '(' && toks[2]?.t === 'n' && toks[3]?.t === ',') return true;
  return false;
}
