// server/feeds/refresh/parse-worker.ts
import { parentPort } from "node:worker_threads";

// server/feeds/refresh/prepare-entries.ts
import { createHash as createHash2 } from "node:crypto";

// server/feeds/parse/parse-feed.ts
import { parseFeed as parseWithFeedsmith } from "feedsmith";

// server/feeds/parse/decode-body.ts
import iconv from "iconv-lite";
var BOMS = [
  [[239, 187, 191], "utf-8"],
  [[255, 254], "utf-16le"],
  [[254, 255], "utf-16be"]
];
function decodeBody(body, contentType) {
  if (typeof body === "string") return { text: body.replace(/^\uFEFF/, ""), charset: "utf-16" };
  for (const [bytes, charset] of BOMS) {
    if (bytes.every((b, i) => body[i] === b))
      return { text: iconv.decode(body.subarray(bytes.length), charset), charset };
  }
  const declared = xmlDeclarationCharset(body) ?? contentTypeCharset(contentType);
  if (declared && iconv.encodingExists(declared) && !/^utf-?8$/i.test(declared)) {
    return { text: iconv.decode(body, declared), charset: declared.toLowerCase() };
  }
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(body), charset: "utf-8" };
  } catch {
    return { text: iconv.decode(body, "windows-1252"), charset: "windows-1252" };
  }
}
function xmlDeclarationCharset(body) {
  const head = body.subarray(0, 256).toString("latin1");
  return /^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head)?.[1] ?? null;
}
function contentTypeCharset(contentType) {
  return /;\s*charset\s*=\s*"?([A-Za-z0-9._:-]+)/i.exec(contentType ?? "")?.[1] ?? null;
}
var INVALID_XML_CHARS = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g;
var HAS_INVALID_XML_CHAR = new RegExp(INVALID_XML_CHARS.source);
function removeInvalidXmlChars(text) {
  const wellFormed = text.isWellFormed() ? text : text.toWellFormed();
  return HAS_INVALID_XML_CHAR.test(wellFormed) ? wellFormed.replace(INVALID_XML_CHARS, "") : wellFormed;
}
function stripDoctype(text) {
  const start = text.search(/<!DOCTYPE/i);
  if (start < 0) return text;
  const firstElement = text.search(/<[A-Za-z_]/);
  if (firstElement >= 0 && firstElement < start) return text;
  let depth = 0;
  let quote = null;
  for (let i = start + 9; i < text.length; i += 1) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "[") depth += 1;
    else if (c === "]") depth -= 1;
    else if (c === ">" && depth <= 0) return text.slice(0, start) + text.slice(i + 1);
  }
  return text.slice(0, start);
}

// server/feeds/parse/raw-feed.ts
function resolveUrl(href, base) {
  const trimmed = href?.trim();
  if (!trimmed) return null;
  try {
    return new URL(trimmed, base).href;
  } catch {
    return null;
  }
}
function textToHtml(text) {
  const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  return escaped.trim().split(/\n\s*\n/).map((paragraph) => `<p>${paragraph.replace(/\n/g, "<br>")}</p>`).join("");
}
function firstNonEmpty(...values) {
  for (const value of values) if (value?.trim()) return value;
  return null;
}
function positiveNumber(value) {
  const n = typeof value === "number" ? value : Number(value);
  return Number.isFinite(n) && n > 0 ? n : null;
}

// server/feeds/parse/media-content.ts
function mediaContentHtml(media) {
  const group = media?.groups?.[0];
  const sources = [media, group, group?.contents?.[0], media?.contents?.[0]].filter(
    (s) => s !== void 0
  );
  const description = sources.map((s) => s.description).find((d) => d?.value?.trim());
  const thumbnail = firstNonEmpty(...sources.flatMap((s) => s.thumbnails ?? []).map((t) => t.url));
  const parts = [
    thumbnail ? `<p><img src="${thumbnail.replace(/"/g, "&quot;")}" alt=""></p>` : "",
    description?.value ? description.type === "html" ? description.value : textToHtml(description.value) : ""
  ].join("");
  return parts || null;
}

