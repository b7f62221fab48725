/**
 * The feature routers, in mounting order. Each feature is a function of the app context returning its router
 * and its navigation items. Add a feature here and nowhere else.
 */
import type { Router } from 'express';
import type { createPassport } from '../auth/passport.ts';
import type { AppContext } from '../context.ts';
import type { NavItem } from '../http/nav.ts';
import { accountsFeature } from './accounts/routes.ts';
import { usersAdminFeature } from './accounts/admin-routes.ts';
import { auditFeature } from './audit/routes.ts';
import { homeFeature } from './home/routes.ts';
import { populationFeature } from './population/routes.ts';
import { reportsFeature } from './reports/routes.ts';
import { regionsFeature } from './regions/routes.ts';
import { subsidiesFeature } from './subsidies/routes.ts';
import { womenFeature } from './women/routes.ts';
import { servicesFeature } from './services/routes.ts';
import { importsFeature } from './imports/routes.ts';

export interface FeatureContext extends AppContext {
  passport: ReturnType<typeof createPassport>;
}

export interface MountedFeature {
  router: Router;
  nav?: NavItem[];
}

export type Feature = (ctx: FeatureContext) => MountedFeature;

export const features: Feature[] = [
  accountsFeature,
  homeFeature,
  regionsFeature,
  usersAdminFeature,
  auditFeature,
  womenFeature,
  servicesFeature,
  subsidiesFeature,
  populationFeature,
  reportsFeature,
  importsFeature,
];
