/** The regions feature's public API: region lookups in and out of scope, creation, select choices, list filters. */
export { allRegionsForSelect, assertFilterInScope, townshipOptions, villageOptions, type RegionOption } from './choices/service.ts';
export {
  addParentRegion,
  createRegion,
  createRegionInScope,
  getRegionInScope,
  getCounty,
  getRegion,
  getRegionByCode,
  listCounties,
  regionInScope,
  regionTree,
  regionsInScopeList,
  renameRegion,
  setRegionActive,
  type NewRegion,
  type RegionNode,
  type RegionRow,
} from './tree/service.ts';
