/**
 * The API's documentation, public (no token, no session):
 *   GET /api/openapi.json   the OpenAPI 3.1 document, generated from the endpoints' zod schemas
 *   GET /api/docs           the same for people: endpoints, parameters, an example curl (server-rendered, no script)
 */
import type { Request, Router } from 'express';
import { docsEndpoints, openApiDocument } from './service.ts';

const origin = (req: Request) => `${req.protocol}://${req.get('host') ?? 'localhost'}`;

export function openApiRoutes(router: Router) {
  router.get('/api/openapi.json', (req, res) => {
    res.json(openApiDocument(origin(req)));
  });

  router.get('/api/docs', (req, res) => {
    res.render('api/docs', { endpoints: docsEndpoints(origin(req)), layout: 'bare' });
  });
}
