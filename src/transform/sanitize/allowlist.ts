// What HTML survives in a post: the elements and attributes listed here, nothing else. Elements not listed
// are unwrapped (their text stays) unless DROP_WITH_CONTENT removes them whole. URLs are judged by
// url-schemes.ts, inline styles by css.ts; the body pass (pass.ts) applies all three in one pass.

/** element → the attributes it may keep besides GLOBAL_ATTRS. */
const ELEMENT_ATTRS: Record<string, string[]> = {
  a: ['href', 'hreflang', 'rel', 'target'],
  abbr: [], acronym: [], address: [], article: [], aside: [], b: [], bdi: [], bdo: [], big: [], blockquote: ['cite'],
  br: ['clear'], caption: [], center: [], cite: [], code: [], col: ['span', 'width', 'valign'], colgroup: ['span', 'width', 'valign'],
  dd: [], del: ['cite', 'datetime'], details: ['open'], dfn: [], div: [], dl: [], dt: [], em: [], figcaption: [], figure: [],
  font: ['color', 'face', 'size'], footer: [], h1: [], h2: [], h3: [], h4: [], h5: [], h6: [], header: [], hgroup: [],
  hr: ['size', 'noshade', 'width'], i: [], img: ['src', 'srcset', 'sizes', 'alt', 'width', 'height', 'referrerpolicy', 'loading', 'decoding', 'border', 'hspace', 'vspace'],
  ins: ['cite', 'datetime'], kbd: [], li: ['value', 'type'], main: [], mark: [], nav: [], ol: ['start', 'type', 'reversed'],
  p: [], picture: [], pre: [], q: ['cite'], rp: [], rt: [], ruby: [], s: [], samp: [], section: [], small: [],
  source: ['src', 'srcset', 'type', 'media', 'sizes', 'width', 'height'], span: [], strike: [], strong: [], sub: [], summary: [], sup: [],
  table: ['border', 'cellpadding', 'cellspacing', 'width', 'summary', 'bgcolor', 'frame', 'rules'],
  tbody: ['valign'], td: ['colspan', 'rowspan', 'headers', 'scope', 'valign', 'width', 'height', 'bgcolor', 'nowrap', 'abbr'],
  tfoot: ['valign'], th: ['colspan', 'rowspan', 'headers', 'scope', 'valign', 'width', 'height', 'bgcolor', 'nowrap', 'abbr'],
  thead: ['valign'], time: ['datetime'], tr: ['valign', 'bgcolor'], track: ['src', 'kind', 'srclang', 'label', 'default'], tt: [], u: [],
  ul: ['type'], var: [], wbr: [],
  video: ['src', 'poster', 'controls', 'width', 'height', 'preload', 'loop', 'muted', 'playsinline'],
  audio: ['src', 'controls', 'preload', 'loop', 'muted'],
  iframe: ['src', 'width', 'height', 'frameborder', 'allowfullscreen', 'allow', 'scrolling', 'loading'],
};

/** Attributes any kept element may carry. */
const GLOBAL_ATTRS = ['title', 'lang', 'dir', 'class', 'style', 'align'];

/** Elements removed together with everything inside them (scripts, raw-text and form elements, embeds, document-level tags). */
export const DROP_WITH_CONTENT = new Set([
  'script', 'style', 'template', 'textarea', 'title', 'head', 'select', 'button', 'option', 'optgroup',
  'datalist', 'object', 'applet', 'embed', 'param', 'frame', 'frameset', 'noframes', 'noembed', 'xmp', 'plaintext',
  'base', 'meta', 'link', 'input', 'keygen', 'isindex', 'area', 'canvas', 'portal', 'fencedframe', 'command',
  'basefont', 'bgsound', 'iframe', 'image', 'selectedcontent',
]);

/** Hosts whose iframes (video players) are kept when the config names none (`content.iframeHosts`). */
export const DEFAULT_IFRAME_HOSTS = [
  'youtube.com', 'youtube-nocookie.com', 'player.bilibili.com', 'player.youku.com', 'v.qq.com', 'player.vimeo.com',
  'open.iqiyi.com', 'player.ixigua.com', 'music.163.com',
];

// Inline SVG and MathML are kept only when built entirely from these (no scripts, links, animation, foreign HTML).
export const SVG_ELEMENTS = new Set([
  'svg', 'g', 'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'text', 'tspan', 'defs',
  'lineargradient', 'radialgradient', 'stop', 'clippath', 'mask', 'pattern', 'symbol', 'title', 'desc', 'marker',
]);
export const MATH_ELEMENTS = new Set([
  'math', 'mi', 'mn', 'mo', 'ms', 'mtext', 'mrow', 'msup', 'msub', 'msubsup', 'mfrac', 'msqrt', 'mroot', 'mtable',
  'mtr', 'mtd', 'mspace', 'mstyle', 'semantics', 'annotation', 'munder', 'mover', 'munderover', 'mpadded',
  'mphantom', 'menclose', 'merror', 'mfenced', 'mlabeledtr', 'mprescripts', 'mmultiscripts', 'none',
]);
/** Attributes that make foreign markup active: links, sources, event handlers, animation targets. */
export const FOREIGN_ACTIVE_ATTR = /^(?:on.*|href|xlink:href|xlink:.*|src|srcdoc|action|formaction|attributename|values|from|to|by|begin|end|data|is)$/i;

export const ALLOWED_ELEMENTS = new Set(Object.keys(ELEMENT_ATTRS));

// element → every attribute it may keep (its own plus the global ones), looked up for each attribute of each tag
const GLOBAL_ATTR_SET = new Set(GLOBAL_ATTRS);
const ATTRS_BY_ELEMENT = new Map(Object.entries(ELEMENT_ATTRS).map(([el, attrs]) => [el, new Set([...GLOBAL_ATTRS, ...attrs])]));

export function isAllowedAttr(element: string, attr: string): boolean {
  return (ATTRS_BY_ELEMENT.get(element) ?? GLOBAL_ATTR_SET).has(attr);
}
