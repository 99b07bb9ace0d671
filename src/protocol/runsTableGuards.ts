// Runtime guards of the Runs Table's wire protocol (the types are in runsTable.ts): the host checks
// every message of the page, and the page every message of the host, before acting on it; the
// host also checks a query or layout restored from workspace state of an older version.
import { hasType, isArrayOf, isBoolean, isNumber, isOneOf, isRecord, isString, isStringArray } from './guards';
import {
  type PageOpenTimes, type RowUpdate, type RunsTableFromWebview, type RunsTableToWebview, type SparkSeries, TABLE_ACTIONS, TABLE_AGGREGATES, TABLE_GROUPINGS,
  TABLE_GROUPS, type TableAggregate, type TableColumn, type TableGroup, type TableLayout, type TableQuery, type TableRowGroup,
  type TableSortKey, type WireCells,
} from './runsTable';

const FROM_TYPES = ['ready', 'query', 'aggregate', 'layout', 'select', 'action', 'exportCsv', 'copyCells', 'columns', 'series', 'rendered', 'opened'] as const;

const isDirection = (v: unknown): v is 'asc' | 'desc' => v === 'asc' || v === 'desc';
const isSortKey = (v: unknown): v is TableSortKey => isRecord(v) && isString(v.column) && isDirection(v.direction);
const isGroup = (v: unknown): v is TableGroup => isOneOf(v, TABLE_GROUPS);
const isAggregate = (v: unknown): v is TableAggregate => isOneOf(v, TABLE_AGGREGATES);

/** Checks a query (from the page, or restored from workspace state). */
export function isTableQuery(v: unknown): v is TableQuery {
  return isRecord(v) && isString(v.filter) && isRecord(v.quick) && isStringArray(v.quick.statuses) && isBoolean(v.quick.starred)
    && isStringArray(v.quick.tags) && isArrayOf(v.sort, isSortKey) && (v.group === undefined || isOneOf(v.group, TABLE_GROUPINGS));
}

/** Checks a layout (from the page, or restored from workspace state of an older version). */
export function isTableLayout(v: unknown): v is TableLayout {
  return isRecord(v) && isStringArray(v.order) && isRecord(v.widths) && Object.values(v.widths).every(isNumber)
    && isStringArray(v.hidden) && isStringArray(v.pinned) && isArrayOf(v.collapsed, isGroup)
    && isRecord(v.aggregates) && Object.values(v.aggregates).every(isAggregate) && isBoolean(v.onlyDiffering)
    && (v.foldedGroups === undefined || isStringArray(v.foldedGroups)) && (v.sparklines === undefined || isStringArray(v.sparklines));
}

const OPEN_STEPS = ['origin', 'fetched', 'script', 'ready', 'received', 'loaded', 'drawn'] as const;
const isPageOpenTimes = (v: unknown): v is PageOpenTimes => isRecord(v) && OPEN_STEPS.every((k) => isNumber(v[k]));

/** Runtime check of a message from the Runs Table page. */
export function isRunsTableFromWebview(v: unknown): v is RunsTableFromWebview {
  if (!hasType(v, FROM_TYPES)) return false;
  switch (v.type) {
    case 'ready': return true;
    case 'query': return isTableQuery(v.query);
    case 'aggregate': return isString(v.column) && isAggregate(v.aggregate);
    case 'layout': return isTableLayout(v.layout);
    case 'select': return isStringArray(v.ids);
    case 'action': return isOneOf(v.action, TABLE_ACTIONS) && isStringArray(v.ids);
    case 'exportCsv': return isStringArray(v.columns);
    case 'copyCells': return isString(v.id) && isStringArray(v.columns);
    case 'columns': return isStringArray(v.keys);
    case 'series': return isString(v.column) && isStringArray(v.ids);
    case 'rendered': return isNumber(v.ms) && isNumber(v.rows) && isNumber(v.columns) && isString(v.what);
    case 'opened': return isPageOpenTimes(v.times);
  }
}

const isColumn = (v: unknown): v is TableColumn => isRecord(v) && isString(v.key) && isString(v.label) && isGroup(v.group)
  && isBoolean(v.numeric) && (v.goal === null || v.goal === 'min' || v.goal === 'max') && (v.aggregate === undefined || isAggregate(v.aggregate));
const isCells = (v: unknown): v is WireCells => isRecord(v) && (v.width === 1 || v.width === 2 || v.width === 4) && isString(v.data)
  && (v.dict === undefined || isArrayOf(v.dict, isNumber));
const isRowGroup = (v: unknown): v is TableRowGroup => isRecord(v) && isString(v.key) && isNumber(v.count);
const isSpark = (v: unknown): v is SparkSeries => isRecord(v) && isString(v.id) && isArrayOf(v.values, isNumber);
const isRow = (v: unknown): v is RowUpdate => isRecord(v) && isNumber(v.slot) && isString(v.id) && isArrayOf(v.cells, isNumber);

function isOrder(v: Record<string, unknown>): boolean {
  return isString(v.order) && isNumber(v.shown) && isNumber(v.total) && isArrayOf(v.best, isNumber) && isStringArray(v.differing)
    && (v.filterError === null || isString(v.filterError)) && isArrayOf(v.groups, isRowGroup);
}

/** Runtime check of a message from the host (the page checks what it receives). */
export function isRunsTableToWebview(v: unknown): v is RunsTableToWebview {
  if (!hasType(v, ['snapshot', 'rows', 'column', 'cells', 'order', 'series'] as const)) return false;
  switch (v.type) {
    case 'snapshot':
      return isOrder(v) && isString(v.folder) && isStringArray(v.strings) && isArrayOf(v.columns, isColumn) && isStringArray(v.runIds)
        && isArrayOf(v.cells, (c): c is WireCells | null => c === null || isCells(c)) && v.cells.length === v.columns.length && isTableQuery(v.query) && (v.layout === null || isTableLayout(v.layout))
        && (v.head === undefined || isString(v.head));
    case 'rows':
      return isNumber(v.stringBase) && isStringArray(v.strings) && isArrayOf(v.columnsAdded, isColumn) && isArrayOf(v.rows, isRow)
        && isArrayOf(v.removed, isNumber);
    case 'column':
      return isNumber(v.stringBase) && isStringArray(v.strings) && isNumber(v.index) && isColumn(v.column) && isCells(v.cells);
    case 'cells':
      return isNumber(v.stringBase) && isStringArray(v.strings) && isArrayOf(v.indices, isNumber) && isArrayOf(v.cells, isCells)
        && isArrayOf(v.best, isNumber) && v.cells.length === v.indices.length && v.best.length === v.indices.length;
    case 'order':
      return isOrder(v);
    case 'series':
      return isString(v.column) && isArrayOf(v.series, isSpark);
  }
}
