/** The home feature's public API: the panels' cache that other features' home panels use. */
export { cachedPanelData, homeDataVersion, panelCacheKey } from './cache/service.ts';
