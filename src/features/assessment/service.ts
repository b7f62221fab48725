/**
 * The assessment feature's public API (考核: the board, the score sheet and the 自查报告 of later issues read these):
 *   indicators: listIndicators, indicatorValues (each indicator's live value, links, target, judgement and score)
 *   board:      assessmentBoard, scoreSheet (townships × indicators, totals and ranks)
 *   self-check: selfCheckReport (the 自查报告: the report's figures and each indicator against its target)
 *   targets:    targetsForRegion (a township's override, else the all-townships row), saveTarget, removeOverride
 */
export { indicatorValues, listIndicators, townshipIndicatorValues, type FigureLink, type IndicatorRow, type IndicatorValue, type IndicatorValues } from './indicators/service.ts';
export { removeOverride, saveTarget, targetsForRegion, type ResolvedTarget, type TargetRow } from './targets/service.ts';
export { assessmentBoard, scoreSheet, type Board, type BoardRow } from './board/service.ts';
export { selfCheckReport, type SelfCheck } from './self-check/service.ts';
