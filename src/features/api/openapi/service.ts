/**
 * The OpenAPI 3.1 document of the JSON API, generated from the endpoints' zod schemas (z.toJSONSchema): each
 * query-string property becomes a parameter with its JSON Schema, description and whether it is required.
 * Also the plain list the /api/docs page shows (the same parameters, an example curl).
 */
import { z } from 'zod';
import { API_ENDPOINTS, ErrorBody, type ApiEndpoint } from '../v1/schemas.ts';

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema & { description?: string }>;
  required?: string[];
  description?: string;
  [k: string]: unknown;
}

const toSchema = (s: z.ZodType) => z.toJSONSchema(s, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as JsonSchema;

/** `/api/v1/tables/:table` → `/api/v1/tables/{table}` */
export const openApiPath = (expressPath: string) => expressPath.replace(/:(\w+)/g, '{$1}');

export interface DocParameter {
  name: string;
  in: 'query' | 'path';
  required: boolean;
  description: string;
  schema: JsonSchema;
}

export function parametersOf(e: ApiEndpoint): DocParameter[] {
  const out: DocParameter[] = [];
  for (const [where, schema] of [
    ['path', e.params],
    ['query', e.query],
  ] as const) {
    if (!schema) continue;
    const js = toSchema(schema);
    for (const [name, prop] of Object.entries(js.properties ?? {})) {
      const { description, ...rest } = prop;
      out.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), description: description ?? '', schema: rest });
    }
  }
  return out;
}

const STATUS_TEXT: Record<number, string> = {
  400: '参数有误（fields 逐项说明）',
  401: '令牌无效或已吊销',
  403: '只读令牌不能写入',
  404: '地区不在令牌的区划内，或不存在',
  413: '请求体超过 512 KB',
  422: '请求有效，但业务规则拒绝（如交换包签名不符、已导入过）',
  429: '超过每分钟调用上限（见 Retry-After）',
};

export function openApiDocument(serverUrl = '/') {
  const errorRef = { $ref: '#/components/schemas/Error' };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of API_ENDPOINTS) {
    const responses: Record<string, unknown> = {
      '200': { description: e.method === 'post' ? '检查结果（dry_run=1）' : '成功', content: { 'application/json': { schema: { type: 'object' } } } },
    };
    if (e.method === 'post') responses['201'] = { description: '已导入（全部或全部不导入）', content: { 'application/json': { schema: { type: 'object' } } } };
    for (const status of [...e.refusals, 401, 429].sort()) responses[String(status)] = { description: STATUS_TEXT[status] ?? '', content: { 'application/json': { schema: errorRef } } };
    paths[openApiPath(e.path)] = {
      ...(paths[openApiPath(e.path)] ?? {}),
      [e.method]: {
        operationId: e.key,
        summary: e.summary,
        description: `${e.description}（需${e.access === 'write' ? '读写' : '只读或读写'}令牌）`,
        parameters: parametersOf(e),
        ...(e.body ? { requestBody: { required: true, description: e.body, content: { 'application/json': { schema: { type: 'object' } } } } } : {}),
        responses,
        security: [{ bearer: [] }],
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: '计划生育服务管理平台 接口',
      version: '1',
      description: '供市、省平台，医院和其他县调用的 JSON 接口。令牌由县级管理员在「管理 › 接口客户端」创建，只显示一次；每次调用在请求头带 Authorization: Bearer <令牌>。',
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: '接口客户端的令牌' } },
      schemas: { Error: toSchema(ErrorBody) },
    },
    security: [{ bearer: [] }],
    paths,
  };
}

/** The /api/docs page's list: each endpoint with its parameters and a curl line. */
export function docsEndpoints(origin: string) {
  return API_ENDPOINTS.map((e) => ({
    method: e.method.toUpperCase(),
    path: e.path,
    summary: e.summary,
    description: e.description,
    access: e.access,
    parameters: parametersOf(e),
    curl:
      e.method === 'post'
        ? `curl -X POST -H 'Authorization: Bearer <令牌>' -H 'Content-Type: application/json' --data-binary @交换包.json '${origin}${e.example}'`
        : `curl -H 'Authorization: Bearer <令牌>' '${origin}${e.example}'`,
  }));
}