// server/feeds/parse/from-atom.ts
function fromAtom(feed, url) {
  const base = resolveUrl(feed.xml?.base, url) ?? url;
  const title = textOf(feed.title);
  return {
    title: title.value,
    titleIsHtml: title.isHtml,
    siteUrl: alternateLink(feed.links),
    description: textOf(feed.subtitle).value,
    iconUrl: firstNonEmpty(feed.icon, feed.logo),
    language: firstNonEmpty(feed.xml?.lang),
    ttlMinutes: null,
    base,
    entries: (feed.entries ?? []).map((entry) => fromAtomEntry(entry, base, feed.authors?.[0]?.name))
  };
}
function fromAtomEntry(entry, feedBase, feedAuthor) {
  const base = resolveUrl(entry.xml?.base, feedBase) ?? feedBase;
  const title = textOf(entry.title);
  const summary = htmlOf(entry.summary);
  return {
    id: firstNonEmpty(entry.id),
    link: alternateLink(entry.links),
    base,
    title: title.value,
    titleIsHtml: title.isHtml,
    author: firstNonEmpty(entry.authors?.[0]?.name, entry.authors?.[0]?.email, entry.dc?.creators?.[0], feedAuthor),
    content: firstNonEmpty(htmlOf(entry.content), summary, mediaContentHtml(entry.media)),
    summary,
    published: firstNonEmpty(entry.published, entry.updated, entry.dc?.dates?.[0]),
    updated: firstNonEmpty(entry.updated),
    enclosures: (entry.links ?? []).flatMap(
      (l) => l.rel === "enclosure" && l.href ? [{ url: l.href, type: l.type ?? null, length: positiveNumber(l.length) }] : []
    ),
    categories: (entry.categories ?? []).map((c) => c.label ?? c.term ?? ""),
    language: firstNonEmpty(entry.xml?.lang)
  };
}
function alternateLink(links) {
  const candidates = (links ?? []).filter((l) => l.href && (!l.rel || l.rel === "alternate"));
  return (candidates.find((l) => !l.type || /html/i.test(l.type)) ?? candidates[0])?.href ?? null;
}
function isHtmlType(type) {
  return !!type && /html/i.test(type);
}
function textOf(text) {
  if (typeof text === "string") return { value: firstNonEmpty(text), isHtml: false };
  return { value: firstNonEmpty(text?.value), isHtml: isHtmlType(text?.type) };
}
function htmlOf(text) {
  const { value, isHtml } = textOf(text);
  if (!value) return null;
  return isHtml ? value : textToHtml(value);
}

// server/feeds/parse/from-json.ts
function fromJson(feed, url) {
  const feedAuthor = feed.authors?.[0]?.name;
  return {
    title: feed.title ?? null,
    titleIsHtml: false,
    siteUrl: firstNonEmpty(feed.home_page_url),
    description: firstNonEmpty(feed.description),
    iconUrl: firstNonEmpty(feed.favicon, feed.icon),
    language: firstNonEmpty(feed.language),
    ttlMinutes: null,
    base: url,
    entries: (feed.items ?? []).map((item) => fromJsonItem(item, url, feedAuthor))
  };
}
function fromJsonItem(item, base, feedAuthor) {
  const text = firstNonEmpty(item.content_text);
  return {
    id: firstNonEmpty(item.id === void 0 ? void 0 : String(item.id)),
    link: firstNonEmpty(item.url, item.external_url),
    base,
    title: firstNonEmpty(item.title),
    titleIsHtml: false,
    author: firstNonEmpty(item.authors?.[0]?.name, feedAuthor),
    content: firstNonEmpty(item.content_html, text ? textToHtml(text) : null),
    summary: firstNonEmpty(item.summary),
    published: firstNonEmpty(item.date_published, item.date_modified),
    updated: firstNonEmpty(item.date_modified),
    enclosures: (item.attachments ?? []).flatMap(
      (a) => a.url ? [{ url: a.url, type: a.mime_type ?? null, length: positiveNumber(a.size_in_bytes) }] : []
    ),
    categories: item.tags ?? [],
    language: firstNonEmpty(item.language)
  };
}

