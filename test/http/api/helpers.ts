/** Shared set-up of the API tests: a token made the way the admin page makes it, and calls with it. */
import type { Express } from 'express';
import type { Knex } from 'knex';
import request from 'supertest';
import type { Actor } from '../../../src/auth/actor.ts';
import { createClient } from '../../../src/features/api/clients/service.ts';
import { makeUser, type World } from '../../helpers/fixtures.ts';
import { testNow } from '../../helpers/clock.ts';
import { actorFor } from '../../helpers/women.ts';

export async function countyAdmin(db: Knex, w: World): Promise<Actor> {
  return actorFor(await makeUser(db, { role: 'admin', regionId: w.county.id }), w.county);
}

let n = 0;
export async function makeToken(db: Knex, admin: Actor, regionId: number, access: 'read' | 'write' = 'read', rate = 60): Promise<{ id: number; token: string }> {
  n += 1;
  const { client, token } = await createClient(db, admin, { name: `测试系统${n}`, purpose: '接口测试', region_id: regionId, access, rate_limit_per_minute: rate, reason: '测试' }, testNow());
  return { id: client.id, token };
}

export const apiGet = (app: Express, path: string, token?: string) => {
  const r = request(app).get(path);
  return token ? r.set('Authorization', `Bearer ${token}`) : r;
};

export const apiPost = (app: Express, path: string, token: string | undefined, body: string) => {
  const r = request(app).post(path).set('Content-Type', 'application/json');
  return (token ? r.set('Authorization', `Bearer ${token}`) : r).send(body);
};
