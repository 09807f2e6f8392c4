// The sanitizer: what HTML survives in a post. Start at allowlist.ts (elements and attributes), then
// url-schemes.ts (which URLs may stay) and css.ts (inline styles); pass.ts applies them in one pass.
export { processBody, processCleanBody, type BodyResult } from './pass.js';
export type { BodyOptions } from './tags.js';
export { cleanControls } from './markup.js';
export { DEFAULT_IFRAME_HOSTS } from './allowlist.js';
export { safeUrl, urlScheme, type UrlKind } from './url-schemes.js';
export { sanitizeStyle } from './css.js';
