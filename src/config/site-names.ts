// Site names as users know them, where RSSHub's catalog spells them otherwise (the bundled 2022 catalog and
// an instance's /api/namespace alike). Applied to the catalog's site name before `rsshub.categoryNames`,
// so a user can still rename either spelling. Add a row when a catalog name is not what the site calls itself.
//
// | catalog says   | posts say |
// |----------------|-----------|
// | 36kr           | 36氪       |
// | bilibili       | 哔哩哔哩   |
// | Bilibili       | 哔哩哔哩   |
// | IT 之家         | IT之家     |
// | 少数派 sspai    | 少数派     |
// | 爱范儿 ifanr    | 爱范儿     |
export const SITE_NAME_OVERRIDES: Readonly<Record<string, string>> = {
  '36kr': '36氪',
  bilibili: '哔哩哔哩',
  Bilibili: '哔哩哔哩',
  'IT 之家': 'IT之家',
  '少数派 sspai': '少数派',
  '爱范儿 ifanr': '爱范儿',
};

/** The site's own name for a catalog site name. */
export function siteName(catalogName: string): string {
  return SITE_NAME_OVERRIDES[catalogName] ?? catalogName;
}