// server/feeds/parse/from-rss.ts
function fromRss(feed, url) {
  const base = resolveUrl(feed.xml?.base, url) ?? url;
  return {
    title: feed.title ?? null,
    titleIsHtml: true,
    siteUrl: firstNonEmpty(feed.link),
    description: firstNonEmpty(feed.description, feed.itunes?.summary, feed.itunes?.subtitle),
    iconUrl: firstNonEmpty(feed.image?.url, feed.itunes?.image),
    language: firstNonEmpty(feed.language, feed.dc?.languages?.[0]),
    ttlMinutes: positiveNumber(feed.ttl),
    base,
    entries: (feed.items ?? []).map((item) => fromRssItem(item, base))
  };
}
function fromRssItem(item, feedBase) {
  const base = resolveUrl(item.xml?.base, feedBase) ?? feedBase;
  const guid = firstNonEmpty(item.guid?.value);
  const guidLink = guid && item.guid?.isPermaLink !== false && /^https?:\/\//i.test(guid) ? guid : null;
  const description = firstNonEmpty(item.description);
  const encoded = firstNonEmpty(item.content?.encoded);
  return {
    id: guid,
    link: firstNonEmpty(item.link, guidLink, item.atom?.links?.find((l) => !l.rel || l.rel === "alternate")?.href),
    base,
    title: firstNonEmpty(item.title, item.itunes?.title),
    titleIsHtml: true,
    author: firstNonEmpty(
      item.authors?.[0]?.name,
      item.authors?.[0]?.email,
      item.dc?.creators?.[0],
      item.itunes?.author,
      item.atom?.authors?.[0]?.name
    ),
    content: firstNonEmpty(encoded, description, item.itunes?.summary, mediaContentHtml(item.media)),
    summary: encoded ? description : null,
    published: firstNonEmpty(item.pubDate, item.dc?.dates?.[0], item.atom?.published, item.atom?.updated),
    updated: firstNonEmpty(item.atom?.updated, item.dcterms?.modified?.[0]),
    enclosures: (item.enclosures ?? []).flatMap(
      (e) => e.url ? [{ url: e.url, type: e.type ?? null, length: positiveNumber(e.length) }] : []
    ),
    categories: [...(item.categories ?? []).map((c) => c.name ?? ""), ...item.dc?.subjects ?? []],
    language: firstNonEmpty(item.dc?.languages?.[0], item.xml?.lang)
  };
}
function fromRdf(feed, url) {
  return {
    title: feed.title ?? null,
    titleIsHtml: true,
    siteUrl: firstNonEmpty(feed.link),
    description: firstNonEmpty(feed.description),
    iconUrl: firstNonEmpty(feed.image?.url),
    language: firstNonEmpty(feed.dc?.languages?.[0]),
    ttlMinutes: null,
    base: url,
    entries: (feed.items ?? []).map((item) => fromRdfItem(item, url))
  };
}
function fromRdfItem(item, base) {
  const description = firstNonEmpty(item.description);
  const encoded = firstNonEmpty(item.content?.encoded);
  return {
    id: firstNonEmpty(item.rdf?.about),
    link: firstNonEmpty(item.link, item.rdf?.about),
    base,
    title: firstNonEmpty(item.title),
    titleIsHtml: true,
    author: firstNonEmpty(item.dc?.creators?.[0]),
    content: firstNonEmpty(encoded, description),
    summary: encoded ? description : null,
    published: firstNonEmpty(item.dc?.dates?.[0]),
    updated: firstNonEmpty(item.dcterms?.modified?.[0]),
    enclosures: [],
    categories: item.dc?.subjects ?? [],
    language: firstNonEmpty(item.dc?.languages?.[0])
  };
}

// server/feeds/parse/normalize.ts
import { createHash } from "node:crypto";

// server/feeds/sanitize/plain-text.ts
import { Parser } from "htmlparser2";
var HIDDEN = /* @__PURE__ */ new Set(["script", "style", "noscript", "template", "head", "title", "iframe", "object", "svg", "math"]);
var BREAKS = /* @__PURE__ */ new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "br",
  "dd",
  "div",
  "dl",
  "dt",
  "figcaption",
  "figure",
  "footer",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hr",
  "li",
  "main",
  "nav",
  "ol",
  "p",
  "pre",
  "section",
  "table",
  "td",
  "th",
  "tr",
  "ul"
]);
function toPlainText(html) {
  if (!/[<&]/.test(html)) return html.replace(/\s+/g, " ").trim();
  const parts = [];
  let hiddenDepth = 0;
  const parser = new Parser(
    {
      onopentagname(name) {
        if (HIDDEN.has(name)) hiddenDepth += 1;
        if (BREAKS.has(name)) parts.push(" ");
      },
      onclosetag(name, isImplied) {
        if (HIDDEN.has(name) && hiddenDepth > 0 && !isImplied) hiddenDepth -= 1;
        if (BREAKS.has(name)) parts.push(" ");
      },
      ontext(text) {
        if (hiddenDepth === 0) parts.push(text);
      }
    },
    { decodeEntities: true }
  );
  parser.end(html);
  return parts.join("").replace(/\s+/g, " ").trim();
}

