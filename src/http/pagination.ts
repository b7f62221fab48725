/** Pagination: 50 rows a page (UI.md), one count query and one page query per list. */
export const PAGE_SIZE = 50;

export interface PageInfo {
  page: number;
  pages: number;
  total: number;
  from: number;
  to: number;
  limit: number;
  offset: number;
}

export function pageWindow(page: number | undefined, size = PAGE_SIZE) {
  const p = Math.max(1, Math.floor(page ?? 1));
  return { page: p, limit: size, offset: (p - 1) * size };
}

export function pageInfo(total: number, page: number | undefined, size = PAGE_SIZE): PageInfo {
  const pages = Math.max(1, Math.ceil(total / size));
  const p = Math.min(Math.max(1, Math.floor(page ?? 1)), pages);
  const offset = (p - 1) * size;
  return { page: p, pages, total, from: total === 0 ? 0 : offset + 1, to: Math.min(offset + size, total), limit: size, offset };
}
