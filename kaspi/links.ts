/**
 * Resolves a link from a Kaspi response. Old responses use links relative to the API root (`/v2/orders/…`,
 * meaning `https://kaspi.kz/shop/api/v2/orders/…`), current ones are absolute.
 */
export function resolveKaspiLink(link: string, baseUrl: string): string {
  if (/^https?:\/\//i.test(link)) return link;
  const base = new URL(baseUrl);
  const apiRoot = `${base.origin}${base.pathname.replace(/\/v2$/, '')}`;
  if (link.startsWith('/v2/')) return `${apiRoot}${link}`;
  if (link.startsWith('/')) return `${base.origin}${link}`;
  return `${apiRoot}/${link}`;
}