// src/lib/shared/safe-link.ts
var WEB_SCHEMES = /* @__PURE__ */ new Set(["http:", "https:"]);
function safeLink(href) {
  if (!href) return null;
  try {
    const url = new URL(href.trim());
    return WEB_SCHEMES.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

// server/feeds/parse/text-direction.ts
var RTL_LANGUAGES = /* @__PURE__ */ new Set([
  "ar",
  "arc",
  "ckb",
  "dv",
  "fa",
  "ha-arab",
  "he",
  "iw",
  "khw",
  "ks",
  "ku-arab",
  "lrc",
  "mzn",
  "nqo",
  "pnb",
  "ps",
  "sd",
  "syr",
  "ug",
  "ur",
  "yi",
  "ji"
]);
var RTL_LETTER = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}]/gu;
var LETTER = new RegExp("\\p{L}", "gu");
var HAS_RTL_LETTER = new RegExp(RTL_LETTER.source, "u");
function isRtlLanguage(language) {
  if (!language) return false;
  const tag = language.toLowerCase().replace(/_/g, "-");
  if (/-(arab|hebr|syrc|thaa|nkoo)\b/.test(tag)) return true;
  return RTL_LANGUAGES.has(tag.split("-")[0]);
}
function detectDirection(text) {
  const sample = text.slice(0, 2e3);
  if (!HAS_RTL_LETTER.test(sample)) return "ltr";
  const rtl = sample.match(RTL_LETTER)?.length ?? 0;
  const letters = sample.match(LETTER)?.length ?? 0;
  return rtl > letters - rtl ? "rtl" : "ltr";
}
function mayHoldRtlLetter(html) {
  return HAS_RTL_LETTER.test(html) || html.includes("&#");
}
function textDirection(language, text) {
  if (language) return isRtlLanguage(language) ? "rtl" : "ltr";
  return detectDirection(text());
}

// server/feeds/parse/normalize.ts
var DAY_MS = 24 * 60 * 60 * 1e3;
function normalizeFeed(raw, feedUrl, now) {
  const siteUrl = safeLink(resolveUrl(raw.siteUrl, raw.base));
  const title = titleText(raw.title, raw.titleIsHtml);
  return {
    title: title || new URL(siteUrl ?? feedUrl).hostname || feedUrl,
    siteUrl,
    description: raw.description ? toPlainText(raw.description) || null : null,
    iconUrl: resolveUrl(raw.iconUrl, raw.base),
    language: raw.language?.trim() || null,
    ttlMinutes: raw.ttlMinutes,
    entries: raw.entries.map((entry) => normalizeEntry(entry, raw.language?.trim() || null, now))
  };
}
function normalizeEntry(raw, feedLanguage, now) {
  const url = safeLink(resolveUrl(raw.link, raw.base));
  const title = titleText(raw.title, raw.titleIsHtml);
  const language = raw.language?.trim() || feedLanguage;
  const publishedAt = parseDate(raw.published, now) ?? parseDate(raw.updated, now) ?? now;
  return {
    guid: raw.id?.trim() || url || contentHash(raw),
    url,
    title,
    author: raw.author ? toPlainText(raw.author) || null : null,
    content: raw.content,
    summary: raw.summary,
    publishedAt,
    updatedAt: parseDate(raw.updated, now),
    enclosures: raw.enclosures.flatMap((e) => {
      const resolved = resolveUrl(e.url, raw.base);
      return resolved ? [{ ...e, url: resolved }] : [];
    }),
    categories: [...new Set(raw.categories.map((c) => toPlainText(c)).filter(Boolean))],
    language,
    dir: entryDirection(language, title, (raw.content ?? raw.summary ?? "").slice(0, 4e3))
  };
}
function entryDirection(language, title, html) {
  return textDirection(language, () => mayHoldRtlLetter(title + html) ? `${title} ${toPlainText(html)}` : "");
}
function titleText(title, isHtml) {
  if (!title) return "";
  return isHtml ? toPlainText(title) : title.replace(/\s+/g, " ").trim();
}
function contentHash(raw) {
  const hash = createHash("sha256");
  for (const part of [raw.title, raw.published ?? raw.updated, raw.content ?? raw.summary])
    hash.update(`${part ?? ""}\0`);
  return `sha256:${hash.digest("hex")}`;
}
function parseDate(value, now) {
  if (!value) return null;
  const parsed = Date.parse(value.trim());
  if (!Number.isFinite(parsed) || parsed <= DAY_MS) return null;
  return parsed > now + DAY_MS ? now : parsed;
}

