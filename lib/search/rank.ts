// Ranking of metrics and dashboards for a typed query. Pure.
//
// Tiers, best first: the whole query equals a name, key, synonym or tag; the
// whole query starts one; then every word of the query matches a word of the
// item (exactly, as a prefix, or within one or two typos), weighted by where.
// Scores of a tier never reach the tier above it.
import type { SearchItem } from "./search-item-schema";

export type SearchField = "name" | "key" | "synonym" | "tag" | "description" | "owner";
export type MatchHow = "exact" | "prefix" | "word" | "fuzzy";

export interface SearchMatch {
  field: SearchField;
  /** The name, synonym, tag ... as written, that matched. */
  text: string;
  how: MatchHow;
}

export interface SearchResult {
  item: SearchItem;
  score: number;
  /** Why the item matched; null when the query was empty. */
  match: SearchMatch | null;
}

const PHRASE: Partial<Record<SearchField, { exact: number; prefix: number }>> = {
  name: { exact: 1000, prefix: 700 },
  key: { exact: 950, prefix: 650 },
  synonym: { exact: 900, prefix: 600 },
  tag: { exact: 800, prefix: 550 },
};

const WORD: Record<SearchField, { exact: number; prefix: number; fuzzy: number }> = {
  name: { exact: 100, prefix: 80, fuzzy: 35 },
  synonym: { exact: 90, prefix: 70, fuzzy: 30 },
  tag: { exact: 85, prefix: 65, fuzzy: 30 },
  key: { exact: 75, prefix: 60, fuzzy: 0 },
  description: { exact: 45, prefix: 30, fuzzy: 15 },
  owner: { exact: 35, prefix: 25, fuzzy: 0 },
};

/** Word matches score at most this, times the best word weight (100), plus the name bonus: below every phrase tier. */
const WORD_TIER_SCALE = 4;
/** Added in proportion to the share of the name's words the query matched: "revnue" is Revenue before Average revenue per user. */
const NAME_COVERAGE_BONUS = 40;

/** Lower case, accents and punctuation dropped, runs of space collapsed: "Conversion_rate!" -> "conversion rate". */
export function normalizeSearchText(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/**
 * Edit distance with adjacent transpositions (optimal string alignment), or
 * `max + 1` as soon as it must exceed `max`.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (prev2[j - 2] ?? 0) + 1);
      row.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length] ?? max + 1;
}

/** Typos tolerated in a query word: none below 4 letters, one up to 7, then two. */
const typoBudget = (word: string) => (word.length < 4 ? 0 : word.length <= 7 ? 1 : 2);

interface Phrase {
  field: SearchField;
  text: string;
  normalized: string;
  words: string[];
}

function phrasesOf(item: SearchItem): Phrase[] {
  const raw: [SearchField, string][] = [
    ["name", item.title],
    ["key", item.id],
    ...item.synonyms.map((s): [SearchField, string] => ["synonym", s]),
    ...item.tags.map((t): [SearchField, string] => ["tag", t]),
    ["description", item.description],
    ...(item.owner ? [["owner", item.owner] as [SearchField, string]] : []),
  ];
  return raw.map(([field, text]) => {
    const normalized = normalizeSearchText(text);
    return { field, text, normalized, words: normalized.split(" ").filter(Boolean) };
  });
}

function phraseMatch(phrases: readonly Phrase[], query: string): { score: number; match: SearchMatch } | null {
  let best: { score: number; match: SearchMatch } | null = null;
  for (const p of phrases) {
    const weights = PHRASE[p.field];
    if (!weights || !p.normalized) continue;
    const how = p.normalized === query ? "exact" : p.normalized.startsWith(query) ? "prefix" : null;
    if (!how) continue;
    const score = weights[how];
    if (!best || score > best.score) best = { score, match: { field: p.field, text: p.text, how } };
  }
  return best;
}

/** The best match of one query word, and the item's word it matched. */
function wordMatch(phrases: readonly Phrase[], token: string): { score: number; match: SearchMatch; word: string } | null {
  const budget = typoBudget(token);
  let best: { score: number; match: SearchMatch; word: string } | null = null;
  const consider = (score: number, p: Phrase, how: MatchHow, word: string) => {
    if (score > 0 && (!best || score > best.score)) best = { score, match: { field: p.field, text: p.text, how }, word };
  };
  for (const p of phrases) {
    const weights = WORD[p.field];
    for (const word of p.words) {
      if (word === token) consider(weights.exact, p, "word", word);
      else if (word.startsWith(token)) consider(weights.prefix, p, "word", word);
      else if (budget > 0 && weights.fuzzy > 0) {
        // A typo in a whole word, or in the part of a longer word typed so far.
        const typos = Math.min(editDistance(token, word, budget), editDistance(token, word.slice(0, token.length), budget));
        if (typos <= budget) consider(weights.fuzzy, p, "fuzzy", word);
      }
    }
  }
  return best;
}

/** How well `item` matches the normalized, non-empty `query`, or null when it does not. */
function scoreItem(item: SearchItem, query: string): { score: number; match: SearchMatch } | null {
  const phrases = phrasesOf(item);
  const phrase = phraseMatch(phrases, query);
  if (phrase) return phrase;
  const tokens = query.split(" ");
  const matches: { score: number; match: SearchMatch; word: string }[] = [];
  for (const token of tokens) {
    const m = wordMatch(phrases, token);
    if (!m) return null;
    matches.push(m);
  }
  const mean = matches.reduce((sum, m) => sum + m.score, 0) / matches.length;
  const nameWords = phrases.find((p) => p.field === "name")?.words ?? [];
  const coveredName = new Set(matches.filter((m) => m.match.field === "name").map((m) => m.word));
  const coverage = nameWords.length ? nameWords.filter((w) => coveredName.has(w)).length / nameWords.length : 0;
  // The reason shown is the strongest match outside the name, since the name is already on screen.
  const reason = [...matches].sort((a, b) => b.score - a.score).find((m) => m.match.field !== "name") ?? matches[0];
  return reason ? { score: mean * WORD_TIER_SCALE + coverage * NAME_COVERAGE_BONUS, match: reason.match } : null;
}

/**
 * The items matching `query`, best first; ties keep featured items first, then
 * the order given. An empty query lists every item, featured first.
 */
export function searchItems(items: readonly SearchItem[], query: string, limit = Number.POSITIVE_INFINITY): SearchResult[] {
  const q = normalizeSearchText(query);
  const scored: (SearchResult & { order: number })[] = [];
  items.forEach((item, order) => {
    if (!q) {
      scored.push({ item, score: 0, match: null, order });
      return;
    }
    const s = scoreItem(item, q);
    if (s) scored.push({ item, score: s.score, match: s.match, order });
  });
  scored.sort((a, b) => b.score - a.score || Number(b.item.featured) - Number(a.item.featured) || a.order - b.order);
  return scored.slice(0, limit).map(({ item, score, match }) => ({ item, score, match }));
}

const FIELD_LABELS: Record<Exclude<SearchField, "name" | "description">, string> = {
  key: "key",
  synonym: "synonym",
  tag: "tag",
  owner: "owner",
};

/** Why a result matched, in words, or null when its name says it: "also called “gmv”", "tag “finance”". */
export function describeMatch(match: SearchMatch | null): string | null {
  if (!match || match.field === "name") return null;
  if (match.field === "description") return match.how === "fuzzy" ? "close match in description" : "in description";
  if (match.how === "fuzzy") return `close to ${FIELD_LABELS[match.field]} “${match.text}”`;
  return match.field === "synonym" ? `also called “${match.text}”` : `${FIELD_LABELS[match.field]} “${match.text}”`;
}
