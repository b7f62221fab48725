import type { Request } from 'express';

/** A one-time message shown at the top of the next page ("已保存 王秀英 的信息卡"). */
export function flash(req: Request, type: 'success' | 'error' | 'info', text: string) {
  if (!req.session) return;
  req.session.flash = [...(req.session.flash ?? []), { type, text }];
}