// server/feeds/parse/not-a-feed-error.ts
var NotAFeedError = class extends Error {
  constructor(reason) {
    super(`this is not a feed: ${reason}`);
    this.name = "NotAFeedError";
  }
};

// server/feeds/parse/parse-feed.ts
function parseFeed(body, options) {
  return parseFeedWithKind(body, options).feed;
}
function parseFeedWithKind(body, options) {
  const { text } = decodeBody(body, options.contentType);
  const cleaned = stripDoctype(removeInvalidXmlChars(text)).trim();
  if (!cleaned) throw new NotAFeedError("the document is empty");
  const { kind, raw } = toRawFeed(cleaned, options.url);
  return { kind, feed: normalizeFeed(raw, options.url, options.now) };
}
function toRawFeed(text, url) {
  let parsed;
  try {
    parsed = parseWithFeedsmith(text);
  } catch {
    throw new NotAFeedError(describe(text));
  }
  switch (parsed.format) {
    case "rss":
      return { kind: "rss", raw: fromRss(parsed.feed, url) };
    case "rdf":
      return { kind: "rss", raw: fromRdf(parsed.feed, url) };
    case "atom":
      return { kind: "atom", raw: fromAtom(parsed.feed, url) };
    case "json":
      return { kind: "json", raw: fromJson(parsed.feed, url) };
  }
}
function describe(text) {
  const start = text.slice(0, 1e3);
  if (/^(<!--[\s\S]*?-->\s*)*<!doctype html|<html[\s>]/i.test(start)) {
    return "it is an HTML page (look for the feed link on it)";
  }
  if (/^[[{]/.test(start)) return "it is JSON, but not a JSON Feed";
  const root = /<([A-Za-z_][\w:.-]*)/.exec(start.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, ""))?.[1];
  if (root) return `the document's root element <${root}> is not rss, feed or rdf:RDF`;
  return "it is neither XML nor JSON";
}

// server/feeds/sanitize/sanitize-html.ts
import sanitizeHtml2 from "sanitize-html";

// server/feeds/sanitize/absolute-urls.ts
function absoluteUrl(value, base) {
  if (value === void 0) return void 0;
  const trimmed = value.trim();
  if (!trimmed) return void 0;
  try {
    return new URL(trimmed, base).href;
  } catch {
    return trimmed;
  }
}
function absoluteSrcset(value, base) {
  return mapSrcset(value, (url) => absoluteUrl(url, base));
}
function mapSrcset(value, map) {
  if (!value) return void 0;
  const candidates = value.split(/,\s+/).map((candidate) => candidate.trim()).filter(Boolean).map((candidate) => {
    const [url, ...descriptors] = candidate.split(/\s+/);
    return [map(url), ...descriptors].join(" ");
  });
  return candidates.join(", ") || void 0;
}

// server/feeds/sanitize/media-urls.ts
import sanitizeHtml from "sanitize-html";

// server/media/media-signing.ts
import { createHmac, timingSafeEqual } from "node:crypto";
var MEDIA_PATH = "/api/media/";
var SIGNATURE_BYTES = 16;
function signature(key, url) {
  return createHmac("sha256", key).update(url).digest().subarray(0, SIGNATURE_BYTES);
}
function signMediaUrl(key, url) {
  return `${MEDIA_PATH}${signature(key, url).toString("base64url")}/${Buffer.from(url).toString("base64url")}`;
}

// server/feeds/sanitize/media-urls.ts
var IMAGE_ATTRIBUTES = {
  img: ["src", "srcset"],
  source: ["srcset"],
  video: ["poster"]
};
function proxyImages(transforms2, key) {
  return key ? withImageUrls(transforms2, signer(key)) : transforms2;
}
function signer(key) {
  return (url) => /^https?:\/\//i.test(url) ? signMediaUrl(key, url) : url;
}
function withImageUrls(transforms2, map) {
  const mapped = { ...transforms2 };
  for (const [tag, names] of Object.entries(IMAGE_ATTRIBUTES)) {
    const inner = transforms2[tag];
    mapped[tag] = (tagName, attribs) => {
      const result = inner ? inner(tagName, attribs) : { tagName, attribs };
      const changed = { ...result.attribs };
      for (const name of names) {
        const value = changed[name];
        if (value) changed[name] = name === "srcset" ? mapSrcset(value, map) ?? "" : map(value);
      }
      return { ...result, attribs: changed };
    };
  }
  return mapped;
}

// server/feeds/sanitize/sanitize-html.ts
var EMBED_HOSTS = {
  "www.youtube.com": "/embed/",
  "youtube.com": "/embed/",
  "www.youtube-nocookie.com": "/embed/",
  "youtube-nocookie.com": "/embed/",
  "player.vimeo.com": "/video/"
};
var SAFE_DATA_IMAGE = /^data:image\/(png|jpe?g|gif|webp|avif|bmp|x-icon|vnd\.microsoft\.icon)[;,]/i;
var IFRAME_SANDBOX = "allow-scripts allow-same-origin allow-presentation";
function isAllowedEmbed(src) {
  if (!src) return false;
  try {
    const url = new URL(src);
    const path = EMBED_HOSTS[url.hostname];
    return url.protocol === "https:" && path !== void 0 && url.pathname.startsWith(path);
  } catch {
    return false;
  }
}
function isTrackingPixel(attribs) {
  const size = (v) => v === void 0 || v.trim() === "" ? null : Number.parseFloat(v);
  const width = size(attribs.width);
  const height = size(attribs.height);
  const tiny = (n) => n !== null && n <= 1;
  return tiny(width) && (height === null || tiny(height)) || tiny(height) && width === null;
}
function transforms(base) {
  const withUrls = (extra = {}) => (tagName, attribs) => ({
    tagName,
    attribs: dropUndefined({
      ...attribs,
      src: absoluteUrl(attribs.src, base),
      srcset: absoluteSrcset(attribs.srcset, base),
      poster: absoluteUrl(attribs.poster, base),
      cite: absoluteUrl(attribs.cite, base),
      ...extra
    })
  });
  return {
    a: (tagName, attribs) => ({
      tagName,
      attribs: dropUndefined({
        ...attribs,
        href: absoluteUrl(attribs.href, base),
        rel: "noopener noreferrer",
        target: "_blank"
      })
    }),
    img: (tagName, attribs) => {
      const src = absoluteUrl(attribs.src, base);
      const safeSrc = src && /^data:/i.test(src) && !SAFE_DATA_IMAGE.test(src) ? void 0 : src;
      return withUrls({ loading: "lazy" })(tagName, { ...attribs, src: safeSrc ?? "" });
    },
    source: withUrls(),
    track: withUrls(),
    audio: withUrls({ controls: "" }),
    video: withUrls({ controls: "" }),
    iframe: withUrls({ sandbox: IFRAME_SANDBOX, loading: "lazy", allowfullscreen: "" }),
    blockquote: withUrls(),
    q: withUrls(),
    del: withUrls(),
    ins: withUrls()
  };
}
function dropUndefined(attribs) {
  return Object.fromEntries(Object.entries(attribs).filter((e) => e[1] !== void 0));
}
var BASE_OPTIONS = {
  allowedTags: [
    "p",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "code",
    "kbd",
    "samp",
    "var",
    "em",
    "strong",
    "b",
    "i",
    "u",
    "s",
    "strike",
    "del",
    "ins",
    "mark",
    "small",
    "sub",
    "sup",
    "abbr",
    "cite",
    "q",
    "dfn",
    "time",
    "span",
    "div",
    "section",
    "article",
    "aside",
    "header",
    "footer",
    "details",
    "summary",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "a",
    "img",
    "picture",
    "source",
    "figure",
    "figcaption",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "colgroup",
    "col",
    "audio",
    "video",
    "track",
    "iframe",
    "ruby",
    "rt",
    "rp",
    "bdi",
    "bdo",
    "wbr",
    "address"
  ],
  allowedAttributes: {
    "*": ["dir", "lang", "title"],
    a: ["href", "rel", "target", "hreflang"],
    img: ["src", "srcset", "sizes", "alt", "width", "height", "loading"],
    source: ["src", "srcset", "sizes", "type", "media"],
    audio: ["src", "controls", "preload", "loop", "muted"],
    video: ["src", "controls", "poster", "preload", "loop", "muted", "width", "height", "playsinline"],
    track: ["src", "kind", "srclang", "label", "default"],
    iframe: ["src", "width", "height", "sandbox", "loading", "allowfullscreen"],
    blockquote: ["cite"],
    q: ["cite"],
    del: ["cite", "datetime"],
    ins: ["cite", "datetime"],
    time: ["datetime"],
    td: ["colspan", "rowspan", "headers"],
    th: ["colspan", "rowspan", "headers", "scope"],
    col: ["span"],
    colgroup: ["span"],
    ol: ["start", "reversed", "type"],
    li: ["value"]
  },
  selfClosing: ["img", "br", "hr", "wbr", "source", "track", "col"],
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: { img: ["http", "https", "data"] },
  allowedSchemesAppliedToAttributes: ["href", "src", "cite", "poster"],
  allowProtocolRelative: false,
  allowedIframeHostnames: Object.keys(EMBED_HOSTS),
  allowIframeRelativeUrls: false,
  // Elements whose content must go with them, not be kept as text.
  nonTextTags: [
    "script",
    "style",
    "textarea",
    "option",
    "select",
    "noscript",
    "title",
    "template",
    "svg",
    "math",
    "head"
  ],
  exclusiveFilter: (frame) => frame.tag === "img" && (!frame.attribs.src || isTrackingPixel(frame.attribs)) || frame.tag === "iframe" && !isAllowedEmbed(frame.attribs.src) || (frame.tag === "source" || frame.tag === "track") && !frame.attribs.src && !frame.attribs.srcset
};
function sanitizeEntryHtml(html, baseUrl, mediaKey) {
  return sanitizeHtml2(html, { ...BASE_OPTIONS, transformTags: proxyImages(transforms(baseUrl), mediaKey) }).trim();
}

// server/feeds/refresh/prepare-entries.ts
var SUMMARY_MAX_LENGTH = 400;
function parseAndPrepareNow(body, options) {
  const { entries, ...feed } = parseFeed(Buffer.from(body.buffer, body.byteOffset, body.byteLength), options);
  return { ...feed, entries: uniqueByGuid(entries).map((entry) => prepareEntry(entry, options.url, options.mediaKey)) };
}
function uniqueByGuid(entries) {
  const seen = /* @__PURE__ */ new Set();
  return entries.filter((entry) => {
    if (seen.has(entry.guid)) return false;
    seen.add(entry.guid);
    return true;
  });
}
function prepareEntry(entry, feedUrl, mediaKey) {
  const base = entry.url ?? feedUrl;
  const content = entry.content ? sanitizeEntryHtml(entry.content, base, mediaKey) : null;
  const summaryText = toPlainText(entry.summary ?? entry.content ?? "").slice(0, SUMMARY_MAX_LENGTH).trim();
  const summary = summaryText || null;
  const stored = {
    guid: entry.guid,
    url: entry.url,
    title: entry.title,
    author: entry.author,
    summary,
    content,
    publishedAt: entry.publishedAt,
    updatedAt: entry.updatedAt,
    enclosures: JSON.stringify(entry.enclosures),
    categories: JSON.stringify(entry.categories),
    language: entry.language,
    dir: entry.dir
  };
  const { publishedAt: _publishedAt, ...hashed } = stored;
  const contentHash2 = createHash2("sha256").update(JSON.stringify(hashed)).digest("base64url");
  return { ...stored, contentHash: contentHash2, plainText: toPlainText(content ?? "") || (summary ?? "") };
}

// server/feeds/refresh/parse-worker.ts
parentPort.on("message", (job) => {
  let reply;
  try {
    reply = { id: job.id, ok: true, feed: parseAndPrepareNow(job.body, job.options) };
  } catch (err) {
    reply = { id: job.id, ok: false, message: err.message };
  }
  parentPort.postMessage(reply);
});
//# sourceMappingURL=parse-worker.js.map
