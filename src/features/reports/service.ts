/**
 * The reports feature's public API (for other features, the demo seed, tests and benchmarks): the report engine,
 * its JSON shape, the month-close lock, and the pure output pieces (charts, layouts, CSV).
 */
export { allCounts, allCountsLive, countSource, populationCounts, villageRows, type RowCounts, type RowMapping } from './engine/queries.ts';
export { allSources } from './engine/sources.ts';
export { preconceptionSource } from './engine/checks-sources.ts';
export { assembleReport, chartData, computeReport, computeReportLive, reportRegion, type Report, type ReportRegion, type ReportRow } from './engine/service.ts';
export { reportJson, type ReportJson } from './engine/json.ts';
export { lockedTownshipMonths, submittedMonthFigures, townshipStatuses } from './close/service.ts';
export { drillDown, peopleUrl } from './people/service.ts';
export { complicationPeople, complicationsReport, type ComplicationsReport } from './complications/service.ts';
export { complicationsCsv } from './complications/export.ts';
export { barChart, niceMax } from './monthly/charts.ts';
export { reportCsv } from './monthly/export.ts';
export { LAYOUTS, flatColumns, isSingle } from './monthly/layouts.ts';
export { addLongActingRule, longActingRules, type LongActingRuleRow, type LongActingRulesPage } from './long-acting/service.ts';
export { acknowledgeWarning, updateRuleSettings, validate, validationBlockers, type Validation } from './validation/service.ts';
export { SOURCE_ADDITIVITY, STORED_SOURCES, type Additivity } from './engine/additivity.ts';
export { FIGURE_STORE_TABLES, checkFigureStore, installFigureStore, latestFigureChecks, pauseFigureStore, rebuildFigureStore, resumeFigureStore, type CheckRunRow } from './store/service.ts';
export { figureJobs } from './store/jobs.ts';
export { figureCommands } from './store/cli.ts';
