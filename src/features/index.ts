/**
 * The features, in mounting order. Each folder's `index.ts` is its manifest (see `feature.ts`); add a feature
 * here and nowhere else.
 */
import type { Feature } from './feature.ts';
import { accountsFeature } from './accounts/index.ts';
import { apiFeature } from './api/index.ts';
import { applicationsFeature } from './applications/index.ts';
import { assessmentFeature } from './assessment/index.ts';
import { auditFeature } from './audit/index.ts';
import { floatingFeature } from './floating/index.ts';
import { homeFeature } from './home/index.ts';
import { importsFeature } from './imports/index.ts';
import { outsideBirthsFeature } from './outside-births/index.ts';
import { networkFeature } from './network/index.ts';
import { populationFeature } from './population/index.ts';
import { regionsFeature } from './regions/index.ts';
import { reportsFeature } from './reports/index.ts';
import { servicesFeature } from './services/index.ts';
import { specialFamiliesFeature } from './special-families/index.ts';
import { subsidiesFeature } from './subsidies/index.ts';
import { womenFeature } from './women/index.ts';

export const features: Feature[] = [
  accountsFeature,
  homeFeature,
  regionsFeature,
  auditFeature,
  womenFeature,
  servicesFeature,
  subsidiesFeature,
  specialFamiliesFeature,
  applicationsFeature,
  populationFeature,
  reportsFeature,
  assessmentFeature,
  importsFeature,
  floatingFeature,
  outsideBirthsFeature,
  networkFeature,
  apiFeature,
];
