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

/**
 * One page of a list whose query returns its rows and the total in one call. The window is taken from the
 * requested page (never from a total not yet known); a page past the end shows the last page.
 */
export async function fetchPage<T extends { total: number }>(
  page: number | undefined,
  fetch: (window: { limit: number; offset: number }) => Promise<T>,
  size = PAGE_SIZE,
): Promise<T & { pageInfo: PageInfo }> {
  const window = pageWindow(page, size);
  let result = await fetch({ limit: window.limit, offset: window.offset });
  const info = pageInfo(result.total, page, size);
  if (info.offset !== window.offset) result = await fetch({ limit: info.limit, offset: info.offset });
  return { ...result, pageInfo: info };
}
